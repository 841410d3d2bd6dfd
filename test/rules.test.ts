/**
 * Edge cases of each rule, as valid / invalid tables with exact findings.
 * Many come from bugs found while writing fixtures and docs; each stays here
 * so it cannot come back.
 */
import {ruleTester} from './rule-tester.js';

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
      findings: ['7:34 error dependency-table Timeout "2000" of "PostgreSQL" is not a duration'],
    },
    {
      name: 'unknown criticality level',
      code: dep('| Redis | Sync | Sometimes | 50ms | Skip cache |'),
      findings: ['7:18 error dependency-table Criticality "Sometimes" of "Redis" is not a known level (Critical or Non-critical, ...)'],
    },
    {
      name: '"None, ..." and "No fallback yet" are no fallback for a non-critical dependency',
      code: dep('| Redis | Sync | Non-critical | 50ms | None, checkout fails with 503 |\n| Search | Sync | Non-critical | 1s | No fallback yet |'),
      findings: [
        '7:40 error dependency-table Non-critical dependency "Redis" has no fallback',
        '8:39 error dependency-table Non-critical dependency "Search" has no fallback',
      ],
    },
    {
      name: 'without a Criticality column, a row with no fallback must say it is critical',
      code: `# Payments\n\n## Dependencies\n\n| Dependency | Type | Purpose | Timeout | Fallback | Health Check |\n|---|---|---|---|---|---|\n| PostgreSQL | Database | Store | 5s | N/A (critical) | SELECT 1 |\n| Risk | Internal API | Scoring | 1s | None | /health |\n`,
      findings: ['8:40 error dependency-table Dependency "Risk" has no fallback and is not marked critical'],
    },
  ],
});

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

const scenario = (body: string) => `# Payments\n\n## Failure Modes\n\n### Processor outage\n\n${body}\n`;

ruleTester('required-fields', {
  profile: 'service-design',
  valid: [
    {
      name: 'fields on consecutive lines of one paragraph',
      code: scenario('**Trigger:** 5xx above 20%\n**Detection:** breaker opens\n**Impact:** payments fail\n**Recovery:** half-open every 30 s\n**Manual Intervention:** switch processor'),
    },
    {
      name: 'labels with the colon after the bold text, and a nested list as value',
      code: scenario('- **Trigger**: 5xx above 20%\n- **Detection**: breaker opens\n- **Impact**: payments fail\n- **Recovery**:\n  - half-open every 30 s\n  - replay queued captures\n- **Manual Intervention**: switch processor'),
    },
  ],
  invalid: [
    {
      name: 'a missing and an empty field',
      code: scenario('- **Trigger:** 5xx above 20%\n- **Impact:** payments fail\n- **Recovery:**\n- **Manual Intervention:** switch processor'),
      findings: [
        '5:1 error required-fields Failure scenario "Processor outage" is missing the **Detection:** field',
        '9:3 error required-fields Field **Recovery:** of failure scenario "Processor outage" is empty',
      ],
    },
    {
      name: 'table form: a dash is not a value',
      code: `# Payments\n\n## Failure Modes\n\n| Scenario | Trigger | Detection | Impact | Recovery | Manual Intervention |\n|---|---|---|---|---|---|\n| Outage | 5xx | Alert | Fails | Retry | - |\n`,
      findings: ['7:42 error required-fields Failure scenario "Outage" has an empty Manual Intervention'],
    },
    {
      name: 'no scenario at all',
      code: `# Payments\n\n## Failure Modes\n\nWe handle failures gracefully.\n`,
      findings: ['3:1 error required-fields "Failure Modes" has 0 failure scenarios; at least 1 expected'],
    },
  ],
});

ruleTester('no-placeholders', {
  profile: 'service-design',
  valid: [
    'Statuses in [PENDING, SENT] are retried, see [RFC 7231] and the [link](https://example.com).\n\n- [ ] open task\n- [x] done task\n',
    '<!-- TODO: guidance for authors, not content -->\n\nReal text.\n',
    '`TODO` in code spans and\n\n```\nTODO in code blocks\n```\n\nare not placeholders.\n',
  ],
  invalid: [
    {
      name: 'placeholder after a comment on the same line',
      code: '# Payments\n\n<!-- owner: payments --> TODO: name the on-call rotation.\n',
      findings: ['3:26 error no-placeholders Template placeholder "TODO" (unfinished marker) left in the spec'],
    },
    {
      name: 'exact column on a continuation line of a list item',
      code: '# Payments\n\n## Overview\n\n- The ledger is written first,\n  then TODO the outbox.\n',
      findings: ['6:8 error no-placeholders Template placeholder "TODO" (unfinished marker) left in the spec'],
    },
    {
      name: 'template inputs and bracketed placeholders',
      code: '## Backend Spec: [Service Name]\n\nOwned by ${input:team:Owning team}.\n',
      findings: [
        '1:18 error no-placeholders Template placeholder "[Service Name]" (bracketed placeholder) left in the spec',
        '3:10 error no-placeholders Template placeholder "${input:team:Owning team}" (template input) left in the spec',
      ],
    },
    {
      name: 'custom patterns with flags replace the defaults',
      options: {patterns: [{pattern: 'to be decided', label: 'open decision', flags: 'i'}]},
      code: 'The region is To Be Decided. TODO stays allowed.\n',
      findings: ['1:15 error no-placeholders Template placeholder "To Be Decided" (open decision) left in the spec'],
    },
  ],
});

// Placeholders are what a template leaves to fill in, not every bracket: test tags, code,
// size names and references to the document's own headings and links are prose.
ruleTester('no-placeholders', {
  profile: 'service-design',
  valid: [
    {name: 'e2e test tags in brackets', code: 'The new tests are tagged [LinuxOnly], [Serial], [Slow] and [Disruptive], run under [Feature:PodLifecycleSleep] and [Driver: csi-hostpath], and join [NodeConformance] later.\n'},
    {name: 'code-ish brackets right after a name', code: 'Counters live in a map[String]int per tenant; arr[Index] is bounds-checked and pages come back as PaginatedList[Resource].\n'},
    {name: 'size names', code: 'Nodes come in Large, X-Large and XXX-Large; XXL runners are reserved for builds.\n'},
    {name: 'a bracketed word in prose that this template does not use', code: 'Questions marked [Optional] may be skipped, and [Description] fields are free text.\n'},
    {name: 'a reference to a heading of the document', code: '# Payments\n\n## Log volume analysis\n\nLogs grow 4%.\n\n## Overview\n\nSee the [Log volume analysis] section.\n'},
    {name: 'a reference to a link definition (the label written in the singular)', code: 'Pods follow the [Pod Security Standard] profiles.\n\n[Pod Security Standards]: https://example.com/pss\n'},
  ],
  invalid: [
    {
      name: "the template's own placeholder, and a bracketed title of several words",
      code: '# Payments\n\n## Failure Modes\n\n### [Failure Scenario]\n\nOwned by [Team Name].\n',
      findings: [
        '5:5 error no-placeholders Template placeholder "[Failure Scenario]" (bracketed placeholder) left in the spec',
        '7:10 error no-placeholders Template placeholder "[Team Name]" (bracketed placeholder) left in the spec',
      ],
    },
    {
      name: 'one capitalised word alone in a table cell or a heading is a slot to fill',
      code: '# Payments\n\n## Dependencies\n\n| Dependency | Type | Criticality | Timeout | Fallback |\n|---|---|---|---|---|\n| Ledger | Sync | Critical | [Timeout] | None |\n\n### [Entity]\n',
      findings: [
        '7:30 error no-placeholders Template placeholder "[Timeout]" (bracketed placeholder) left in the spec',
        '9:5 error no-placeholders Template placeholder "[Entity]" (bracketed placeholder) left in the spec',
      ],
    },
    {
      name: 'XXX as a marker, and a tag-like name after a space is not code',
      code: 'Retry budget: XXX. Owner: [Service Owner].\n',
      findings: [
        '1:15 error no-placeholders Template placeholder "XXX" (unfinished marker) left in the spec',
        '1:27 error no-placeholders Template placeholder "[Service Owner]" (bracketed placeholder) left in the spec',
      ],
    },
  ],
});

ruleTester('no-placeholders', {
  profile: 'tech-spec',
  valid: [{name: 'a single bracketed word in prose that the template does not list', code: '# T\n\n## Background\n\nSee [Background].\n'}],
  invalid: [
    {
      name: "the review table's [Date] and [Author], and the scaffold's single-word slots anywhere",
      code: '# T\n\n## Review Table\n\n| Version | Date | Name | Role | Description |\n| --- | --- | --- | --- | --- |\n| 1.0 | [Date] | [Author] | Author | Initial Draft |\n\n## Objective\n\n1. **Faster refunds** - [Description]\n\nImplement a comprehensive [system/service] that pays out.\n',
      findings: [
        '7:9 error no-placeholders Template placeholder "[Date]" (bracketed placeholder) left in the spec',
        '7:18 error no-placeholders Template placeholder "[Author]" (bracketed placeholder) left in the spec',
        '11:25 error no-placeholders Template placeholder "[Description]" (bracketed placeholder) left in the spec',
        '13:27 error no-placeholders Template placeholder "[system/service]" (bracketed placeholder) left in the spec',
      ],
    },
  ],
});

// A profile's placeholders are data: an extending profile adds its own to its base's.
ruleTester('no-placeholders', {
  profile: 'team-design',
  define: {
    extends: 'service-design',
    placeholders: [{text: '[Team]', label: 'team placeholder'}, {pattern: String.raw`\?{3}`, label: 'open question'}],
  },
  valid: ['Owned by the Payments team. Is this right? Yes.\n'],
  invalid: [
    {
      name: "its own placeholders, and the base's",
      code: '# P\n\n## Failure Modes\n\n#### [Failure Scenario]\n\nOwned by [Team]; fallback ???.\n',
      findings: [
        '5:6 error no-placeholders Template placeholder "[Failure Scenario]" (bracketed placeholder) left in the spec',
        '7:10 error no-placeholders Template placeholder "[Team]" (team placeholder) left in the spec',
        '7:27 error no-placeholders Template placeholder "???" (open question) left in the spec',
      ],
    },
    {
      name: 'the rule option patterns replace the generic placeholders, not the profile\'s',
      options: {patterns: [{pattern: 'to be decided', label: 'open decision', flags: 'i'}]},
      code: 'Region To Be Decided, owner [Team], TODO stays.\n',
      findings: [
        '1:8 error no-placeholders Template placeholder "To Be Decided" (open decision) left in the spec',
        '1:29 error no-placeholders Template placeholder "[Team]" (team placeholder) left in the spec',
      ],
    },
  ],
});

ruleTester('empty-section', {
  profile: 'service-design',
  valid: [{name: 'text between two comments is content', code: '# P\n\n## Deployment\n\n<!-- strategy --> Blue-green deploys. <!-- checks -->\n'}],
  invalid: [
    {name: 'comment only', code: '# P\n\n## Deployment\n\n<!-- strategy, health checks -->\n\n## Observability\n\nMetrics.\n', findings: ['3:1 error empty-section Section "Deployment" is empty']},
    {
      name: 'minWords from options',
      options: {minWords: 5},
      code: '# P\n\n## Overview\n\nCaptures card payments.\n',
      findings: ['3:1 error empty-section Section "Overview" has 3 words; at least 5 expected'],
    },
  ],
});

const perf = (body: string) => `# Chat\n\n## Scaling and Performance\n\n${body}\n`;
const metricsOff = {metrics: []};

ruleTester('slo-targets', {
  profile: 'architecture-design',
  valid: [
    {
      name: "the template's own list of targets",
      code: perf('- API response time < 200ms (p95)\n- Database query time < 50ms\n- Throughput > 1000 req/s\n- Memory usage < 512MB per instance\n- CPU usage < 70% under normal load'),
    },
    {name: 'a metric/target table', options: metricsOff, code: perf('| Metric | Target |\n|---|---|\n| API response time (p95) | < 200 ms |')},
    {name: 'percentile after the number', options: metricsOff, code: perf('Reads answer in under 1.5 s at P99.')},
  ],
  invalid: [
    {
      name: 'unitless target next to one with a unit, at its own column',
      options: metricsOff,
      code: perf('API latency: p95 < 200 for reads, p99 < 400 ms.'),
      findings: ['5:14 error slo-targets Latency target "p95 < 200" has no unit'],
    },
    {
      name: 'unitless target with no operator',
      options: metricsOff,
      code: perf('Reads: p99 200 at peak; p95 < 120ms.'),
      findings: ['5:8 error slo-targets Latency target "p99 200" has no unit'],
    },
    {
      name: 'availability zones are not an availability target',
      options: {metrics: [], require: 'availability'},
      code: perf('Pods run in three availability zones and scale out at 70% CPU.'),
      findings: ['3:1 error slo-targets No availability target in "Scaling and Performance"'],
    },
    {
      name: 'latency table cell without a unit',
      options: metricsOff,
      code: perf('| Operation | P50 | P95 | P99 | Timeout |\n|---|---|---|---|---|\n| Send | < 30ms | 120 | < 300ms | 5s |'),
      findings: ['7:19 error slo-targets P95 target "120" of "Send" has no unit'],
    },
    {
      name: 'metrics the profile asks for',
      code: perf('p95 < 200ms for every endpoint.'),
      findings: [
        '3:1 error slo-targets No database query time target in "Scaling and Performance"',
        '3:1 error slo-targets No throughput target in "Scaling and Performance"',
        '3:1 error slo-targets No memory target in "Scaling and Performance"',
        '3:1 error slo-targets No CPU target in "Scaling and Performance"',
      ],
    },
  ],
});

// Targets count wherever the spec states them; the profile's sections only say where the hint points.
const sdRuntime = (rest: string) =>
  `# Chat Service\n\n## Runtime Characteristics\n\nEach WebSocket connection is pinned to one pod.\n\n## Scaling Approach\n\nPods scale out at 40k connections.\n\n## Observability\n\nDashboards for fan-out lag.\n${rest}`;

ruleTester('slo-targets', {
  profile: 'service-design',
  valid: [
    {
      name: 'a latency table and an availability target in a Performance section the profile does not name',
      code: sdRuntime('\n## Performance\n\n| Operation | P50 | P95 | P99 |\n|---|---|---|---|\n| Send message | 20ms | 80ms | 150ms |\n| Load history | 40ms | 120ms | 300ms |\n\nMonthly availability target: 99.95%.\n'),
    },
    {name: 'a target in prose under another heading', code: sdRuntime('\n## Service Level Objectives\n\nMessage delivery p99 under 250 ms.\n')},
    {name: 'a target before the first heading', code: 'Delivery p95 < 200ms.\n\n' + sdRuntime('')},
  ],
  invalid: [
    {
      name: 'no target anywhere: the warning points at the first named section',
      code: sdRuntime('\n## Performance\n\nThe service must be fast.\n'),
      findings: ['3:1 warning slo-targets No latency or availability targets in "Runtime Characteristics"'],
    },
    {
      name: 'a latency table outside the named sections is judged like one inside',
      code: sdRuntime('\n## Performance\n\n| Operation | P50 | P95 | P99 |\n|---|---|---|---|\n| Send message | 20ms | 80 | 150ms |\n'),
      findings: ['19:25 warning slo-targets P95 target "80" of "Send message" has no unit'],
    },
  ],
});

ruleTester('slo-targets', {
  profile: 'architecture-design',
  valid: [
    {
      name: "the template's targets under a heading the profile does not name",
      code: '# Chat\n\n## Non-Functional Requirements\n\n- API response time < 200ms (p95)\n- Database query time < 50ms\n- Throughput > 1000 req/s\n- Memory usage < 512MB per instance\n- CPU usage < 70% under normal load\n',
    },
    {
      name: 'the named section says how it scales; the targets are in a section of their own',
      code: perf('Stateless API pods scale out behind the load balancer.') + '\n## Service Level Objectives\n\n### Latency\n\nAPI response time p95 < 200ms; database queries < 50ms.\n\n### Capacity\n\n> 1000 req/s per region, < 512MB and CPU < 70% per instance.\n',
    },
  ],
  invalid: [
    {
      name: 'no section and no target anywhere',
      options: {metrics: []},
      code: '# Chat\n\n## Overview\n\nA chat backend.\n',
      findings: ['1:1 error slo-targets No section for SLO targets ("Scaling and Performance")'],
    },
    {
      name: 'a size in a section that states no SLO target is not a memory target',
      code: perf('p95 < 200ms, database queries < 50ms, > 1000 req/s, CPU < 70%.') + '\n## Infrastructure\n\nAPI pods run with a 512 MB limit.\n',
      findings: ['3:1 error slo-targets No memory target in "Scaling and Performance"'],
    },
    {
      name: 'a metric stated nowhere is still missing, named at the section the profile names',
      code: perf('p95 < 200ms, database queries < 50ms, memory < 512MB, CPU < 70%.') + '\n## Capacity\n\nThroughput is not yet measured.\n',
      findings: ['3:1 error slo-targets No throughput target in "Scaling and Performance"'],
    },
  ],
});

const gate = (items: string) => `# Payments\n\n## Quality Gate\n\n${items}\n`;

ruleTester('quality-gate', {
  profile: 'service-design',
  valid: [
    gate('- [x] Service boundaries are clear\n- [x] Failure modes documented\n- [x] Scaling approach defined\n- [ ] Reviewed by the Tech Lead'),
    {
      name: 'an opposite next to the real item does not hide it',
      code: gate('- [x] Service boundaries clear\n- [ ] Failure modes not documented yet for the batch path\n- [x] Failure modes documented\n- [x] Scaling approach defined\n- [x] Reviewed by Tech Lead'),
    },
  ],
  invalid: [
    {
      name: 'a negated item does not count',
      code: gate('- [x] Service boundaries clear\n- [x] Failure modes documented\n- [ ] Scaling approach not defined\n- [ ] Reviewed by Tech Lead'),
      findings: ['8:1 error quality-gate Quality gate item missing: "Scaling approach defined"; "Scaling approach not defined" reads like it but says the opposite'],
    },
    {
      name: 'an antonym (unclear) does not count for the positive item, and the message says why',
      code: gate('- [x] Service boundaries unclear\n- [x] Failure modes documented\n- [x] Scaling approach defined\n- [x] Reviewed by Tech Lead'),
      findings: ['8:1 error quality-gate Quality gate item missing: "Service boundaries clear"; "Service boundaries unclear" reads like it but says the opposite'],
    },
    {
      name: 'un- and in- antonyms and negating words: undocumented, undefined, unreviewed, incomplete, missing',
      code: gate('- [x] Service boundaries clear\n- [x] Failure modes undocumented\n- [x] Scaling approach undefined\n- [ ] Unreviewed by Tech Lead\n- [ ] Failure modes incomplete\n- [ ] Scaling approach missing'),
      findings: [
        '10:1 error quality-gate Quality gate item missing: "Failure modes documented"; "Failure modes undocumented" reads like it but says the opposite',
        '10:1 error quality-gate Quality gate item missing: "Scaling approach defined"; "Scaling approach undefined" reads like it but says the opposite',
        '10:1 error quality-gate Quality gate item missing: "Reviewed by Tech Lead"; "Unreviewed by Tech Lead" reads like it but says the opposite',
      ],
    },
    {
      name: 'requireChecked',
      options: {requireChecked: true},
      code: gate('- [x] Service boundaries clear\n- [x] Failure modes documented\n- [x] Scaling approach defined\n- [ ] Reviewed by Tech Lead'),
      findings: ['8:1 error quality-gate Quality gate item "Reviewed by Tech Lead" is not checked'],
    },
  ],
});

// A custom profile's own items: one written item stands for one required item, and a
// required item that is itself negative matches its own wording but not its opposite.
ruleTester('quality-gate', {
  profile: 'reviewed-gate',
  define: {
    extends: 'service-design',
    sections: [{name: 'Quality Gate', checklist: {label: 'review gate', items: ['Security reviewed', 'Privacy reviewed', 'No secrets in logs', 'Rollback tested']}}],
  },
  valid: [
    gate('- [x] Security reviewed\n- [x] Privacy reviewed\n- [x] No secrets in logs\n- [x] Rollback tested'),
    {name: 'reworded items still match one each', code: gate('- [x] Privacy review done\n- [x] Security review done\n- [x] Logs carry no secrets\n- [x] Rollback was tested')},
  ],
  invalid: [
    {
      name: 'one written item does not satisfy two required items',
      code: gate('- [x] Security reviewed\n- [x] No secrets in logs\n- [x] Rollback tested'),
      findings: ['7:1 error quality-gate Review gate item missing: "Privacy reviewed"; "Security reviewed" already stands for "Security reviewed"'],
    },
    {
      name: 'one item naming both reviews stands for one of them',
      code: gate('- [x] Security and privacy reviewed\n- [x] No secrets in logs\n- [x] Rollback tested'),
      findings: ['7:1 error quality-gate Review gate item missing: "Privacy reviewed"; "Security and privacy reviewed" already stands for "Security reviewed"'],
    },
    {
      name: 'the positive of a negative item, and tested/untested',
      code: gate('- [x] Security reviewed\n- [x] Privacy reviewed\n- [x] Secrets in logs\n- [ ] Rollback untested'),
      findings: [
        '8:1 error quality-gate Review gate item missing: "No secrets in logs"; "Secrets in logs" reads like it but says the opposite',
        '8:1 error quality-gate Review gate item missing: "Rollback tested"; "Rollback untested" reads like it but says the opposite',
      ],
    },
  ],
});

ruleTester('section-order', {
  profile: 'tech-spec',
  valid: ['# T\n\n## Review Table\n## Approval Table\n## Background\n## Context\n## Objective\n'],
  invalid: [
    {
      name: 'two swapped sections: the message names both neighbours',
      code: '# T\n\n## Review Table\n## Approval Table\n## Context\n## Background\n## Objective\n',
      findings: ['6:1 warning section-order Section "Background" is out of template order; it belongs after "Approval Table" (line 4) and before "Context" (line 5)'],
    },
  ],
});

ruleTester('table-shape', {
  profile: 'service-design',
  valid: ['| A | B |\n|---|---|\n| 1 | 2 \\| 3 |\n'],
  invalid: [
    {
      name: 'short and long rows',
      code: '| A | B | C |\n|---|---|---|\n| 1 | 2 |\n| 1 | 2 | 3 | 4 |\n',
      findings: ['3:1 error table-shape Table row has 2 cells but its header has 3', '4:1 error table-shape Table row has 4 cells but its header has 3'],
    },
  ],
});
