/**
 * dependency-table: valid / invalid tables with exact findings (see ../rule-tester.ts).
 * Many come from bugs found while writing fixtures and docs; each stays
 * here so it cannot come back.
 */
import {ruleTester} from '../rule-tester.js';

const dep = (rows: string, header = '| Dependency | Type | Criticality | Timeout | Fallback |') =>
  `# Payments\n\n## Dependencies\n\n${header}\n|---|---|---|---|---|\n${rows}\n`;

ruleTester('dependency-table', {
  profile: 'service-design',
  valid: [
    {name: 'durations in many spellings', code: dep('| PostgreSQL | Sync | Critical | 2 min | None |\n| Redis | Sync | Non-critical | 100ms | Skip cache |\n| Kafka | Async | Non-critical | 1.5 seconds | Outbox retry |')},
    {name: 'a unit in the Timeout header makes bare numbers durations', code: dep('| Redis | Sync | Non-critical | 50 | Skip cache |', '| Dependency | Type | Criticality | Timeout (ms) | Fallback |')},
    {name: 'a note after the criticality level', code: dep('| Ledger DB | Sync | Critical (blocks capture) | 2s | None |')},
    {name: 'connect and read timeouts in one cell', code: dep('| Card API | Sync | Critical | 2s connect, 8s read | None |')},
    {name: 'placeholder cells are left to no-placeholders', code: dep('| TODO | TODO | TODO | TODO | TODO |\n| [Dependency] | Sync | [Criticality] | [Timeout] | None |')},
  ],
  invalid: [
    {
      name: 'timeout without a unit',
      code: dep('| PostgreSQL | Sync | Critical | 2000 | None |'),
      findings: [{messageId: 'timeoutNotDuration', finding: '7:34 error dependency-table Timeout "2000" of "PostgreSQL" is not a duration'}],
    },
    {
      name: 'unknown criticality level',
      code: dep('| Redis | Sync | Sometimes | 50ms | Skip cache |'),
      findings: [{messageId: 'unknownCriticality', finding: '7:18 error dependency-table Criticality "Sometimes" of "Redis" is not a known level (Critical or Non-critical, ...)'}],
    },
    {
      name: '"None, ..." and "No fallback yet" are no fallback for a non-critical dependency',
      code: dep('| Redis | Sync | Non-critical | 50ms | None, checkout fails with 503 |\n| Search | Sync | Non-critical | 1s | No fallback yet |'),
      findings: [
        {messageId: 'noFallback', finding: '7:40 error dependency-table Non-critical dependency "Redis" has no fallback'},
        {messageId: 'noFallback', finding: '8:39 error dependency-table Non-critical dependency "Search" has no fallback'},
      ],
    },
    {
      name: 'without a Criticality column, a row with no fallback must say it is critical',
      code: `# Payments\n\n## Dependencies\n\n| Dependency | Type | Purpose | Timeout | Fallback | Health Check |\n|---|---|---|---|---|---|\n| PostgreSQL | Database | Store | 5s | N/A (critical) | SELECT 1 |\n| Risk | Internal API | Scoring | 1s | None | /health |\n`,
      findings: [{messageId: 'noFallbackNotCritical', finding: '8:40 error dependency-table Dependency "Risk" has no fallback and is not marked critical'}],
    },
  ],
});
