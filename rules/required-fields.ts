import {defineRule} from '../src/engine/rule.js';
import {columnMatches, fieldTable, findField, matchProfile} from '../src/engine/match.js';
import type {Field, Section} from '../src/engine/model.js';
import {columnName, presenceOf, type ColumnSpec} from '../src/profiles/types.js';
import {EMPTY_CELL_VALUES, excerpt, quote} from '../src/lib/text.js';
import {fieldInsertion, tableColumnsInsertion} from '../src/engine/edits.js';

export default defineRule<Record<string, never>>({
  meta: {
    id: 'required-fields',
    description:
      'Every **Field:** label the profile requires is present and non-empty, on a section or on each of its subsections (each failure scenario: Trigger, Detection, Impact, Recovery, Manual Intervention).',
    messages: {
      fieldMissing: '{{Owner}} "{{name}}" is missing the **{{field}}:** field',
      fieldEmpty: 'Field **{{field}}:** of {{owner}} "{{name}}" is empty',
      columnMissing: 'The {{label}} table in "{{section}}" is missing the "{{column}}" column',
      cellEmpty: '{{Label}} "{{entry}}" has an empty {{field}}',
      fewRows: '"{{section}}" lists {{count}} {{label}}s; at least {{min}} expected',
      fewSubsections: '"{{section}}" has {{count}} {{labels}}; at least {{min}} expected',
    },
    schema: {type: 'object', additionalProperties: false, properties: {}},
    defaultOptions: {},
    fixable: true,
  },
  check({model, profile, file, report}) {
    const source = String(file.value);
    const checkFields = (owner: Section, fields: Field[], specs: ColumnSpec[], Owner: string) => {
      const names = {Owner, owner: Owner.charAt(0).toLowerCase() + Owner.slice(1), name: excerpt(owner.title)};
      const found = specs.map((spec) => findField(fields, spec));
      for (const [index, spec] of specs.entries()) {
        const field = found[index];
        if (!field) {
          report({
            messageId: 'fieldMissing',
            data: {Owner: names.Owner, name: names.name, field: spec.name},
            at: owner,
            hint: `Add "- **${spec.name}:** ..." under ${quote(owner.title)}`,
            // --fix adds the label with no value, beside its neighbours in the profile's order.
            fix: fieldInsertion(
              source,
              owner,
              {previous: found.slice(0, index).reverse().find((f) => f !== undefined), next: found.slice(index + 1).find((f) => f !== undefined)},
              `**${spec.name}:**`,
            ),
          });
        } else if (!field.value) {
          report({
            messageId: 'fieldEmpty',
            data: {owner: names.owner, name: names.name, field: spec.name},
            at: field.position,
            hint: `Write the ${spec.name.toLowerCase()} after the label`,
          });
        }
      }
    };

    for (const {located, section} of matchProfile(model, profile).all) {
      if (!section) continue;
      const {spec} = located;
      // Optional labels are guidance for `speclint init`, not requirements.
      const required = (spec.fields ?? []).map(columnName).filter((f) => presenceOf(f) === 'required');
      if (required.length) checkFields(section, model.fieldsIn(section, true), required, 'Section');
      const each = spec.each;
      if (!each?.fields?.length) continue;
      const specs = each.fields.map(columnName);
      const label = each.label ?? 'subsection';
      const min = each.min ?? 1;
      const subsections = section.children;
      if (subsections.length === 0 && each.allowTable) {
        const table = fieldTable(model, section, specs);
        if (table) {
          // One scenario per row: every field column present and filled.
          for (const s of specs) {
            if (!table.header.some((h) => columnMatches(s, h.text))) {
              report({
                messageId: 'columnMissing',
                data: {label, section: excerpt(section.title), column: excerpt(s.name)},
                at: table.node.children[0],
                hint: `Add a ${quote(s.name)} column`,
                fix: tableColumnsInsertion(source, table, [s.name]),
              });
            }
          }
          table.rows.forEach((row, r) => {
            specs.forEach((s) => {
              const index = table.header.findIndex((h) => columnMatches(s, h.text));
              if (index >= 0 && EMPTY_CELL_VALUES.includes((row[index]?.text ?? '').trim())) {
                report({
                  messageId: 'cellEmpty',
                  data: {Label: label.charAt(0).toUpperCase() + label.slice(1), entry: excerpt(row[0]?.text ?? String(r + 1)), field: s.name},
                  at: row[index]?.position ?? table.rowPositions[r],
                  hint: `Fill in the ${s.name} cell`,
                });
              }
            });
          });
          if (table.rows.length < min) {
            report({messageId: 'fewRows', data: {section: excerpt(section.title), count: table.rows.length, label, min}, at: table.position});
          }
          continue;
        }
      }
      if (subsections.length < min) {
        report({
          messageId: 'fewSubsections',
          data: {section: excerpt(section.title), count: subsections.length, labels: subsections.length === 1 ? label : `${label}s`, min},
          at: section,
          hint: `Add a subsection per ${label} ("${'#'.repeat(Math.min(section.depth + 1, 6))} <name>") with ${specs.map((s) => `**${s.name}:**`).join(', ')}`,
        });
      }
      for (const sub of subsections) {
        checkFields(sub, model.fieldsIn(sub), specs, label.charAt(0).toUpperCase() + label.slice(1));
      }
    }
  },
});
