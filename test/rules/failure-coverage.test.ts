/**
 * failure-coverage: valid / invalid tables with exact findings (see ../rule-tester.ts).
 * Many come from bugs found while writing fixtures and docs; each stays
 * here so it cannot come back.
 */
import {ruleTester} from '../rule-tester.js';

const sd = (gate: string, failures = '### Card processor outage\n\n- **Trigger:** 5xx\n- **Detection:** alert\n- **Impact:** fails\n- **Recovery:** retry\n- **Manual Intervention:** switch') =>
  `# Payments\n\n## Service Boundaries\n\nOwns payments.\n\n## Dependencies\n\n| Dependency | Type | Criticality | Timeout | Fallback |\n|---|---|---|---|---|\n| Card processor API | Sync | Critical | 8s | None |\n| Redis | Sync | Non-critical | 50ms | Skip |\n\n## Failure Modes\n\n${failures}\n\n## Scaling Approach\n\nHorizontal.\n\n## Quality Gate\n\n${gate}\n`;

ruleTester('failure-coverage', {
  profile: 'service-design',
  valid: [sd('- [ ] x')],
  invalid: [
    {
      name: 'a critical dependency with no scenario, and a scenario naming a system missing from the table',
      code: sd('- [ ] x', '### Kafka backlog\n\n- **Trigger:** consumer lag'),
      findings: [
        {messageId: 'noScenarioCritical', finding: '11:3 error failure-coverage Critical dependency "Card processor API" has no failure scenario in "Failure Modes"'},
        {messageId: 'notInTable', finding: '16:1 error failure-coverage Failure scenario "Kafka backlog" names Kafka, which is not in the dependency table'},
      ],
    },
  ],
});

// Regressions from the docs review: each was a false finding or a missed one.
ruleTester('failure-coverage', {
  profile: 'service-design',
  valid: [
    {
      name: 'a scenario may use a synonym or the short name of a dependency',
      code: `# P\n\n## Dependencies\n\n| Dependency | Type | Criticality | Timeout | Fallback |\n|---|---|---|---|---|\n| PostgreSQL | Sync | Critical | 2s | None |\n| S3 API | Sync | Critical | 5s | None |\n\n## Failure Modes\n\n### Postgres primary failure\n\n- **Trigger:** x\n\n### S3 outage\n\n- **Trigger:** y\n`,
    },
    {
      name: 'everyday words are not taken for products',
      code: `# P\n\n## Dependencies\n\n| Dependency | Type | Criticality | Timeout | Fallback |\n|---|---|---|---|---|\n| Redis | Sync | Critical | 50ms | None |\n\n## Failure Modes\n\n### Redis pub/sub drops\n\nSnowflake ids collide in the vault.\n`,
    },
  ],
  invalid: [],
});

// One invalid case for each message the tables above do not report (test/rule-messages.test.ts).
ruleTester('failure-coverage', {
  profile: 'service-design',
  options: {require: 'all'},
  valid: [],
  invalid: [
    {
      name: 'require all: a non-critical dependency with no scenario',
      code: sd('- [ ] x'),
      findings: [{messageId: 'noScenario', finding: '12:3 error failure-coverage Dependency "Redis" has no failure scenario in "Failure Modes"'}],
    },
  ],
});
