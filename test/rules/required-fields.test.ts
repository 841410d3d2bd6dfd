/**
 * required-fields: valid / invalid tables with exact findings (see ../rule-tester.ts).
 * Many come from bugs found while writing fixtures and docs; each stays
 * here so it cannot come back.
 */
import {ruleTester} from '../rule-tester.js';

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
        {messageId: 'fieldMissing', finding: '5:1 error required-fields Failure scenario "Processor outage" is missing the **Detection:** field'},
        {messageId: 'fieldEmpty', finding: '9:3 error required-fields Field **Recovery:** of failure scenario "Processor outage" is empty'},
      ],
    },
    {
      name: 'table form: a dash is not a value',
      code: `# Payments\n\n## Failure Modes\n\n| Scenario | Trigger | Detection | Impact | Recovery | Manual Intervention |\n|---|---|---|---|---|---|\n| Outage | 5xx | Alert | Fails | Retry | - |\n`,
      findings: [{messageId: 'cellEmpty', finding: '7:42 error required-fields Failure scenario "Outage" has an empty Manual Intervention'}],
    },
    {
      name: 'no scenario at all',
      code: `# Payments\n\n## Failure Modes\n\nWe handle failures gracefully.\n`,
      findings: [{messageId: 'fewSubsections', finding: '3:1 error required-fields "Failure Modes" has 0 failure scenarios; at least 1 expected'}],
    },
  ],
});

// One invalid case for each message the tables above do not report (test/rule-messages.test.ts).
ruleTester('required-fields', {
  profile: 'service-design',
  valid: [],
  invalid: [
    {
      name: 'table form: a field column missing',
      code: `# Payments\n\n## Failure Modes\n\n| Scenario | Trigger | Detection | Impact | Recovery |\n|---|---|---|---|---|\n| Outage | 5xx | Alert | Fails | Retry |\n`,
      findings: [{messageId: 'columnMissing', finding: '5:1 error required-fields The failure scenario table in "Failure Modes" is missing the "Manual Intervention" column'}],
    },
  ],
});

ruleTester('required-fields', {
  profile: 'mini',
  define: {sections: [{name: 'Failures', each: {label: 'scenario', min: 2, fields: ['Trigger'], allowTable: true}}]},
  valid: [],
  invalid: [
    {
      name: 'table form: fewer rows than each.min',
      code: `# S\n\n## Failures\n\n| Scenario | Trigger |\n|---|---|\n| Outage | 5xx |\n`,
      findings: [{messageId: 'fewRows', finding: '5:1 error required-fields "Failures" lists 1 scenarios; at least 2 expected'}],
    },
  ],
});
