import {defineRule} from '../src/engine/rule.js';
import {matchProfile} from '../src/engine/match.js';
import {sectionHasContent} from '../src/engine/model.js';
import {quote, wordCount} from '../src/lib/text.js';

export default defineRule<{minWords: number}>({
  meta: {
    id: 'empty-section',
    recommended: 'error',
    description: 'A section the profile names has content: not just a heading, a comment or empty subsections.',
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {minWords: {type: 'integer', minimum: 0, description: 'Default minimum words for every named section.'}},
    },
    defaultOptions: {minWords: 0},
  },
  check({model, profile, options, report}) {
    for (const {located, section} of matchProfile(model, profile).all) {
      if (!section) continue;
      if (!sectionHasContent(section)) {
        report({
          message: `Section ${quote(section.title)} is empty`,
          at: section,
          hint: located.spec.description
            ? `Write the section: ${located.spec.description}`
            : `Write the section's content, or remove the heading if the section does not apply`,
        });
        continue;
      }
      const minWords = located.spec.minWords ?? options.minWords;
      if (minWords > 0) {
        const words = wordCount(model.textOf(section));
        if (words < minWords) {
          report({
            message: `Section ${quote(section.title)} has ${words} word${words === 1 ? '' : 's'}; at least ${minWords} expected`,
            at: section,
            hint: `Expand the section to at least ${minWords} words`,
          });
        }
      }
    }
  },
});
