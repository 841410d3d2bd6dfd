/**
 * slo-consistency: valid / invalid tables with exact findings (see ../rule-tester.ts).
 * Many come from bugs found while writing fixtures and docs; each stays
 * here so it cannot come back.
 */
import {ruleTester} from '../rule-tester.js';

const latency = (rows: string) => `# Payments\n\n## Performance\n\n### Latency Targets\n\n| Operation | P50 | P95 | P99 | Timeout |\n|---|---|---|---|---|\n${rows}\n`;

const perf = (body: string) => `# Chat\n\n## Scaling and Performance\n\n${body}\n`;

ruleTester('slo-consistency', {
  profile: 'backend-spec',
  valid: [latency('| GET by ID | < 30ms | < 100ms | < 200ms | 5s |'), 'Availability: 99.95% availability per month.\n'],
  invalid: [
    {
      name: 'P95 faster than P50, P99 above the timeout',
      code: latency('| LIST | < 100ms | < 80ms | < 500ms | 300ms |'),
      findings: [
        {messageId: 'percentileBelow', finding: '9:20 error slo-consistency P95 target 80 ms of "LIST" is below its P50 (100 ms)'},
        {messageId: 'aboveTimeout', finding: '9:29 error slo-consistency P99 target 500 ms of "LIST" is above its timeout (300 ms)'},
      ],
    },
    {name: 'availability over 100 %', code: 'We promise 199.9% availability.\n', findings: [{messageId: 'availabilityRange', finding: '1:12 error slo-consistency Availability target 199.9% is not a percentage between 0 and 100'}]},
  ],
});

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
        {messageId: 'aboveMax', finding: "5:3 error slo-consistency API p95 latency target 350 ms does not meet the profile's threshold (at most 200 ms)"},
        {messageId: 'aboveMax', finding: "6:3 error slo-consistency Database query time target 80 ms does not meet the profile's threshold (at most 50 ms)"},
        {messageId: 'belowMin', finding: "7:16 error slo-consistency Throughput target 600 req/s does not meet the profile's threshold (at least 1000 req/s)"},
        {messageId: 'aboveMax', finding: "8:3 error slo-consistency Memory per instance target 1024 MB does not meet the profile's threshold (at most 512 MB)"},
        {messageId: 'aboveMax', finding: "9:3 error slo-consistency CPU target 85 % does not meet the profile's threshold (at most 70 %)"},
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
        {messageId: 'aboveMax', finding: "5:3 error slo-consistency API p95 latency target 350 ms does not meet the profile's threshold (at most 200 ms)"},
        {messageId: 'belowMin', finding: "6:16 error slo-consistency Throughput target 600 req/s does not meet the profile's threshold (at least 1000 req/s)"},
      ],
    },
    {
      name: 'the named section states no throughput; the section with the SLOs does',
      code: perf('Stateless pods scale out behind the load balancer.') + '\n## Service Level Objectives\n\nAPI response time p95 < 150 ms at 600 req/s.\n',
      findings: [{messageId: 'belowMin', finding: "9:35 error slo-consistency Throughput target 600 req/s does not meet the profile's threshold (at least 1000 req/s)"}],
    },
  ],
});

ruleTester('slo-consistency', {
  profile: 'architecture-design',
  valid: [],
  invalid: [
    {
      name: 'targets in table rows, once each; reversed wording',
      code: perf('| Metric | Target |\n|---|---|\n| API p95 latency | 350 ms |\n| CPU < 85% | per pod |\n\np95 API response time < 350ms. Peak load 85% CPU.'),
      findings: [
        {messageId: 'aboveMax', finding: "7:1 error slo-consistency API p95 latency target 350 ms does not meet the profile's threshold (at most 200 ms)"},
        {messageId: 'aboveMax', finding: "8:1 error slo-consistency CPU target 85 % does not meet the profile's threshold (at most 70 %)"},
        {messageId: 'aboveMax', finding: "10:1 error slo-consistency API p95 latency target 350 ms does not meet the profile's threshold (at most 200 ms)"},
        {messageId: 'aboveMax', finding: "10:42 error slo-consistency CPU target 85 % does not meet the profile's threshold (at most 70 %)"},
      ],
    },
  ],
});
