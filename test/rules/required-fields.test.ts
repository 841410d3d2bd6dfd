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
