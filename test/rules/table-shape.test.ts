/**
 * table-shape: valid / invalid tables with exact findings (see ../rule-tester.ts).
 * Many come from bugs found while writing fixtures and docs; each stays
 * here so it cannot come back.
 */
import {ruleTester} from '../rule-tester.js';

ruleTester('table-shape', {
  profile: 'service-design',
  valid: ['| A | B |\n|---|---|\n| 1 | 2 \\| 3 |\n'],
  invalid: [
    {
      name: 'short and long rows',
      code: '| A | B | C |\n|---|---|---|\n| 1 | 2 |\n| 1 | 2 | 3 | 4 |\n',
      findings: [{messageId: 'cellCount', finding: '3:1 error table-shape Table row has 2 cells but its header has 3'}, {messageId: 'cellCount', finding: '4:1 error table-shape Table row has 4 cells but its header has 3'}],
    },
  ],
});
