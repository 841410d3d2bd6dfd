import {defineRule} from '../src/engine/rule.js';
import {matchTables} from '../src/engine/match.js';
import {EMPTY_CELL_VALUES, quote} from '../src/lib/text.js';

interface Options {
  /** Cell texts that count as empty besides the empty string. */
  emptyValues: string[];
}

export default defineRule<Options>({
  meta: {
    id: 'table-filled',
    recommended: 'error',
    description: 'Every row of a declared table has a value in each required column.',
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {emptyValues: {type: 'array', items: {type: 'string'}}},
    },
    defaultOptions: {emptyValues: EMPTY_CELL_VALUES},
  },
  check({model, profile, options, report}) {
    const empty = new Set(options.emptyValues.map((v) => v.trim().toLowerCase()));
    for (const t of matchTables(model, profile)) {
      if (!t.table) continue;
      t.table.rows.forEach((row, r) => {
        const rowName = row[0]?.text ? `${quote(row[0].text)}` : `${r + 1}`;
        for (const column of t.columns) {
          if (column.index < 0 || column.spec.filled === false) continue;
          const cell = row[column.index];
          if (cell && !empty.has(cell.text.trim().toLowerCase())) continue;
          report({
            message: `Empty ${column.spec.name} cell in row ${rowName} of the ${t.label}`,
            at: cell?.position ?? t.table!.rowPositions[r],
            hint: `Fill in the ${column.spec.name} for this row (write "None" or "N/A" with a reason if it truly does not apply)`,
          });
        }
      });
    }
  },
});
