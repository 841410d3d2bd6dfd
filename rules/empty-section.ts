import {defineRule} from '../src/engine/rule.js';
import {matchProfile} from '../src/engine/match.js';
import {sectionHasContent} from '../src/engine/model.js';
import {excerpt, wordCount} from '../src/lib/text.js';

export default defineRule<{minWords: number}>({
  meta: {
    id: 'empty-section',
    recommended: 'error',
    description: 'A section the profile names has content: not just a heading, a comment or empty subsections.',
    messages: {
      empty: 'Section "{{section}}" is empty',
      tooShort: 'Section "{{section}}" has {{words}}; at least {{minWords}} expected',
    },
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
          messageId: 'empty',
          data: {section: excerpt(section.title)},
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
            messageId: 'tooShort',
            data: {section: excerpt(section.title), words: `${words} word${words === 1 ? '' : 's'}`, minWords},
            at: section,
            hint: `Expand the section to at least ${minWords} words`,
          });
        }
      }
    }
  },
});
