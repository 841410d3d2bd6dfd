/**
 * quality-gate: valid / invalid tables with exact findings (see ../rule-tester.ts).
 * Many come from bugs found while writing fixtures and docs; each stays
 * here so it cannot come back.
 */
import {ruleTester} from '../rule-tester.js';

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
      findings: [{messageId: 'itemMissingOpposite', finding: '8:1 error quality-gate Quality gate item missing: "Scaling approach defined"; "Scaling approach not defined" reads like it but says the opposite'}],
    },
    {
      name: 'an antonym (unclear) does not count for the positive item, and the message says why',
      code: gate('- [x] Service boundaries unclear\n- [x] Failure modes documented\n- [x] Scaling approach defined\n- [x] Reviewed by Tech Lead'),
      findings: [{messageId: 'itemMissingOpposite', finding: '8:1 error quality-gate Quality gate item missing: "Service boundaries clear"; "Service boundaries unclear" reads like it but says the opposite'}],
    },
    {
      name: 'un- and in- antonyms and negating words: undocumented, undefined, unreviewed, incomplete, missing',
      code: gate('- [x] Service boundaries clear\n- [x] Failure modes undocumented\n- [x] Scaling approach undefined\n- [ ] Unreviewed by Tech Lead\n- [ ] Failure modes incomplete\n- [ ] Scaling approach missing'),
      findings: [
        {messageId: 'itemMissingOpposite', finding: '10:1 error quality-gate Quality gate item missing: "Failure modes documented"; "Failure modes undocumented" reads like it but says the opposite'},
        {messageId: 'itemMissingOpposite', finding: '10:1 error quality-gate Quality gate item missing: "Scaling approach defined"; "Scaling approach undefined" reads like it but says the opposite'},
        {messageId: 'itemMissingOpposite', finding: '10:1 error quality-gate Quality gate item missing: "Reviewed by Tech Lead"; "Unreviewed by Tech Lead" reads like it but says the opposite'},
      ],
    },
    {
      name: 'requireChecked',
      options: {requireChecked: true},
      code: gate('- [x] Service boundaries clear\n- [x] Failure modes documented\n- [x] Scaling approach defined\n- [ ] Reviewed by Tech Lead'),
      findings: [{messageId: 'notChecked', finding: '8:1 error quality-gate Quality gate item "Reviewed by Tech Lead" is not checked'}],
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
      findings: [{messageId: 'itemMissingTaken', finding: '7:1 error quality-gate Review gate item missing: "Privacy reviewed"; "Security reviewed" already stands for "Security reviewed"'}],
    },
    {
      name: 'one item naming both reviews stands for one of them',
      code: gate('- [x] Security and privacy reviewed\n- [x] No secrets in logs\n- [x] Rollback tested'),
      findings: [{messageId: 'itemMissingTaken', finding: '7:1 error quality-gate Review gate item missing: "Privacy reviewed"; "Security and privacy reviewed" already stands for "Security reviewed"'}],
    },
    {
      name: 'the positive of a negative item, and tested/untested',
      code: gate('- [x] Security reviewed\n- [x] Privacy reviewed\n- [x] Secrets in logs\n- [ ] Rollback untested'),
      findings: [
        {messageId: 'itemMissingOpposite', finding: '8:1 error quality-gate Review gate item missing: "No secrets in logs"; "Secrets in logs" reads like it but says the opposite'},
        {messageId: 'itemMissingOpposite', finding: '8:1 error quality-gate Review gate item missing: "Rollback tested"; "Rollback untested" reads like it but says the opposite'},
      ],
    },
  ],
});

// One invalid case for each message the tables above do not report (test/rule-messages.test.ts).
ruleTester('quality-gate', {
  profile: 'service-design',
  valid: [],
  invalid: [
    {
      name: 'a plain list is no checklist',
      code: gate('- Service boundaries clear\n- Failure modes documented'),
      findings: [{messageId: 'noChecklist', finding: '3:1 error quality-gate Section "Quality Gate" has no quality gate (task list)'}],
    },
    {
      name: 'an item missing with no near miss, reported after the last item',
      code: gate('- [ ] Service boundaries clear\n- [ ] Failure modes documented\n- [ ] Scaling approach defined'),
      findings: [{messageId: 'itemMissing', finding: '7:1 error quality-gate Quality gate item missing: "Reviewed by Tech Lead"'}],
    },
  ],
});
