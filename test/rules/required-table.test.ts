/**
 * required-table: valid / invalid tables with exact findings (see ../rule-tester.ts).
 * Many come from bugs found while writing fixtures and docs; each stays
 * here so it cannot come back.
 */
import {ruleTester} from '../rule-tester.js';

const dep = (rows: string, header = '| Dependency | Type | Criticality | Timeout | Fallback |') =>
  `# Payments\n\n## Dependencies\n\n${header}\n|---|---|---|---|---|\n${rows}\n`;

ruleTester('required-table', {
  profile: 'service-design',
  valid: [dep('| Redis | Sync | Non-critical | 50 | Skip cache |', '| Dependency | Type | Criticality | Timeout (ms) | Fallback |')],
  invalid: [
    {
      name: 'missing column reported at the header row',
      code: `# Payments\n\n## Dependencies\n\n| Dependency | Type | Timeout | Fallback |\n|---|---|---|---|\n| Redis | Sync | 50ms | Skip |\n`,
      findings: [{messageId: 'missingColumn', finding: '5:1 error required-table The dependency table is missing column "Criticality"'}],
    },
    {
      name: 'no table at all',
      code: `# Payments\n\n## Dependencies\n\nWe call PostgreSQL and Redis.\n`,
      findings: [{messageId: 'noTable', finding: '3:1 error required-table Section "Dependencies" has no dependency table (columns: Dependency, Type, Criticality, Timeout, Fallback)'}],
    },
  ],
});

// One invalid case for each message the tables above do not report (test/rule-messages.test.ts).
ruleTester('required-table', {
  profile: 'service-design',
  valid: [],
  invalid: [
    {
      name: 'several columns missing, and no rows',
      code: `# Payments\n\n## Dependencies\n\n| Dependency | Type | Fallback |\n|---|---|---|\n`,
      findings: [
        {messageId: 'missingColumns', finding: '5:1 error required-table The dependency table is missing columns "Criticality", "Timeout"'},
        {messageId: 'fewRows', finding: '5:1 error required-table The dependency table has 0 rows; at least 1 expected'},
      ],
    },
  ],
});
