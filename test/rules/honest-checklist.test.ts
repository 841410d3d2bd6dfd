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
      findings: ['29:1 error honest-checklist "Failure modes documented" is checked, but failure scenario "Card processor outage" has no Detection'],
    },
  ],
});
