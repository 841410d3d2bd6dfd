/**
 * The spec-review rules (issue 4) as valid / invalid tables with exact findings.
 */
import {ruleTester} from './rule-tester.js';

const latency = (rows: string) => `# Payments\n\n## Performance\n\n### Latency Targets\n\n| Operation | P50 | P95 | P99 | Timeout |\n|---|---|---|---|---|\n${rows}\n`;

ruleTester('slo-consistency', {
  profile: 'backend-spec',
  valid: [latency('| GET by ID | < 30ms | < 100ms | < 200ms | 5s |'), 'Availability: 99.95% availability per month.\n'],
  invalid: [
    {
      name: 'P95 faster than P50, P99 above the timeout',
      code: latency('| LIST | < 100ms | < 80ms | < 500ms | 300ms |'),
      findings: [
        '9:20 error slo-consistency P95 target 80 ms of "LIST" is below its P50 (100 ms)',
        '9:29 error slo-consistency P99 target 500 ms of "LIST" is above its timeout (300 ms)',
      ],
    },
    {name: 'availability over 100 %', code: 'We promise 199.9% availability.\n', findings: ['1:12 error slo-consistency Availability target 199.9% is not a percentage between 0 and 100']},
  ],
});

const perf = (body: string) => `# Chat\n\n## Scaling and Performance\n\n${body}\n`;
ruleTester('slo-consistency', {
  profile: 'architecture-design',
  valid: [
    perf('- API response time < 180ms (p95)\n- Message delivery p95 < 300 ms\n- Database queries < 40 ms\n- Throughput > 1,500 req/s\n- Memory < 400 MB per instance\n- CPU < 65% under normal load'),
  ],
  invalid: [
    {
      name: 'targets looser than the template thresholds',
      code: perf('- API latency: p95 < 350 ms\n- Database queries < 80 ms\n- Throughput > 600 req/s\n- Memory < 1024 MB per instance\n- CPU < 85% under normal load'),
      findings: [
        "5:3 error slo-consistency API p95 latency target 350 ms does not meet the profile's threshold (at most 200 ms)",
        "6:3 error slo-consistency Database query time target 80 ms does not meet the profile's threshold (at most 50 ms)",
        "7:16 error slo-consistency Throughput target 600 req/s does not meet the profile's threshold (at least 1000 req/s)",
        "8:3 error slo-consistency Memory per instance target 1024 MB does not meet the profile's threshold (at most 512 MB)",
        "9:3 error slo-consistency CPU target 85 % does not meet the profile's threshold (at most 70 %)",
      ],
    },
  ],
});

// A target stated outside the named section still meets the thresholds (slo-targets counts it there).
ruleTester('slo-consistency', {
  profile: 'architecture-design',
  valid: [
    {
      name: 'the named section states the target: a looser number elsewhere is not read',
      code: perf('- API response time < 180ms (p95)') + '\n## Background\n\nToday the API response time is 900 ms at p95.\n',
    },
    {
      name: 'a rate limit in a section that states no SLO target is not a throughput target',
      code: perf('API response time p95 < 180ms; pods scale out at 60% CPU.') + '\n## Dependencies\n\nThe card API allows 100 requests per second per account.\n',
    },
  ],
  invalid: [
    {
      name: 'targets under a heading the profile does not name',
      code: '# Chat\n\n## Non-Functional Requirements\n\n- API latency: p95 < 350 ms\n- Throughput > 600 req/s\n',
      findings: [
        "5:3 error slo-consistency API p95 latency target 350 ms does not meet the profile's threshold (at most 200 ms)",
        "6:16 error slo-consistency Throughput target 600 req/s does not meet the profile's threshold (at least 1000 req/s)",
      ],
    },
    {
      name: 'the named section states no throughput; the section with the SLOs does',
      code: perf('Stateless pods scale out behind the load balancer.') + '\n## Service Level Objectives\n\nAPI response time p95 < 150 ms at 600 req/s.\n',
      findings: ["9:35 error slo-consistency Throughput target 600 req/s does not meet the profile's threshold (at least 1000 req/s)"],
    },
  ],
});

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
      findings: ['7:41 warning timeout-budget A 30 s timeout on "Stripe API" exceeds the largest P99 target (500 ms): a request that waits that long misses its latency target'],
    },
    {
      name: 'retries whose backoff exceeds the operation timeout',
      code:
        latency('| CREATE | < 100ms | < 300ms | < 500ms | 2s |') +
        '\n## Error Handling\n\n### Retry Strategy\n\n| Scenario | Strategy | Max Attempts | Backoff |\n|---|---|---|---|\n| External API timeout | Exponential | 3 | 1s, 2s, 4s |\n',
      findings: ['17:44 warning timeout-budget Retries for "External API timeout" wait 3 s in backoff, longer than the largest operation timeout (2 s)'],
    },
  ],
});

const errors = (rows: string) =>
  `# Payments\n\n## Error Handling\n\n### Error Classification\n\n| Error Type | HTTP Status | Error Code | Retry | Log Level |\n|---|---|---|---|---|\n${rows}\n`;

ruleTester('error-classification', {
  profile: 'backend-spec',
  valid: [
    errors('| ValidationError | 400 | VALIDATION_FAILED | No | WARN |\n| IdempotencyConflict | 422 | IDEMPOTENCY_KEY_REUSED | No | WARN |\n| ExternalServiceError | 503 | SERVICE_UNAVAILABLE | Yes (backoff) | ERROR |'),
  ],
  invalid: [
    {
      name: 'status out of range, wrong class, bad code, duplicate code, retry not yes/no',
      code: errors(
        '| ValidationError | 500 | VALIDATION_FAILED | No | WARN |\n| NotFoundError | 4040 | notFound | No | INFO |\n| InternalError | 500 | VALIDATION_FAILED | Maybe | ERROR |',
      ),
      findings: [
        '9:21 error error-classification ValidationError is a validation error but maps to HTTP 500; expected 4xx',
        '10:19 error error-classification HTTP status "4040" of NotFoundError is not a status code (100-599)',
        '10:26 error error-classification Error code "notFound" is not UPPER_SNAKE_CASE',
        '11:25 error error-classification Error code "VALIDATION_FAILED" is used twice (first on line 9)',
        '11:45 error error-classification Retry "Maybe" of InternalError is not yes or no',
      ],
    },
  ],
});

ruleTester('identifiers', {
  profile: 'backend-spec',
  valid: [
    '# P\n\n## Business Logic\n\n### Business Rules\n\n| ID | Rule | Implementation | Validation Point |\n|---|---|---|---|\n| BR-001 | Amount > 0 | Validator | Service layer |\n| BR-002 | One capture | Constraint | Database |\n',
  ],
  invalid: [
    {
      name: 'malformed and duplicate business rule ids',
      code: '# P\n\n## Business Logic\n\n### Business Rules\n\n| ID | Rule | Implementation | Validation Point |\n|---|---|---|---|\n| BR-1 | Amount > 0 | Validator | Service layer |\n| BR-002 | One capture | Constraint | Database |\n| BR-002 | Refund cap | Validator | Service layer |\n',
      findings: [
        '9:3 error identifiers Business rule id "BR-1" is not of the form BR-001',
        '11:3 error identifiers Business rule id "BR-002" is used twice (first on line 10)',
      ],
    },
    {
      name: 'event types not dotted and versioned',
      code: '# P\n\n## Events\n\n### Events Published\n\n| Event Type | Trigger | Idempotent Key | Ordering | TTL |\n|---|---|---|---|---|\n| payment.captured.v1 | Commit | event_id | Per payment | 30d |\n| PaymentRefunded | Commit | event_id | Per payment | 30d |\n',
      findings: ['10:3 error identifiers Event type "PaymentRefunded" is not dotted and versioned (like resource.created.v1)'],
    },
  ],
});

ruleTester('identifiers', {
  profile: 'tech-spec',
  valid: ['# T\n\n## API Endpoints\n\n### POST /api/v1/orders\n\nCreates.\n\n### GET /api/v1/orders/{id}\n\nReads.\n'],
  invalid: [
    {
      name: 'endpoint headings with a bad method or path; versioned paths required',
      options: {versionedPaths: true},
      code: '# T\n\n## API Endpoints\n\n### FETCH /api/v1/orders\n\nx\n\n### post orders\n\nx\n\n### DELETE /orders/{id}\n\nx\n',
      findings: [
        '5:1 error identifiers Endpoint "FETCH /api/v1/orders" has no valid HTTP method (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS)',
        '9:1 error identifiers Endpoint "post orders" has no valid HTTP method (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS)',
        '13:1 error identifiers Endpoint path /orders/{id} is not versioned under /v1 or /api/v1',
      ],
    },
  ],
});

ruleTester('code-blocks', {
  profile: 'tech-spec',
  valid: [
    '```json\n{"id": "ord_1", "status": "CREATED"}\n```\n\n```yaml\nretries: 3\nbackoff: [1s, 2s]\n```\n\n```dbml\nTable orders {\n  id int [pk]\n  status varchar\n}\n```\n\n```mermaid\n%% comment\nstateDiagram-v2\n  [*] --> A\n```\n',
  ],
  invalid: [
    {
      name: 'json, yaml, dbml and mermaid errors at their line inside the block',
      code: '# T\n\n```json\n{\n  "id": "ord_1",\n  "status": CREATED\n}\n```\n\n```yaml\nretries: 3\n  backoff: [1s\n```\n\n```dbml\nTable orders {\n  id int [pk\n}\n```\n\n```mermaid\nsequence\n  A->>B: hi\n```\n',
      findings: [
        "6:1 error code-blocks JSON block does not parse: Unexpected token 'C'",
        '11:1 error code-blocks YAML block does not parse: Nested mappings are not allowed in compact mappings',
        '18:1 error code-blocks DBML block does not parse: Expect an identifier',
        '22:1 error code-blocks Mermaid block starts with "sequence", which is not a mermaid diagram type',
      ],
    },
  ],
});

ruleTester('required-diagram', {
  profile: 'tech-spec',
  valid: [
    '# T\n\n## Activity Lifecycle\n\n```mermaid\nstateDiagram-v2\n  [*] --> CREATED\n  CREATED --> PAID: pay\n  PAID --> [*]\n```\n\n| From | To | Trigger |\n|---|---|---|\n| CREATED | PAID | pay |\n',
  ],
  invalid: [
    {
      name: 'wrong diagram kind',
      code: '# T\n\n## Processing Sequences\n\n```mermaid\nflowchart LR\n  A --> B\n```\n',
      findings: ['3:1 error required-diagram Section "Processing Sequences" has no sequenceDiagram diagram (it has: flowchart)'],
    },
    {
      name: 'transition table and diagram disagree',
      code: '# T\n\n## Activity Lifecycle\n\n```mermaid\nstateDiagram-v2\n  [*] --> CREATED\n  CREATED --> PAID: pay\n  PAID --> REFUNDED: refund\n```\n\n| From | To | Trigger |\n|---|---|---|\n| CREATED | PAID | pay |\n| PAID | CANCELLED | cancel |\n',
      findings: [
        '12:1 error required-diagram State "REFUNDED" is in the state diagram but not in the transition table',
        '15:10 error required-diagram State "CANCELLED" is in the transition table but not in the state diagram',
      ],
    },
  ],
});

ruleTester('diagram-first', {
  profile: 'tech-spec',
  valid: ['```typescript\ninterface OrderRepository {\n  save(order: Order): Promise<void>;\n}\n```\n\n```sql\n' + 'SELECT 1;\n'.repeat(40) + '```\n'],
  invalid: [
    {
      name: 'a long implementation block',
      code: '# T\n\n```typescript\n' + 'const x = 1;\n'.repeat(31) + '```\n',
      findings: ['3:1 warning diagram-first 31-line typescript block: specs explain with diagrams, not implementation code (budget 30 lines)'],
    },
  ],
});

const sd = (gate: string, failures = '### Card processor outage\n\n- **Trigger:** 5xx\n- **Detection:** alert\n- **Impact:** fails\n- **Recovery:** retry\n- **Manual Intervention:** switch') =>
  `# Payments\n\n## Service Boundaries\n\nOwns payments.\n\n## Dependencies\n\n| Dependency | Type | Criticality | Timeout | Fallback |\n|---|---|---|---|---|\n| Card processor API | Sync | Critical | 8s | None |\n| Redis | Sync | Non-critical | 50ms | Skip |\n\n## Failure Modes\n\n${failures}\n\n## Scaling Approach\n\nHorizontal.\n\n## Quality Gate\n\n${gate}\n`;

ruleTester('honest-checklist', {
  profile: 'service-design',
  valid: [
    sd('- [x] Service boundaries clear\n- [x] Failure modes documented\n- [x] Scaling approach defined\n- [ ] Reviewed by Tech Lead'),
    {
      // The box says what the document shows; it is not the "documented" claim (quality-gate reports that item missing).
      name: 'a checked item that says the opposite claims nothing',
      code: sd('- [x] Failure modes undocumented', '### Card processor outage\n\n- **Trigger:** 5xx\n- **Impact:** fails\n- **Recovery:** retry\n- **Manual Intervention:** switch'),
    },
  ],
  invalid: [
    {
      name: 'failure modes checked while a scenario lacks a field',
      code: sd('- [x] Failure modes documented', '### Card processor outage\n\n- **Trigger:** 5xx\n- **Impact:** fails\n- **Recovery:** retry\n- **Manual Intervention:** switch'),
      findings: ['29:1 error honest-checklist "Failure modes documented" is checked, but failure scenario "Card processor outage" has no Detection'],
    },
  ],
});

ruleTester('failure-coverage', {
  profile: 'service-design',
  valid: [sd('- [ ] x')],
  invalid: [
    {
      name: 'a critical dependency with no scenario, and a scenario naming a system missing from the table',
      code: sd('- [ ] x', '### Kafka backlog\n\n- **Trigger:** consumer lag'),
      findings: [
        '11:3 error failure-coverage Critical dependency "Card processor API" has no failure scenario in "Failure Modes"',
        '16:1 error failure-coverage Failure scenario "Kafka backlog" names Kafka, which is not in the dependency table',
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

ruleTester('code-blocks', {
  profile: 'tech-spec',
  valid: [
    {name: 'multi-document YAML', code: '```yaml\nkind: Deployment\n---\nkind: Service\n```\n'},
    {
      name: 'mermaid flowchart, graph, er, class, pie and gantt that parse',
      code: '# T\n\n```mermaid\nflowchart TD\n  A[Client] -->|HTTPS| B(Gateway)\n  subgraph core\n    B --> C{Valid?}\n  end\n```\n\n```mermaid\nerDiagram\n  ORDER ||--o{ LINE_ITEM : contains\n```\n\n```mermaid\nclassDiagram\n  class Order {\n    +String id\n    +pay() bool\n  }\n```\n\n```mermaid\npie title Traffic\n  "reads" : 80\n  "writes" : 20\n```\n\n```mermaid\ngantt\n  title Rollout\n  dateFormat YYYY-MM-DD\n  section Beta\n  Canary :a1, 2026-01-05, 3d\n```\n\n```mermaid\ngraph LR\n  A --> B\n```\n',
    },
  ],
  invalid: [
    {
      name: 'mermaid syntax errors from the jison parsers, at the line where the parser stopped',
      code: '# T\n\n```mermaid\nflowchart LR\n  Client --> Gateway\n  Gateway --> Payments[Payments API\n  Payments --> DB\n```\n\n```mermaid\nerDiagram\n  ORDER ||--o{ LINE_ITEM : contains\n  ORDER ||--o{ PAYMENT has\n```\n\n```mermaid\nclassDiagram\n  class Order {\n    +String id\n```\n',
      findings: [
        "7:1 error code-blocks Mermaid flowchart does not parse: expecting 'SQE', 'DOUBLECIRCLEEND', 'PE', '-)', 'STADIUMEND', 'SUBROUTINEEND', ...; got the end of the diagram",
        "13:16 error code-blocks Mermaid erDiagram does not parse: expecting 'COLON', 'STYLE_SEPARATOR'; got 'UNICODE_TEXT'",
        "19:1 error code-blocks Mermaid classDiagram does not parse: expecting 'STRUCT_STOP', 'MEMBER'; got 'EOF_IN_STRUCT'",
      ],
    },
    {
      name: 'a langium parser error (pie) with its column',
      code: '# T\n\n```mermaid\npie title Traffic\n  "reads" : 80\n  "writes" : many\n```\n',
      findings: ['6:14 error code-blocks Mermaid pie does not parse: unexpected character: ->m<-'],
    },
    {
      name: 'lines after a multi-line %%{init}%% directive are counted',
      code: '# T\n\n```mermaid\n%%{init: {\n  "theme": "dark"\n}}%%\nsequenceDiagram\n  A->>B: hi\n  B-->>A ok\n```\n',
      findings: ["9:8 error code-blocks Mermaid sequenceDiagram does not parse: expecting 'TXT'; got 'NEWLINE'"],
    },
    {
      name: 'mermaidSyntax: false keeps the diagram-type check and skips the parser',
      options: {mermaidSyntax: false},
      code: '# T\n\n```mermaid\nsequenceDiagram\n  A->>B: hi\n  B-->>A ok\n```\n\n```mermaid\nsequence\n  A->>B: hi\n```\n',
      findings: ['10:1 error code-blocks Mermaid block starts with "sequence", which is not a mermaid diagram type'],
    },
    {
      name: 'a fenced block indented in a list: the column counts the indent',
      code: '# T\n\n- Flow:\n\n  ```mermaid\n  sequenceDiagram\n    A->>B: hi\n    B-->>A ok\n  ```\n',
      findings: ["8:10 error code-blocks Mermaid sequenceDiagram does not parse: expecting 'TXT'; got 'NEWLINE'"],
    },
  ],
});

ruleTester('required-diagram', {
  profile: 'tech-spec',
  valid: [
    {
      name: 'two state machines in one section',
      code: '# T\n\n## Activity Lifecycle\n\n```mermaid\nstateDiagram-v2\n  A --> B\n```\n\n| From | To |\n|---|---|\n| A | B |\n\n```mermaid\nstateDiagram-v2\n  X --> Y\n```\n\n| From | To |\n|---|---|\n| X | Y |\n',
    },
  ],
  invalid: [],
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
      findings: ['7:42 warning timeout-budget A 1 h timeout on "Batch export" exceeds the largest P99 target (500 ms): a request that waits that long misses its latency target'],
    },
  ],
});

ruleTester('error-classification', {
  profile: 'backend-spec',
  valid: [errors('| RequestTimeout | 408 | REQUEST_TIMEOUT | Yes | WARN |\n| UpstreamTimeout | 504 | UPSTREAM_TIMEOUT | Yes | ERROR |')],
  invalid: [],
});

ruleTester('slo-consistency', {
  profile: 'architecture-design',
  valid: [],
  invalid: [
    {
      name: 'targets in table rows, once each; reversed wording',
      code: perf('| Metric | Target |\n|---|---|\n| API p95 latency | 350 ms |\n| CPU < 85% | per pod |\n\np95 API response time < 350ms. Peak load 85% CPU.'),
      findings: [
        "7:1 error slo-consistency API p95 latency target 350 ms does not meet the profile's threshold (at most 200 ms)",
        "8:1 error slo-consistency CPU target 85 % does not meet the profile's threshold (at most 70 %)",
        "10:1 error slo-consistency API p95 latency target 350 ms does not meet the profile's threshold (at most 200 ms)",
        "10:42 error slo-consistency CPU target 85 % does not meet the profile's threshold (at most 70 %)",
      ],
    },
  ],
});
