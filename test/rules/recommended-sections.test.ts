/**
 * recommended-sections: valid / invalid tables with exact findings (see ../rule-tester.ts).
 */
import {ruleTester} from '../rule-tester.js';

ruleTester('recommended-sections', {
  profile: 'mini',
  define: {sections: [{name: 'Overview'}, {name: 'Open Questions', presence: 'recommended'}, {name: 'Appendix', presence: 'optional'}]},
  valid: [
    '# Spec\n\n## Overview\n\nText.\n\n## Open Questions\n\n- None yet.\n',
    {name: 'an optional section may be missing, a required one is not this rule’s', code: '# Spec\n\n## Open Questions\n\n- None yet.\n'},
  ],
  invalid: [
    {
      name: 'a recommended section missing is a warning',
      code: '# Spec\n\n## Overview\n\nText.\n',
      findings: [{messageId: 'missing', finding: '3:1 warning recommended-sections Missing recommended section "Open Questions"; it belongs after "Overview" (line 3)'}],
    },
  ],
});

// One invalid case for each message the tables above do not report (test/rule-messages.test.ts).
ruleTester('recommended-sections', {
  profile: 'stories',
  define: {sections: [{name: 'Overview'}, {name: 'Stories', sections: [{name: 'Story N', pattern: String.raw`^Story \d+\b`, presence: 'recommended', repeat: {min: 2, max: 3}}]}]},
  valid: [{name: 'as many stories as the template recommends', code: '# Spec\n\n## Overview\n\nText.\n\n## Stories\n\n### Story 1\n\nA.\n\n### Story 2\n\nB.\n'}],
  invalid: [
    {
      name: 'a recommended repeated section fewer times than repeat.min',
      code: '# Spec\n\n## Overview\n\nText.\n\n## Stories\n\n### Story 1\n\nA story.\n',
      findings: [{messageId: 'tooFew', finding: '9:1 warning recommended-sections Section "Story N" appears 1 time; the template asks for at least 2'}],
    },
    {
      name: 'a recommended repeated section more times than repeat.max',
      code: '# Spec\n\n## Overview\n\nText.\n\n## Stories\n\n### Story 1\n\nA.\n\n### Story 2\n\nB.\n\n### Story 3\n\nC.\n\n### Story 4\n\nD.\n',
      findings: [{messageId: 'tooMany', finding: '21:1 warning recommended-sections Section "Story N" appears 4 times; the template allows at most 3'}],
    },
  ],
});
