import {defineRule} from '../src/engine/rule.js';
import {columnMatches, fieldTable, findField, matchProfile, matchTables, sectionNamed, specByName} from '../src/engine/match.js';
import {matchChecklist} from './lib/checklist.js';
import {sectionHasContent, type Section, type SpecModel} from '../src/engine/model.js';
import {checklistItem, columnName, type ChecklistClaim, type SectionSpec} from '../src/profiles/types.js';
import {EMPTY_CELL_VALUES, excerpt} from '../src/lib/text.js';

interface Options {
  threshold: number;
}

/** What is wrong with a "section is complete" claim, or undefined when it holds. */
/** What a checked item's claim is contradicted by: a message of this rule, without the item. */
interface Contradiction {
  messageId: string;
  data: Record<string, string>;
}

function incomplete(model: SpecModel, section: Section, spec: SectionSpec): Contradiction | undefined {
  const each = spec.each;
  const fields = (each?.fields ?? []).map(columnName);
  const label = each?.label ?? 'subsection';
  if (section.children.length === 0) {
    // The same scenario table required-fields reads, so the two rules agree on it.
    const table = each?.allowTable ? fieldTable(model, section, fields) : undefined;
    if (!table) return {messageId: 'listsNone', data: {section: excerpt(section.title), label}};
    for (const f of fields) {
      const index = table.header.findIndex((h) => columnMatches(f, h.text));
      if (index < 0) return {messageId: 'noColumn', data: {label, field: f.name}};
      const row = table.rows.find((r) => EMPTY_CELL_VALUES.includes((r[index]?.text ?? '').trim()));
      if (row) return {messageId: 'lacksField', data: {label, entry: excerpt(row[0]?.text ?? ''), field: f.name}};
    }
    return undefined;
  }
  for (const sub of section.children) {
    const present = model.fieldsIn(sub);
    for (const f of fields) {
      const field = findField(present, f);
      if (!field) return {messageId: 'lacksField', data: {label, entry: excerpt(sub.title), field: f.name}};
      if (!field.value) return {messageId: 'emptyField', data: {label, entry: excerpt(sub.title), field: f.name}};
    }
  }
  return undefined;
}

export default defineRule<Options>({
  meta: {
    id: 'honest-checklist',
    description: 'A checked checklist item is not contradicted by the document (e.g. "Failure modes documented" checked while a failure scenario lacks its fields).',
    messages: {
      noSection: '"{{item}}" is checked, but the spec has no "{{section}}" section',
      sectionEmpty: '"{{item}}" is checked, but "{{section}}" is empty',
      listsNone: '"{{item}}" is checked, but "{{section}}" lists no {{label}}',
      noColumn: '"{{item}}" is checked, but its {{label}} table has no {{field}} column',
      lacksField: '"{{item}}" is checked, but {{label}} "{{entry}}" has no {{field}}',
      emptyField: '"{{item}}" is checked, but {{label}} "{{entry}}" has an empty {{field}}',
      noTable: '"{{item}}" is checked, but the spec has no {{table}}',
      fewRows: '"{{item}}" is checked, but the {{table}} has {{rows}}',
    },
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {threshold: {type: 'number', minimum: 0, maximum: 1}},
    },
    defaultOptions: {threshold: 0.6},
  },
  check({model, profile, options, report}) {
    const match = matchProfile(model, profile);
    for (const {located, section} of match.all) {
      const checklist = located.spec.checklist;
      if (!section || !checklist) continue;
      const items = model.checklistIn(section);
      const specs = checklist.items.map(checklistItem);
      // The same one-to-one assignment quality-gate makes, so the two rules read a checklist alike.
      const matches = matchChecklist(specs.map((s) => s.text), items, options.threshold);
      for (const [i, spec] of specs.entries()) {
        if (!spec.implies) continue;
        const item = matches[i]!.item;
        if (!item?.checked) continue;
        const problem = contradiction(spec.implies);
        if (problem) {
          report({
            messageId: problem.messageId,
            data: {item: excerpt(item.text), ...problem.data},
            at: item.position,
            hint: 'Complete what the item claims, or uncheck it until it is done',
          });
        }
      }
    }

    function contradiction(claim: ChecklistClaim): Contradiction | undefined {
      const name = claim.section ?? claim.complete;
      if (name) {
        const found = sectionNamed(model, profile, name);
        if (!found) return {messageId: 'noSection', data: {section: excerpt(name)}};
        if (!sectionHasContent(found)) return {messageId: 'sectionEmpty', data: {section: excerpt(found.title)}};
        const spec = claim.complete ? specByName(profile, claim.complete) : undefined;
        if (spec) return incomplete(model, found, spec);
      }
      if (claim.table) {
        const table = matchTables(model, profile).find((t) => t.spec.id === claim.table);
        const label = table?.label ?? `${claim.table} table`;
        if (!table?.table) return {messageId: 'noTable', data: {table: label}};
        const filled = table.table.rows.filter((row) => row.some((cell) => !EMPTY_CELL_VALUES.includes(cell.text.trim()))).length;
        const min = claim.minRows ?? 1;
        if (filled < min) return {messageId: 'fewRows', data: {table: label, rows: `${filled === 0 ? 'no' : filled} filled row${filled === 1 ? '' : 's'}`}};
      }
      return undefined;
    }
  },
});
