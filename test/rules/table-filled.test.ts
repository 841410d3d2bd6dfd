/**
 * table-filled: valid / invalid tables with exact findings (see ../rule-tester.ts).
 */
import {ruleTester} from '../rule-tester.js';

const limits = (rows: string) => `# Spec\n\n## Limits\n\n| Limit | Value |\n|---|---|\n${rows}\n`;

ruleTester('table-filled', {
  profile: 'mini',
  define: {sections: [{name: 'Limits', tables: [{id: 'limits', label: 'limits table', columns: ['Limit', 'Value']}]}]},
  valid: [limits('| rps | 100 |'), {name: 'a dash inside a value is a value', code: limits('| burst | 100-200 |')}],
  invalid: [
    {
      name: 'empty, dash and ellipsis cells',
      code: limits('| rps |  |\n| burst | - |\n| p99 | ... |'),
      findings: [
        {messageId: 'emptyCell', finding: '7:7 error table-filled Empty Value cell in row "rps" of the limits table'},
        {messageId: 'emptyCell', finding: '8:11 error table-filled Empty Value cell in row "burst" of the limits table'},
        {messageId: 'emptyCell', finding: '9:9 error table-filled Empty Value cell in row "p99" of the limits table'},
      ],
    },
    {name: 'emptyValues option adds TBD', code: limits('| rps | TBD |'), options: {emptyValues: ['', 'TBD']}, findings: [{messageId: 'emptyCell', finding: '7:9 error table-filled Empty Value cell in row "rps" of the limits table'}]},
  ],
});

// One invalid case for each message the tables above do not report (test/rule-messages.test.ts).
ruleTester('table-filled', {
  profile: 'mini',
  define: {sections: [{name: 'Limits', tables: [{id: 'limits', label: 'limits table', columns: ['Limit', 'Value']}]}]},
  valid: [],
  invalid: [
    {
      name: 'a row with no name is named by its number',
      code: limits('|  | 100 |'),
      findings: [{messageId: 'emptyCellNumbered', finding: '7:1 error table-filled Empty Limit cell in row 1 of the limits table'}],
    },
  ],
});
