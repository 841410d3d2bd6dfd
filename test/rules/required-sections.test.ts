/**
 * required-sections: valid / invalid tables with exact findings (see ../rule-tester.ts).
 */
import {ruleTester} from '../rule-tester.js';

const define = {
  sections: [
    {name: 'Overview', aliases: ['Summary']},
    {name: 'Design', sections: [{name: 'Data Model'}]},
    {name: 'Open Questions', presence: 'recommended'},
  ],
};

ruleTester('required-sections', {
  profile: 'mini',
  define,
  valid: [
    '# Spec\n\n## Overview\n\nText.\n\n## Design\n\n### Data Model\n\nText.\n',
    {name: 'an alias, and the subsection at another depth', code: '# Spec\n\n## Summary\n\nText.\n\n## Design\n\n#### Data Model\n\nText.\n'},
    {name: 'a recommended section may be missing', code: '# Spec\n\n## Overview\n\nText.\n\n## Design\n\n### Data Model\n\nText.\n'},
  ],
  invalid: [
    {
      name: 'a top-level section missing',
      code: '# Spec\n\n## Design\n\n### Data Model\n\nText.\n',
      findings: ['3:1 error required-sections Missing required section "Overview"; it belongs before "Design" (line 3)'],
    },
    {
      name: 'a subsection missing under its parent',
      code: '# Spec\n\n## Overview\n\nText.\n\n## Design\n\nText.\n\n## Data Model\n\nNot under Design.\n',
      findings: ['7:1 error required-sections Missing required section "Design > Data Model"; it belongs under "Design" (line 7)'],
    },
  ],
});
