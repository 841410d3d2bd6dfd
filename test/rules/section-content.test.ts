/**
 * section-content: valid / invalid tables with exact findings (see ../rule-tester.ts).
 */
import {ruleTester} from '../rule-tester.js';

ruleTester('section-content', {
  profile: 'mini',
  define: {sections: [{name: 'Schema', content: {code: 'sql'}}, {name: 'Steps', content: {list: true}}, {name: 'Limits', content: {table: true}}]},
  valid: [
    '# Spec\n\n## Schema\n\n```sql\nCREATE TABLE t (id int);\n```\n\n## Steps\n\n1. Migrate.\n\n## Limits\n\n| Limit | Value |\n|---|---|\n| rps | 100 |\n',
    {name: 'a missing section is not this rule’s', code: '# Spec\n\n## Steps\n\n- Migrate.\n'},
  ],
  invalid: [
    {
      name: 'a code block in another language, prose for a list, no table',
      code: '# Spec\n\n## Schema\n\n```json\n{}\n```\n\n## Steps\n\nMigrate, then switch.\n\n## Limits\n\nAbout 100 rps.\n',
      findings: [
        {messageId: 'otherLanguageBlocks', finding: '3:1 error section-content Section "Schema" has no sql code block (it has: json)'},
        {messageId: 'noList', finding: '9:1 error section-content Section "Steps" has no list'},
        {messageId: 'noTable', finding: '13:1 error section-content Section "Limits" has no table'},
      ],
    },
  ],
});

// One invalid case for each message the tables above do not report (test/rule-messages.test.ts).
ruleTester('section-content', {
  profile: 'mini',
  define: {sections: [{name: 'Schema', content: {code: 'sql'}}, {name: 'Example', content: {code: true}}, {name: 'Limits', content: {table: 2}}]},
  valid: [],
  invalid: [
    {
      name: 'no code block of the language, no code block at all, fewer tables than asked',
      code: '# Spec\n\n## Schema\n\nA table of orders.\n\n## Example\n\nCall it.\n\n## Limits\n\n| Limit | Value |\n|---|---|\n| rps | 100 |\n',
      findings: [
        {messageId: 'noLanguageBlock', finding: '3:1 error section-content Section "Schema" has no sql code block'},
        {messageId: 'noCodeBlock', finding: '7:1 error section-content Section "Example" has no code block'},
        {messageId: 'fewTables', finding: '11:1 error section-content Section "Limits" has 1 table; the template asks for at least 2'},
      ],
    },
  ],
});
