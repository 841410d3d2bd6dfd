/**
 * slo-targets: valid / invalid tables with exact findings (see ../rule-tester.ts).
 * Many come from bugs found while writing fixtures and docs; each stays
 * here so it cannot come back.
 */
import {ruleTester} from '../rule-tester.js';

const perf = (body: string) => `# Chat\n\n## Scaling and Performance\n\n${body}\n`;

const metricsOff = {metrics: []};

// Targets count wherever the spec states them; the profile's sections only say where the hint points.
const sdRuntime = (rest: string) =>
  `# Chat Service\n\n## Runtime Characteristics\n\nEach WebSocket connection is pinned to one pod.\n\n## Scaling Approach\n\nPods scale out at 40k connections.\n\n## Observability\n\nDashboards for fan-out lag.\n${rest}`;

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
      findings: [{messageId: 'proseNoUnit', finding: '5:14 error slo-targets Latency target "p95 < 200" has no unit'}],
    },
    {
      name: 'unitless target with no operator',
      options: metricsOff,
      code: perf('Reads: p99 200 at peak; p95 < 120ms.'),
      findings: [{messageId: 'proseNoUnit', finding: '5:8 error slo-targets Latency target "p99 200" has no unit'}],
    },
    {
      name: 'availability zones are not an availability target',
      options: {metrics: [], require: 'availability'},
      code: perf('Pods run in three availability zones and scale out at 70% CPU.'),
      findings: [{messageId: 'noAvailability', finding: '3:1 error slo-targets No availability target in "Scaling and Performance"'}],
    },
    {
      name: 'latency table cell without a unit',
      options: metricsOff,
      code: perf('| Operation | P50 | P95 | P99 | Timeout |\n|---|---|---|---|---|\n| Send | < 30ms | 120 | < 300ms | 5s |'),
      findings: [{messageId: 'cellNoUnit', finding: '7:19 error slo-targets P95 target "120" of "Send" has no unit'}],
    },
    {
      name: 'metrics the profile asks for',
      code: perf('p95 < 200ms for every endpoint.'),
      findings: [
        {messageId: 'noMetric', finding: '3:1 error slo-targets No database query time target in "Scaling and Performance"'},
        {messageId: 'noMetric', finding: '3:1 error slo-targets No throughput target in "Scaling and Performance"'},
        {messageId: 'noMetric', finding: '3:1 error slo-targets No memory target in "Scaling and Performance"'},
        {messageId: 'noMetric', finding: '3:1 error slo-targets No CPU target in "Scaling and Performance"'},
      ],
    },
  ],
});

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
      findings: [{messageId: 'noTargets', finding: '3:1 warning slo-targets No latency or availability targets in "Runtime Characteristics"'}],
    },
    {
      name: 'a latency table outside the named sections is judged like one inside',
      code: sdRuntime('\n## Performance\n\n| Operation | P50 | P95 | P99 |\n|---|---|---|---|\n| Send message | 20ms | 80 | 150ms |\n'),
      findings: [{messageId: 'cellNoUnit', finding: '19:25 warning slo-targets P95 target "80" of "Send message" has no unit'}],
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
      findings: [{messageId: 'noSection', finding: '1:1 error slo-targets No section for SLO targets ("Scaling and Performance")'}],
    },
    {
      name: 'a size in a section that states no SLO target is not a memory target',
      code: perf('p95 < 200ms, database queries < 50ms, > 1000 req/s, CPU < 70%.') + '\n## Infrastructure\n\nAPI pods run with a 512 MB limit.\n',
      findings: [{messageId: 'noMetric', finding: '3:1 error slo-targets No memory target in "Scaling and Performance"'}],
    },
    {
      name: 'a metric stated nowhere is still missing, named at the section the profile names',
      code: perf('p95 < 200ms, database queries < 50ms, memory < 512MB, CPU < 70%.') + '\n## Capacity\n\nThroughput is not yet measured.\n',
      findings: [{messageId: 'noMetric', finding: '3:1 error slo-targets No throughput target in "Scaling and Performance"'}],
    },
  ],
});

// One invalid case for each message the tables above do not report (test/rule-messages.test.ts).
ruleTester('slo-targets', {
  profile: 'architecture-design',
  valid: [],
  invalid: [
    {
      name: 'a latency table lacking a percentile column, and a cell with no number',
      options: {metrics: [], percentiles: ['P50', 'P95', 'P99']},
      code: perf('| Operation | P50 | P95 |\n|---|---|---|\n| Send | < 30ms | fast |'),
      findings: [
        {messageId: 'missingPercentile', finding: '5:1 error slo-targets Latency target table lacks percentile column P99'},
        {messageId: 'cellNotNumber', finding: '7:19 error slo-targets P95 target of "Send" is not a number with a unit'},
      ],
    },
    {
      name: 'a latency table lacking several percentile columns',
      options: {metrics: [], percentiles: ['P95', 'P99']},
      code: perf('| Operation | P50 |\n|---|---|\n| Send | 30ms |'),
      findings: [{messageId: 'missingPercentiles', finding: '5:1 error slo-targets Latency target table lacks percentile columns P95, P99'}],
    },
    {
      name: 'require latency: an availability target is not enough',
      options: {metrics: [], require: 'latency'},
      code: perf('Availability 99.9%.'),
      findings: [{messageId: 'noLatency', finding: '3:1 error slo-targets No latency targets in "Scaling and Performance"'}],
    },
  ],
});
