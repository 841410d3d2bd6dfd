import {defineRule} from '../src/rule.js';
import {matchProfile} from '../src/match.js';
import {quote} from '../src/text.js';
import {matchChecklistItem} from '../src/checklist.js';
import {checklistItem} from '../src/profile.js';
import {insertBlock, itemAfter, ownContentEnd} from '../src/edits.js';

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
          message: `Section ${quote(section.title)} has no ${label} (task list)`,
          at: section,
          hint: `Add the items as a task list: ${checklist.items.map((i) => `"- [ ] ${checklistItem(i).text}"`).join(', ')}`,
          // --fix adds the whole list, unchecked, at the end of the section's own text.
          fix: insertBlock(source, ownContentEnd(source, section), checklist.items.map((i) => `- [ ] ${checklistItem(i).text}`).join('\n')),
        });
        continue;
      }
      const last = items[items.length - 1]!;
      for (const required of checklist.items.map((i) => checklistItem(i).text)) {
        const {item: best} = matchChecklistItem(required, items, options.threshold);
        if (!best) {
          report({
            message: `${label.charAt(0).toUpperCase() + label.slice(1)} item missing: ${quote(required)}`,
            at: {line: last.position.end.line, column: 1},
            hint: `Add "- [ ] ${required}" to the ${label} in ${quote(section.title)}`,
            // --fix adds the item, unchecked, after the last item of the checklist.
            fix: itemAfter(source, last.position, `[ ] ${required}`),
          });
        } else if (options.requireChecked && !best.checked) {
          report({
            message: `${label.charAt(0).toUpperCase() + label.slice(1)} item ${quote(best.text)} is not checked`,
            at: best.position,
            hint: 'Complete the item and check it ([x]) before the spec goes to review',
          });
        }
      }
    }
  },
});
