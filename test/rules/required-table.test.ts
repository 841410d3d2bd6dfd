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
      findings: ['5:1 error required-table The dependency table is missing column "Criticality"'],
    },
    {
      name: 'no table at all',
      code: `# Payments\n\n## Dependencies\n\nWe call PostgreSQL and Redis.\n`,
      findings: ['3:1 error required-table Section "Dependencies" has no dependency table (columns: Dependency, Type, Criticality, Timeout, Fallback)'],
    },
  ],
});
