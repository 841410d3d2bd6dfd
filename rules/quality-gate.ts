import {defineRule, type Finding} from '../src/engine/rule.js';
import {matchProfile} from '../src/engine/match.js';
import {excerpt, quote} from '../src/lib/text.js';
import {matchChecklist, type ChecklistMatch} from './lib/checklist.js';
import {checklistItem} from '../src/profiles/types.js';
import {insertBlock, itemAfter, ownContentEnd} from '../src/engine/edits.js';

interface Options {
  /** Every required item must also be checked (for specs entering review). */
  requireChecked: boolean;
  /** Minimum similarity (0-1) for an item to count as the required one. */
  threshold: number;
}

export default defineRule<Options>({
  meta: {
    id: 'quality-gate',
    description: 'The checklist of a section (the quality gate) has every item the template requires; optionally all checked.',
    messages: {
      noChecklist: 'Section "{{section}}" has no {{label}} (task list)',
      itemMissing: '{{Label}} item missing: "{{item}}"',
      itemMissingOpposite: '{{Label}} item missing: "{{item}}"; "{{near}}" reads like it but says the opposite',
      itemMissingTaken: '{{Label}} item missing: "{{item}}"; "{{near}}" already stands for "{{other}}"',
      notChecked: '{{Label}} item "{{item}}" is not checked',
    },
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        requireChecked: {type: 'boolean'},
        threshold: {type: 'number', minimum: 0, maximum: 1},
      },
    },
    defaultOptions: {requireChecked: false, threshold: 0.6},
    fixable: true,
  },
  check({model, profile, options, file, report}) {
    const source = String(file.value);
    for (const {located, section} of matchProfile(model, profile).all) {
      const checklist = located.spec.checklist;
      if (!section || !checklist) continue;
      const label = checklist.label ?? 'checklist';
      const items = model.checklistIn(section);
      if (items.length === 0) {
        report({
          messageId: 'noChecklist',
          data: {section: excerpt(section.title), label},
          at: section,
          hint: `Add the items as a task list: ${checklist.items.map((i) => `"- [ ] ${checklistItem(i).text}"`).join(', ')}`,
          // --fix adds the whole list, unchecked, at the end of the section's own text.
          fix: insertBlock(source, ownContentEnd(source, section), checklist.items.map((i) => `- [ ] ${checklistItem(i).text}`).join('\n')),
        });
        continue;
      }
      const last = items[items.length - 1]!;
      const Label = label.charAt(0).toUpperCase() + label.slice(1);
      const required = checklist.items.map((i) => checklistItem(i).text);
      // One to one: a written item stands for at most one required item.
      for (const match of matchChecklist(required, items, options.threshold)) {
        const best = match.item;
        if (!best) {
          report({
            ...missingItem(match, Label),
            at: {line: last.position.end.line, column: 1},
            hint: `Add "- [ ] ${match.required}" to the ${label} in ${quote(section.title)}`,
            // --fix adds the item, unchecked, after the last item of the checklist.
            fix: itemAfter(source, last.position, `[ ] ${match.required}`),
          });
        } else if (options.requireChecked && !best.checked) {
          report({
            messageId: 'notChecked',
            data: {Label, item: excerpt(best.text)},
            at: best.position,
            hint: 'Complete the item and check it ([x]) before the spec goes to review',
          });
        }
      }
    }
  },
});

/** Why the item most like a missing one does not count: it says the opposite, or it already stands for another item. */
function missingItem(match: ChecklistMatch, Label: string): Pick<Finding, 'messageId' | 'data'> {
  const item = excerpt(match.required);
  if (match.opposite) return {messageId: 'itemMissingOpposite', data: {Label, item, near: match.opposite.text}};
  if (match.takenBy) return {messageId: 'itemMissingTaken', data: {Label, item, near: match.takenBy.item.text, other: match.takenBy.required}};
  return {messageId: 'itemMissing', data: {Label, item}};
}
