import {defineRule} from '../src/engine/rule.js';
import {reportMissingSections, reportRepeatCounts, sectionMessages} from './required-sections.js';

export default defineRule<Record<string, never>>({
  meta: {
    id: 'recommended-sections',
    recommended: 'warn',
    description: 'Sections the template recommends but does not require are present (warning by default).',
    messages: sectionMessages('recommended'),
    schema: {type: 'object', additionalProperties: false, properties: {}},
    defaultOptions: {},
    fixable: false,
  },
  check(context) {
    reportMissingSections(context, 'recommended');
    reportRepeatCounts(context, 'recommended');
  },
});
