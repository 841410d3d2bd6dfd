/**
 * `speclint init`. The property, for every built-in profile and variant: a
 * fresh skeleton has no structural finding, only no-placeholders (one per
 * TODO), and the skeleton filled in (each "TODO: e.g. X" replaced by X, each
 * other TODO by prose) lints clean, warnings included. Then the generic
 * parts (repeat, oneOf, content, minWords, each without examples) on a custom
 * profile, and the command through the built bin.
 */
import {spawnSync} from 'node:child_process';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {skeletonFor} from '../src/authoring/init.js';
import {lintText} from '../src/engine/lint.js';
import {columnName, presenceOf, walkSpecs, type Profile} from '../src/profiles/types.js';
import {builtinProfiles, resolveProfiles} from '../src/profiles/built-in.js';
import {profileSchema, validateOrThrow} from '../src/profiles/schema.js';
import {findingLine, lintFixture, tempDirs} from './helpers.js';

const repo = join(import.meta.dirname, '..');
const bin = join(repo, 'bin', 'speclint.js');
const tempDir = tempDirs();

const WORDS = 'the team keeps each request within its budget and reports every change to the owners who review it before release so nothing ships unseen'.split(' ');

/** Plain prose of `count` words: no digits, names or markers any rule reads. */
function prose(count: number): string {
  const words = Array.from({length: count}, (_, i) => WORDS[i % WORDS.length]!);
  const text = words.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/**
 * What an author does with a skeleton: every "TODO: e.g. X" (to the end of
 * its line or table cell) becomes X, every other "TODO: ..." becomes prose,
 * as many words as it asks for ("at least N words") and at least twelve.
 */
function fill(skeleton: string): string {
  return skeleton
    .replace(/TODO: e\.g\. (.+?)(?=\s+\||$)/gm, '$1')
    .replace(/TODO: (.+?)(?=\s+\||$)/gm, (_all, what: string) => prose(Math.max(12, Number(/at least (\d+) words/.exec(what)?.[1] ?? 0))));
}

/** TODO markers outside HTML comments: each must be one no-placeholders finding. */
function todoCount(text: string): number {
  return (text.replace(/<!--[\s\S]*?-->/g, '').match(/\bTODO\b/g) ?? []).length;
}

const builtins = builtinProfiles();

describe('skeletonFor: every built-in profile and variant', () => {
  it('covers the five profiles and the eight tech-spec variants', () => {
    const names = [...builtins.keys()];
    expect(names).toEqual(expect.arrayContaining(['service-design', 'backend-spec', 'tech-spec', 'architecture-design', 'backend-design']));
    for (const type of ['ddd', 'clean', 'microservices', 'event-sourcing', 'soa', 'document', 'monolith', 'timeseries']) {
      expect(names).toContain(`tech-spec:${type}`);
    }
  });

  for (const [name, profile] of builtins) {
    describe(name, () => {
      const skeleton = skeletonFor(profile, {name: 'Order Service'});

      it('a fresh skeleton gets no-placeholders findings only, one per TODO, and is detected as its profile', async () => {
        const result = await lintFixture(skeleton, `${name.replace(':', '.')}-skeleton.md`);
        expect(result.profile?.name).toBe(name);
        expect(result.messages.filter((m) => m.ruleId !== 'no-placeholders').map(findingLine)).toEqual([]);
        expect(result.messages.length).toBeGreaterThan(0);
        expect(result.messages.length).toBe(todoCount(skeleton));
      });

      it('filled in, it lints clean (no error, no warning), with the value rules running', async () => {
        const filled = fill(skeleton);
        expect(todoCount(filled)).toBe(0);
        const result = await lintFixture(filled, `${name.replace(':', '.')}-filled.md`);
        expect(result.profile?.name).toBe(name);
        expect(result.messages.map(findingLine)).toEqual([]);
        const enabled = Object.entries(profile.rules)
          .filter(([, setting]) => setting !== 'off' && setting !== 0 && !(Array.isArray(setting) && (setting[0] === 'off' || setting[0] === 0)))
          .map(([id]) => id);
        expect(result.rulesRun.sort()).toEqual(enabled.sort());
      });

      it('has the title, every required and recommended section, and each table header, field and checklist item', () => {
        expect(skeleton.split('\n')[0]).toBe('# Order Service');
        const headings = skeleton.split('\n').filter((l) => /^#{2,6} /.test(l)).map((l) => l.replace(/^#+ /, ''));
        walkSpecs(profile.sections, (located) => {
          for (let l: typeof located | undefined = located; l; l = l.parent) if (presenceOf(l.spec) === 'optional') return;
          const {spec} = located;
          expect(headings, spec.name).toContain(spec.name);
          for (const table of spec.tables ?? []) {
            expect(skeleton).toContain(`| ${table.columns.map((c) => columnName(c).name).join(' | ')} |`);
          }
          for (const field of (spec.fields ?? []).map(columnName)) expect(skeleton).toContain(`- **${field.name}:** TODO: e.g. ${field.example}`);
          for (const item of spec.checklist?.items ?? []) expect(skeleton).toContain(`- [ ] ${typeof item === 'string' ? item : item.text}`);
          if (spec.diagram) expect(skeleton).toMatch(new RegExp(`\`\`\`mermaid\\n${spec.diagram === 'stateDiagram' ? 'stateDiagram-v2' : spec.diagram}`));
        });
        for (const optional of profile.sections.filter((s) => presenceOf(s) === 'optional')) expect(headings).not.toContain(optional.name);
      });
    });
  }

  it('defaults the title to the profile title', () => {
    const profile = builtins.get('backend-design')!;
    expect(skeletonFor(profile).split('\n')[0]).toBe(`# ${profile.title}`);
  });
});

describe('the examples are really judged by the value rules', () => {
  // Each control breaks one example the way an author might: the rule that
  // guards it must fire, so the clean runs above are not vacuous.
  const cases: Array<{profile: string; from: string; to: string; rule: string; message: RegExp}> = [
    {profile: 'service-design', from: 'TODO: e.g. 2s', to: '2000', rule: 'dependency-table', message: /Timeout "2000" of "PostgreSQL" is not a duration/},
    {profile: 'service-design', from: 'TODO: e.g. Critical', to: 'Important', rule: 'dependency-table', message: /Criticality "Important"/},
    {profile: 'backend-spec', from: 'TODO: e.g. < 300ms', to: '< 5s', rule: 'slo-consistency', message: /P99 target 5 s of "CreateOrder" is above its timeout/},
    {profile: 'backend-spec', from: 'TODO: e.g. BR-001', to: 'RULE-1', rule: 'identifiers', message: /Business rule id "RULE-1"/},
    {profile: 'architecture-design', from: 'TODO: e.g. API response time p95 < 200 ms', to: 'API response time p95 < 350 ms', rule: 'slo-consistency', message: /API p95 latency target 350 ms/},
  ];
  for (const c of cases) {
    it(`${c.profile}: ${c.from} -> ${c.to} is a ${c.rule} finding`, async () => {
      const skeleton = skeletonFor(builtins.get(c.profile)!, {name: 'Order Service'});
      expect(skeleton).toContain(c.from);
      const result = await lintFixture(fill(skeleton.replace(c.from, c.to)), 'control.md', {profile: c.profile});
      expect(result.messages.map(findingLine)).toEqual([expect.stringMatching(new RegExp(`^\\d+:\\d+ (error|warning) ${c.rule} ${c.message.source}`))]);
    });
  }
});

describe('skeletonFor: a custom profile with repeat, oneOf, content, minWords, each and targets', () => {
  const raw = {
    name: 'rfc-lite',
    title: 'Lightweight RFC',
    sections: [
      {name: 'Summary', description: 'what is proposed, in one paragraph', minWords: 40},
      {name: 'Stories', sections: [{name: 'Story', pattern: '^Story \\d+$', repeat: {min: 2}, fields: ['As a', {name: 'Acceptance', example: 'Given a cart, when I pay, then I get a receipt'}]}]},
      {
        name: 'Design',
        oneOf: [
          {label: 'current template', sections: [{name: 'Proposal', content: {code: 'sql', list: true}}]},
          {label: 'old template', sections: [{name: 'Approach'}]},
        ],
      },
      {name: 'Rollout', content: {table: 2}, tables: [{id: 'phases', columns: ['Phase', {name: 'Date', example: '2026-03-01'}]}]},
      {name: 'Risks', each: {label: 'risk', min: 2, fields: ['Likelihood', 'Mitigation']}},
      {name: 'Lifecycle', diagram: 'stateDiagram', sections: [{name: 'Transitions', tables: [{id: 'transitions', columns: ['From', 'To', 'Trigger']}]}]},
      {name: 'Sign-off', checklist: {items: ['Security reviewed', 'Owners agreed']}},
      {name: 'Appendix', presence: 'optional'},
    ],
    rules: {
      'required-sections': 'error',
      'recommended-sections': 'warn',
      'section-order': 'warn',
      'empty-section': 'error',
      'no-placeholders': 'error',
      'required-table': 'error',
      'table-filled': 'error',
      'table-shape': 'error',
      'required-fields': 'error',
      'quality-gate': 'error',
      'section-content': 'error',
      'code-blocks': 'error',
      'required-diagram': 'error',
      'slo-targets': ['error', {sections: ['Rollout'], require: 'availability'}],
    },
  };

  function load(): {profile: Profile; profiles: Map<string, Profile>} {
    validateOrThrow(profileSchema, raw, 'rfc-lite');
    const profiles = resolveProfiles(new Map([['rfc-lite', structuredClone(raw) as unknown as Profile]]), 'test');
    return {profile: profiles.get('rfc-lite')!, profiles};
  }

  const lint = async (text: string, profiles: Map<string, Profile>) =>
    (await lintText(text, {filePath: 'rfc.md', profiles, forcedProfile: 'rfc-lite', explicit: true})).result!;

  it('writes the minimum instances, the first alternative, the content asked for, and no optional section', () => {
    const skeleton = skeletonFor(load().profile, {name: 'Checkout Receipts'});
    expect(skeleton).toMatch(/^### Story 1$/m);
    expect(skeleton).toMatch(/^### Story 2$/m);
    expect(skeleton).toMatch(/^## Proposal$/m);
    expect(skeleton).not.toMatch(/Approach|Appendix/);
    expect(skeleton).toContain('```sql\n');
    expect(skeleton).toContain('(at least 40 words)');
    expect(skeleton.match(/^### TODO: name this risk \(\d\)$/gm)).toHaveLength(2);
    expect(skeleton).toContain('| Phase | Date |\n| --- | --- |\n| TODO: phase | TODO: e.g. 2026-03-01 |');
    expect(skeleton).toContain('- TODO: e.g. 99.9% availability');
    // The transition table below the state diagram names the diagram's states.
    expect(skeleton).toContain('| From | To | Trigger |\n| --- | --- | --- |\n| Pending | Active | TODO: trigger |\n| Pending | Cancelled | TODO: trigger |');
  });

  it('the skeleton gets no-placeholders findings (and minWords not met yet) only; filled in, none at all', async () => {
    const {profile, profiles} = load();
    const skeleton = skeletonFor(profile, {name: 'Checkout Receipts'});
    const fresh = await lint(skeleton, profiles);
    // A placeholder is one short line: a section that asks for 40 words does not have them yet.
    expect(fresh.messages.filter((m) => m.ruleId !== 'no-placeholders').map(findingLine)).toEqual([
      expect.stringMatching(/^\d+:1 error empty-section Section "Summary" has \d+ words; at least 40 expected$/),
    ]);
    expect(fresh.messages.filter((m) => m.ruleId === 'no-placeholders').length).toBe(todoCount(skeleton));
    const filled = await lint(fill(skeleton), profiles);
    expect(filled.messages.map(findingLine)).toEqual([]);
  });

  it('one placeholder left in is exactly one finding', async () => {
    const {profile, profiles} = load();
    const skeleton = skeletonFor(profile);
    expect(skeleton).toContain('TODO: Write the Proposal section.');
    const partly = fill(skeleton.replace('TODO: Write the Proposal', 'KEEP: Write the Proposal')).replace('KEEP: ', 'TODO: ');
    const result = await lint(partly, profiles);
    expect(result.messages.map(findingLine)).toEqual([expect.stringMatching(/^\d+:1 error no-placeholders Template placeholder "TODO"/)]);
  });
});

function run(args: string[], options: {cwd?: string; input?: string} = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? repo,
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 20_000,
    env: {...process.env, NO_COLOR: '1', FORCE_COLOR: '0'},
  });
  return {code: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal};
}

function expectOneLineError(stderr: string, text: string | RegExp) {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^speclint: error: /);
  expect(lines[0]).toMatch(text);
}

describe('speclint init (the built bin)', () => {
  it('prints the skeleton on stdout', () => {
    const r = run(['init', '--profile', 'backend-design', '--name', 'Inventory Service']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(skeletonFor(builtins.get('backend-design')!, {name: 'Inventory Service'}));
  });

  it('takes a variant as --variant or in the name; standard is the base profile', () => {
    const colon = run(['init', '-p', 'tech-spec:ddd']);
    expect(colon.code).toBe(0);
    expect(colon.stdout).toContain('## Domain-Driven Design');
    expect(run(['init', '-p', 'tech-spec', '--variant', 'ddd']).stdout).toBe(colon.stdout);
    const standard = run(['init', '-p', 'tech-spec', '--variant', 'standard']);
    expect(standard.code).toBe(0);
    expect(standard.stdout).toBe(run(['init', '-p', 'tech-spec']).stdout);
    expect(standard.stdout).not.toContain('## Paradigm');
  });

  it('-o writes the file, which lints with placeholder findings only; it refuses to overwrite it without --force', () => {
    const dir = tempDir('speclint-init-');
    const w = run(['init', '-p', 'service-design', '--name', 'Payment Service', '-o', 'spec.md'], {cwd: dir});
    expect(w.code).toBe(0);
    expect(w.stdout).toBe('');
    expect(w.stderr).toMatch(/^speclint: wrote spec\.md \(profile service-design\)/);
    const written = readFileSync(join(dir, 'spec.md'), 'utf8');
    expect(written.split('\n')[0]).toBe('# Payment Service');

    const lint = run(['-f', 'json', 'spec.md'], {cwd: dir});
    expect(lint.code).toBe(1);
    const [result] = JSON.parse(lint.stdout);
    expect(result.profile.name).toBe('service-design');
    expect(result.messages.length).toBeGreaterThan(0);
    expect(result.messages.filter((m: {ruleId: string}) => m.ruleId !== 'no-placeholders')).toEqual([]);

    writeFileSync(join(dir, 'spec.md'), 'my own work\n');
    const again = run(['init', '-p', 'service-design', '-o', 'spec.md'], {cwd: dir});
    expect(again.code).toBe(2);
    expectOneLineError(again.stderr, 'spec.md already exists; use --force to overwrite it');
    expect(readFileSync(join(dir, 'spec.md'), 'utf8')).toBe('my own work\n');
    const forced = run(['init', '-p', 'service-design', '-o', 'spec.md', '--force'], {cwd: dir});
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, 'spec.md'), 'utf8')).toBe(skeletonFor(builtins.get('service-design')!));
  });

  it('an unknown profile or variant, an unknown option or a stray argument is exit 2 with one line', () => {
    let r = run(['init', '--profile', 'nope']);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /unknown profile "nope" \(known: .*tech-spec:ddd/);
    expect(r.stdout).toBe('');
    r = run(['init', '--profile', 'tech-spec', '--variant', 'serverless']);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, 'profile "tech-spec" has no variant "serverless" (variants: standard, clean, ddd');
    r = run(['init', '--profile', 'backend-spec', '--variant', 'ddd']);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, 'profile "backend-spec" has no variants');
    r = run(['init', '--profile', 'tech-spec:ddd', '--variant', 'clean']);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, 'name different variants');
    r = run(['init', '--bogus']);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, "unknown option '--bogus'");
    r = run(['init', '-p', 'tech-spec', 'spec.md']);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, 'too many arguments');
  });

  it('without a terminal it never prompts: no --profile is a usage error, at once', () => {
    const r = run(['init', '--name', 'Payment Service'], {input: 'service-design\n'});
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, 'init needs --profile NAME when stdin is not a terminal');
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toContain('Profile (');
  });

  it.skipIf(!existsSync('/usr/bin/script'))('on a terminal it asks for the profile and the title (run under script(1) for a pty)', () => {
    const dir = tempDir('speclint-init-tty-');
    const command = [process.execPath, bin, 'init', '-o', 'spec.md'].map((a) => `'${a}'`).join(' ');
    const r = spawnSync('/usr/bin/script', ['-qec', command, '/dev/null'], {
      cwd: dir,
      input: 'tech-spec:clean\nTask Manager\n',
      encoding: 'utf8',
      timeout: 30_000,
      env: {...process.env, NO_COLOR: '1'},
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Profile (');
    expect(r.stdout).toContain('Title [');
    expect(readFileSync(join(dir, 'spec.md'), 'utf8')).toBe(skeletonFor(builtins.get('tech-spec:clean')!, {name: 'Task Manager'}));
  });

  it("uses the config's own profiles", () => {
    const dir = tempDir('speclint-init-config-');
    writeFileSync(
      join(dir, '.speclintrc.yaml'),
      [
        'profiles:',
        '  risk-review:',
        '    title: Risk review',
        '    sections:',
        '      - name: Summary',
        '        description: the change and why it is risky',
        '      - name: Risks',
        '        tables:',
        '          - id: risks',
        '            columns: [Risk, {name: Mitigation, example: Feature flag per tenant}]',
        '',
      ].join('\n'),
    );
    const r = run(['init', '--profile', 'risk-review', '-o', 'review.md'], {cwd: dir});
    expect(r.stderr).toMatch(/^speclint: wrote review\.md \(profile risk-review\)/);
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, 'review.md'), 'utf8');
    expect(text).toContain('# Risk review');
    expect(text).toContain('| Risk | Mitigation |\n| --- | --- |\n| TODO: risk | TODO: e.g. Feature flag per tenant |');
    const lint = run(['-f', 'json', '--profile', 'risk-review', 'review.md'], {cwd: dir});
    const [result] = JSON.parse(lint.stdout);
    expect(result.messages.map((m: {ruleId: string}) => m.ruleId)).toEqual(['no-placeholders', 'no-placeholders', 'no-placeholders']);
    writeFileSync(join(dir, 'review.md'), fill(text));
    expect(run(['review.md', '--profile', 'risk-review'], {cwd: dir}).code).toBe(0);
  });

  it('--help lists init and profile derive', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/speclint init \[--profile NAME\]/);
    expect(r.stdout).toMatch(/speclint profile derive SPEC\.md/);
    const sub = run(['init', '--help']);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain('--variant <type>');
  });
});
