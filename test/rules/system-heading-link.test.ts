/**
 * system-heading-link: a RuleTester-style table over small repositories. Each
 * case is a set of files (path → Markdown), linted as a run would lint them
 * (lintText with the facts for the checks across specs), then checked
 * together; `valid` repositories give no finding of the rule, each `invalid`
 * one exactly the listed findings (FILE LINE:COL RULE MESSAGE).
 */
import {describe, expect, it} from 'vitest';
import {lintText} from '../../src/engine/lint.js';
import {builtinProfiles} from '../../src/profiles/built-in.js';
import {systemFindings} from '../../src/system/checks.js';
import type {SpecFacts} from '../../src/system/model.js';

type Repo = Record<string, string>;

async function findings(repo: Repo): Promise<string[]> {
  const profiles = builtinProfiles();
  const facts: SpecFacts[] = [];
  for (const [file, text] of Object.entries(repo)) {
    const outcome = await lintText(text, {filePath: file, profiles, explicit: true, systemFacts: true});
    expect(outcome.facts, `${file} has facts`).toBeDefined();
    expect(outcome.result && 'facts' in outcome.result, 'the facts stay out of the result').toBe(false);
    facts.push(outcome.facts!);
  }
  return systemFindings(facts)
    .filter((f) => f.ruleId === 'system-heading-link')
    .map((f) => `${f.file} ${f.line}:${f.column} ${f.ruleId} ${f.message}`);
}

const payments = [
  '# Payments Service Design',
  '',
  '## Failure Modes',
  '',
  '### Processor down (Stripe)',
  '',
  '## Notes',
  '',
  '## Notes',
  '',
  '- ## Listed heading',
  '',
  '> ## Quoted heading',
  '',
  '<a name="retry-policy"></a>',
  '',
  '## `PUT /v1/payments/{id}` & Co.',
  '',
].join('\n');

const orders = (body: string) => `# Orders Service Design\n\n## Dependencies\n\n${body}\n`;

const cases: {valid: Array<{name: string; repo: Repo}>; invalid: Array<{name: string; repo: Repo; findings: string[]}>} = {
  valid: [
    {name: 'a heading of another spec, by its GitHub anchor', repo: {'orders.md': orders('See [x](payments.md#failure-modes).'), 'payments.md': payments}},
    {name: './ and ../ paths', repo: {'svc/orders.md': orders('See [x](./../payments.md#notes) and [y](../svc/../payments.md#failure-modes).'), 'payments.md': payments}},
    {name: 'a repeated heading: -1', repo: {'orders.md': orders('See [x](payments.md#notes-1).'), 'payments.md': payments}},
    {name: 'punctuation and code in the heading', repo: {'orders.md': orders('See [x](payments.md#put-v1paymentsid--co) and [y](payments.md#processor-down-stripe).'), 'payments.md': payments}},
    {name: 'headings in lists and block quotes', repo: {'orders.md': orders('See [x](payments.md#listed-heading), [y](payments.md#quoted-heading).'), 'payments.md': payments}},
    {name: 'an HTML anchor', repo: {'orders.md': orders('See [x](payments.md#retry-policy).'), 'payments.md': payments}},
    {name: 'another case, and percent-encoding', repo: {'orders.md': orders('See [x](payments.md#Failure-Modes) and [y](payments%2Emd#failure%2Dmodes).'), 'payments.md': payments}},
    {name: 'a link definition that resolves', repo: {'orders.md': orders('See [the modes][m].\n\n[m]: payments.md#failure-modes'), 'payments.md': payments}},
    {name: 'a file that is not linted: never judged', repo: {'orders.md': orders('See [x](runbook.md#nothing-here) and [y](../other/payments.md#nope).'), 'payments.md': payments}},
    {name: 'a same-file anchor: not in scope', repo: {'orders.md': orders('See [x](#nowhere).'), 'payments.md': payments}},
    {name: 'URLs with a scheme or host, root paths, line anchors and queries', repo: {'orders.md': orders('[a](https://example.com/payments.md#x) [b](//cdn/payments.md#x) [c](/payments.md#x) [d](payments.md#L10-L20) [e](payments.md?plain=1#x)'), 'payments.md': payments}},
    {name: 'a link in code is no link', repo: {'orders.md': orders('`[x](payments.md#nope)`\n\n```markdown\n[x](payments.md#nope)\n```'), 'payments.md': payments}},
  ],
  invalid: [
    {
      name: 'a near miss: the closest heading with its line',
      repo: {'orders.md': orders('See [x](payments.md#failure-mode).'), 'payments.md': payments},
      findings: ['orders.md 5:5 system-heading-link Link "payments.md#failure-mode" names no heading of payments.md: the closest is "Failure Modes" (#failure-modes, payments.md:3)'],
    },
    {
      name: 'nothing close: no suggestion',
      repo: {'orders.md': orders('See [x](./payments.md#capacity-planning).'), 'payments.md': payments},
      findings: ['orders.md 5:5 system-heading-link Link "./payments.md#capacity-planning" names no heading of payments.md'],
    },
    {
      name: 'from a folder, at the link definition',
      repo: {'svc/orders.md': orders('See [the modes][m].\n\n[m]: ../payments.md#notes-2'), 'payments.md': payments},
      findings: ['svc/orders.md 7:1 system-heading-link Link "../payments.md#notes-2" names no heading of payments.md: the closest is "Notes" (#notes-1, payments.md:9)'],
    },
    {
      name: 'each broken link of each spec, in file order',
      repo: {
        'orders.md': orders('[a](payments.md#failure-modes) [b](payments.md#retry) [c](payments.md#notes)'),
        'payments.md': `${payments}\nBack to [orders](orders.md#dependencys).\n`,
      },
      findings: [
        'orders.md 5:32 system-heading-link Link "payments.md#retry" names no heading of payments.md',
        'payments.md 19:9 system-heading-link Link "orders.md#dependencys" names no heading of orders.md: the closest is "Dependencies" (#dependencies, orders.md:3)',
      ],
    },
  ],
};

describe('system-heading-link', () => {
  describe('valid', () => {
    for (const c of cases.valid) it(c.name, async () => expect(await findings(c.repo)).toEqual([]));
  });
  describe('invalid', () => {
    for (const c of cases.invalid) it(c.name, async () => expect(await findings(c.repo)).toEqual(c.findings));
  });
});
