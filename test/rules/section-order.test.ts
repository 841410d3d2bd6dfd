/**
 * section-order: valid / invalid tables with exact findings (see ../rule-tester.ts).
 * Many come from bugs found while writing fixtures and docs; each stays
 * here so it cannot come back.
 */
import {ruleTester} from '../rule-tester.js';

ruleTester('section-order', {
  profile: 'tech-spec',
  valid: ['# T\n\n## Review Table\n## Approval Table\n## Background\n## Context\n## Objective\n'],
  invalid: [
    {
      name: 'two swapped sections: the message names both neighbours',
      code: '# T\n\n## Review Table\n## Approval Table\n## Context\n## Background\n## Objective\n',
      findings: [{messageId: 'outOfOrder', finding: '6:1 warning section-order Section "Background" is out of template order; it belongs after "Approval Table" (line 4) and before "Context" (line 5)'}],
    },
  ],
});
