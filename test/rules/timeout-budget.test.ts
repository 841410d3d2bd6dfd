/**
 * timeout-budget: valid / invalid tables with exact findings (see ../rule-tester.ts).
 * Many come from bugs found while writing fixtures and docs; each stays
 * here so it cannot come back.
 */
import {ruleTester} from '../rule-tester.js';

const latency = (rows: string) => `# Payments\n\n## Performance\n\n### Latency Targets\n\n| Operation | P50 | P95 | P99 | Timeout |\n|---|---|---|---|---|\n${rows}\n`;

const deps = (rows: string) =>
  `# Payments\n\n## Dependencies\n\n| Dependency | Type | Purpose | Timeout | Fallback | Health Check |\n|---|---|---|---|---|---|\n${rows}\n`;

ruleTester('timeout-budget', {
  profile: 'backend-spec',
  valid: [
    deps('| PostgreSQL | Database | Store | 200ms | N/A (critical) | SELECT 1 |\n| Kafka | Message Queue | Events | 30s | Outbox | metadata |') + latency('| GET | < 30ms | < 100ms | < 500ms | 5s |'),
  ],
  invalid: [
    {
      name: 'a dependency timeout longer than every P99',
      code: deps('| Stripe API | External API | Charges | 30s | N/A (critical) | /health |') + latency('| CREATE | < 100ms | < 300ms | < 500ms | 15s |'),
      findings: [{messageId: 'timeoutAboveP99', finding: '7:41 warning timeout-budget A 30 s timeout on "Stripe API" exceeds the largest P99 target (500 ms): a request that waits that long misses its latency target'}],
    },
    {
      name: 'retries whose backoff exceeds the operation timeout',
      code:
        latency('| CREATE | < 100ms | < 300ms | < 500ms | 2s |') +
        '\n## Error Handling\n\n### Retry Strategy\n\n| Scenario | Strategy | Max Attempts | Backoff |\n|---|---|---|---|\n| External API timeout | Exponential | 3 | 1s, 2s, 4s |\n',
      findings: [{messageId: 'retriesTooLong', finding: '17:44 warning timeout-budget Retries for "External API timeout" wait 3 s in backoff, longer than the largest operation timeout (2 s)'}],
    },
  ],
});

ruleTester('timeout-budget', {
  profile: 'backend-spec',
  valid: [
    {
      name: 'retries run from a queue are off the request path',
      code:
        latency('| CREATE | < 100ms | < 300ms | < 500ms | 1s |') +
        '\n## Error Handling\n\n### Retry Strategy\n\n| Scenario | Strategy | Max Attempts | Backoff |\n|---|---|---|---|\n| Webhook delivery | Async queue with DLQ | 5 | 1 min |\n',
    },
  ],
  invalid: [
    {
      name: 'hours are durations',
      code: deps('| Batch export | External API | Export | 1h | Retry tomorrow | n/a |') + latency('| CREATE | < 100ms | < 300ms | < 500ms | 15s |'),
      findings: [{messageId: 'timeoutAboveP99', finding: '7:42 warning timeout-budget A 1 h timeout on "Batch export" exceeds the largest P99 target (500 ms): a request that waits that long misses its latency target'}],
    },
  ],
});
