import {defineRule} from '../src/engine/rule.js';
import {matchTables} from '../src/engine/match.js';
import {EMPTY_CELL_VALUES, excerpt} from '../src/lib/text.js';

interface Options {
  /** Cell texts that count as empty besides the empty string. */
  emptyValues: string[];
}

export default defineRule<Options>({
  meta: {
    id: 'table-filled',
    recommended: 'error',
    description: 'Every row of a declared table has a value in each required column.',
    messages: {
      emptyCell: 'Empty {{column}} cell in row "{{row}}" of the {{table}}',
      emptyCellNumbered: 'Empty {{column}} cell in row {{number}} of the {{table}}',
    },
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
        for (const column of t.columns) {
          if (column.index < 0 || column.spec.filled === false) continue;
          const cell = row[column.index];
          if (cell && !empty.has(cell.text.trim().toLowerCase())) continue;
          report({
            ...(row[0]?.text
              ? {messageId: 'emptyCell', data: {column: column.spec.name, row: excerpt(row[0].text), table: t.label}}
              : {messageId: 'emptyCellNumbered', data: {column: column.spec.name, number: r + 1, table: t.label}}),
            at: cell?.position ?? t.table!.rowPositions[r],
            hint: `Fill in the ${column.spec.name} for this row (write "None" or "N/A" with a reason if it truly does not apply)`,
          });
        }
      });
    }
  },
});
