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
      findings: ['3:1 warning recommended-sections Missing recommended section "Open Questions"; it belongs after "Overview" (line 3)'],
    },
  ],
});
