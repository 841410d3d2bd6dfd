import {defineRule} from '../src/engine/rule.js';
import {columnMatches, fieldTable, findField, matchProfile, matchTables, sectionNamed, specByName} from '../src/engine/match.js';
import {matchChecklist} from './lib/checklist.js';
import {sectionHasContent, type Section, type SpecModel} from '../src/engine/model.js';
import {checklistItem, columnName, type ChecklistClaim, type SectionSpec} from '../src/profiles/types.js';
import {EMPTY_CELL_VALUES, quote} from '../src/lib/text.js';

interface Options {
  threshold: number;
}

/** What is wrong with a "section is complete" claim, or undefined when it holds. */
function incomplete(model: SpecModel, section: Section, spec: SectionSpec): string | undefined {
  const each = spec.each;
  const fields = (each?.fields ?? []).map(columnName);
  const label = each?.label ?? 'subsection';
  if (section.children.length === 0) {
    // The same scenario table required-fields reads, so the two rules agree on it.
    const table = each?.allowTable ? fieldTable(model, section, fields) : undefined;
    if (!table) return `${quote(section.title)} lists no ${label}`;
    for (const f of fields) {
      const index = table.header.findIndex((h) => columnMatches(f, h.text));
      if (index < 0) return `its ${label} table has no ${f.name} column`;
      const row = table.rows.find((r) => EMPTY_CELL_VALUES.includes((r[index]?.text ?? '').trim()));
      if (row) return `${label} ${quote(row[0]?.text ?? '')} has no ${f.name}`;
    }
    return undefined;
  }
  for (const sub of section.children) {
    const present = model.fieldsIn(sub);
    for (const f of fields) {
      const field = findField(present, f);
      if (!field) return `${label} ${quote(sub.title)} has no ${f.name}`;
      if (!field.value) return `${label} ${quote(sub.title)} has an empty ${f.name}`;
    }
  }
  return undefined;
}

export default defineRule<Options>({
  meta: {
    id: 'honest-checklist',
    description: 'A checked checklist item is not contradicted by the document (e.g. "Failure modes documented" checked while a failure scenario lacks its fields).',
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
            message: `${quote(item.text)} is checked, but ${problem}`,
            at: item.position,
            hint: 'Complete what the item claims, or uncheck it until it is done',
          });
        }
      }
    }

    function contradiction(claim: ChecklistClaim): string | undefined {
      const name = claim.section ?? claim.complete;
      if (name) {
        const found = sectionNamed(model, profile, name);
        if (!found) return `the spec has no ${quote(name)} section`;
        if (!sectionHasContent(found)) return `${quote(found.title)} is empty`;
        const spec = claim.complete ? specByName(profile, claim.complete) : undefined;
        if (spec) return incomplete(model, found, spec);
      }
      if (claim.table) {
        const table = matchTables(model, profile).find((t) => t.spec.id === claim.table);
        const label = table?.label ?? `${claim.table} table`;
        if (!table?.table) return `the spec has no ${label}`;
        const filled = table.table.rows.filter((row) => row.some((cell) => !EMPTY_CELL_VALUES.includes(cell.text.trim()))).length;
        const min = claim.minRows ?? 1;
        if (filled < min) return `the ${label} has ${filled === 0 ? 'no' : filled} filled row${filled === 1 ? '' : 's'}`;
      }
      return undefined;
    }
  },
});
