/**
 * diagram-first: valid / invalid tables with exact findings (see ../rule-tester.ts).
 * Many come from bugs found while writing fixtures and docs; each stays
 * here so it cannot come back.
 */
import {ruleTester} from '../rule-tester.js';

ruleTester('diagram-first', {
  profile: 'tech-spec',
  valid: ['```typescript\ninterface OrderRepository {\n  save(order: Order): Promise<void>;\n}\n```\n\n```sql\n' + 'SELECT 1;\n'.repeat(40) + '```\n'],
  invalid: [
    {
      name: 'a long implementation block',
      code: '# T\n\n```typescript\n' + 'const x = 1;\n'.repeat(31) + '```\n',
      findings: [{messageId: 'codeBlock', finding: '3:1 warning diagram-first 31-line typescript block: specs explain with diagrams, not implementation code (budget 30 lines)'}],
    },
  ],
});
