/**
 * empty-section: valid / invalid tables with exact findings (see ../rule-tester.ts).
 * Many come from bugs found while writing fixtures and docs; each stays
 * here so it cannot come back.
 */
import {ruleTester} from '../rule-tester.js';

ruleTester('empty-section', {
  profile: 'service-design',
  valid: [{name: 'text between two comments is content', code: '# P\n\n## Deployment\n\n<!-- strategy --> Blue-green deploys. <!-- checks -->\n'}],
  invalid: [
    {name: 'comment only', code: '# P\n\n## Deployment\n\n<!-- strategy, health checks -->\n\n## Observability\n\nMetrics.\n', findings: [{messageId: 'empty', finding: '3:1 error empty-section Section "Deployment" is empty'}]},
    {
      name: 'minWords from options',
      options: {minWords: 5},
      code: '# P\n\n## Overview\n\nCaptures card payments.\n',
      findings: [{messageId: 'tooShort', finding: '3:1 error empty-section Section "Overview" has 3 words; at least 5 expected'}],
    },
  ],
});
