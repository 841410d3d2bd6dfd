import {defineRule} from '../src/engine/rule.js';
import {matchTables} from '../src/engine/match.js';
import {columnName} from '../src/profiles/types.js';
import {excerpt, quote} from '../src/lib/text.js';
import {tableColumnsInsertion} from '../src/engine/edits.js';

export default defineRule<Record<string, never>>({
  meta: {
    id: 'required-table',
    recommended: 'error',
    description: 'Each table the profile declares is present in its section, with every required column and enough rows.',
    messages: {
      noTable: 'Section "{{section}}" has no {{table}} (columns: {{columns}})',
      missingColumn: 'The {{table}} is missing column {{names}}',
      missingColumns: 'The {{table}} is missing columns {{names}}',
      fewRows: 'The {{table}} has {{rows}}; at least {{min}} expected',
    },
    schema: {type: 'object', additionalProperties: false, properties: {}},
    defaultOptions: {},
    fixable: true,
  },
  check({model, profile, file, report}) {
    for (const t of matchTables(model, profile)) {
      const section = t.owner.section;
      if (!section) continue; // The missing section is reported by required-sections.
      const header = t.spec.columns.map((c) => columnName(c).name);
      if (!t.table) {
        if (t.spec.required === false) continue;
        report({
          messageId: 'noTable',
          data: {section: excerpt(section.title), table: t.label, columns: header.join(', ')},
          at: section,
          hint: `Add a table under ${quote(section.title)} whose header row is: | ${header.join(' | ')} |`,
        });
        continue;
      }
      const missing = t.columns.filter((c) => c.index < 0);
      if (missing.length) {
        const names = missing.map((c) => quote(c.spec.name)).join(', ');
        report({
          messageId: missing.length > 1 ? 'missingColumns' : 'missingColumn',
          data: {table: t.label, names},
          at: t.table.node.children[0] ?? t.table.position,
          hint: `Add the column${missing.length > 1 ? 's' : ''} to the header row; the template's columns are: ${header.join(', ')}`,
          // --fix appends the columns: a header cell, a delimiter cell and an empty cell in every row.
          fix: tableColumnsInsertion(String(file.value), t.table, missing.map((c) => c.spec.name)),
        });
      }
      const minRows = t.spec.minRows ?? 1;
      if (t.table.rows.length < minRows) {
        report({
          messageId: 'fewRows',
          data: {table: t.label, rows: `${t.table.rows.length} row${t.table.rows.length === 1 ? '' : 's'}`, min: minRows},
          at: t.table.position,
          hint: `Add a row per ${t.label.replace(/ table$/, '')} entry`,
        });
      }
    }
  },
});
