/**
 * honest-checklist: valid / invalid tables with exact findings (see ../rule-tester.ts).
 * Many come from bugs found while writing fixtures and docs; each stays
 * here so it cannot come back.
 */
import {ruleTester} from '../rule-tester.js';

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
      findings: [{messageId: 'lacksField', finding: '29:1 error honest-checklist "Failure modes documented" is checked, but failure scenario "Card processor outage" has no Detection'}],
    },
  ],
});

// One invalid case for each message the tables above do not report (test/rule-messages.test.ts).
const claims = {
  sections: [
    {name: 'Scaling'},
    {name: 'Failures', each: {label: 'scenario', fields: ['Trigger', 'Impact'], allowTable: true}},
    {name: 'Limits', tables: [{id: 'limits', label: 'limits table', columns: ['Limit', 'Value']}]},
    {
      name: 'Gate',
      checklist: {
        items: [
          {text: 'Scaling defined', implies: {section: 'Scaling'}},
          {text: 'Failures documented', implies: {complete: 'Failures'}},
          {text: 'Limits listed', implies: {table: 'limits', minRows: 2}},
        ],
      },
    },
  ],
};
const checked = '## Gate\n\n- [x] Scaling defined\n- [x] Failures documented\n- [x] Limits listed\n';
const twoLimits = '## Limits\n\n| Limit | Value |\n|---|---|\n| rps | 100 |\n| burst | 200 |\n';

ruleTester('honest-checklist', {
  profile: 'gated',
  define: claims,
  valid: [`# S\n\n## Scaling\n\nOut.\n\n## Failures\n\n### Outage\n\n- **Trigger:** 5xx\n- **Impact:** fails\n\n${twoLimits}\n${checked}`],
  invalid: [
    {
      name: 'a section claim: the section is missing',
      code: `# S\n\n## Failures\n\n### Outage\n\n- **Trigger:** 5xx\n- **Impact:** fails\n\n${twoLimits}\n${checked}`,
      findings: [{messageId: 'noSection', finding: '19:1 error honest-checklist "Scaling defined" is checked, but the spec has no "Scaling" section'}],
    },
    {
      name: 'a section claim: the section is empty',
      code: `# S\n\n## Scaling\n\n## Failures\n\n### Outage\n\n- **Trigger:** 5xx\n- **Impact:** fails\n\n${twoLimits}\n${checked}`,
      findings: [{messageId: 'sectionEmpty', finding: '21:1 error honest-checklist "Scaling defined" is checked, but "Scaling" is empty'}],
    },
    {
      name: 'a complete claim with no scenario, and a table claim with no table',
      code: `# S\n\n## Scaling\n\nOut.\n\n## Failures\n\nWe handle failures.\n\n## Limits\n\nAbout 100 rps.\n\n${checked}`,
      findings: [
        {messageId: 'listsNone', finding: '18:1 error honest-checklist "Failures documented" is checked, but "Failures" lists no scenario'},
        {messageId: 'noTable', finding: '19:1 error honest-checklist "Limits listed" is checked, but the spec has no limits table'},
      ],
    },
    {
      name: 'a scenario table without a field column, and too few filled rows',
      code: `# S\n\n## Scaling\n\nOut.\n\n## Failures\n\n| Scenario | Trigger |\n|---|---|\n| Outage | 5xx |\n\n## Limits\n\n| Limit | Value |\n|---|---|\n| rps | 100 |\n|  |  |\n\n${checked}`,
      findings: [
        {messageId: 'noColumn', finding: '23:1 error honest-checklist "Failures documented" is checked, but its scenario table has no Impact column'},
        {messageId: 'fewRows', finding: '24:1 error honest-checklist "Limits listed" is checked, but the limits table has 1 filled row'},
      ],
    },
    {
      name: 'a scenario with an empty field',
      code: `# S\n\n## Scaling\n\nOut.\n\n## Failures\n\n### Outage\n\n- **Trigger:** 5xx\n- **Impact:**\n\n${twoLimits}\n${checked}`,
      findings: [{messageId: 'emptyField', finding: '24:1 error honest-checklist "Failures documented" is checked, but scenario "Outage" has an empty Impact'}],
    },
  ],
});
