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
      findings: [{messageId: 'missing', finding: '3:1 error required-sections Missing required section "Overview"; it belongs before "Design" (line 3)'}],
    },
    {
      name: 'a subsection missing under its parent',
      code: '# Spec\n\n## Overview\n\nText.\n\n## Design\n\nText.\n\n## Data Model\n\nNot under Design.\n',
      findings: [{messageId: 'missing', finding: '7:1 error required-sections Missing required section "Design > Data Model"; it belongs under "Design" (line 7)'}],
    },
  ],
});

// One invalid case for each message the tables above do not report (test/rule-messages.test.ts).
ruleTester('required-sections', {
  profile: 'stories',
  define: {sections: [{name: 'Overview'}, {name: 'Stories', sections: [{name: 'Story N', pattern: String.raw`^Story \d+\b`, repeat: {min: 2, max: 3}}]}]},
  valid: [{name: 'as many stories as the template asks', code: '# Spec\n\n## Overview\n\nText.\n\n## Stories\n\n### Story 1\n\nA.\n\n### Story 2\n\nB.\n'}],
  invalid: [
    {
      name: 'a repeated section fewer times than repeat.min',
      code: '# Spec\n\n## Overview\n\nText.\n\n## Stories\n\n### Story 1\n\nA story.\n',
      findings: [{messageId: 'tooFew', finding: '9:1 error required-sections Section "Story N" appears 1 time; the template asks for at least 2'}],
    },
    {
      name: 'a repeated section more times than repeat.max, reported at the first one too many',
      code: '# Spec\n\n## Overview\n\nText.\n\n## Stories\n\n### Story 1\n\nA.\n\n### Story 2\n\nB.\n\n### Story 3\n\nC.\n\n### Story 4\n\nD.\n',
      findings: [{messageId: 'tooMany', finding: '21:1 error required-sections Section "Story N" appears 4 times; the template allows at most 3'}],
    },
  ],
});
