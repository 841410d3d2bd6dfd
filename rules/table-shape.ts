import {defineRule} from '../src/engine/rule.js';
import {rowPadding} from '../src/engine/edits.js';

export default defineRule<Record<string, never>>({
  meta: {
    id: 'table-shape',
    recommended: 'error',
    description: 'Every table row has as many cells as its header row.',
    messages: {
      cellCount: 'Table row has {{cells}} but its header has {{want}}',
    },
    schema: {type: 'object', additionalProperties: false, properties: {}},
    defaultOptions: {},
    fixable: true,
  },
  check({model, file, report}) {
    for (const table of model.tables) {
      const want = table.header.length;
      table.rows.forEach((row, i) => {
        if (row.length === want) return;
        const line = table.rowPositions[i]!.start.line;
        report({
          messageId: 'cellCount',
          data: {cells: `${row.length} cell${row.length === 1 ? '' : 's'}`, want},
          at: table.rowPositions[i],
          hint:
            row.length < want
              ? `Add ${want - row.length} empty cell${want - row.length === 1 ? '' : 's'} to the row on line ${line}`
              : `Remove the extra cells on line ${line}, or escape a literal pipe as \\|`,
          // --fix pads a short row with empty cells; a long row is left for the author (fixes never delete text).
          fix: row.length < want ? rowPadding(String(file.value), table.rowPositions[i]!, want - row.length) : undefined,
        });
      });
    }
  },
});
