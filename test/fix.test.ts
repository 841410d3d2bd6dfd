/**
 * `--fix` and `--fix-dry-run`: what each fixable rule inserts (exact text),
 * how fixes are applied (conflicts, passes, line endings, BOM, final
 * newline), the atomic write, the CLI through the built bin, and a property
 * test over documents made by deleting parts of every profile's conforming
 * fixture: after a fix nothing fixable is left, fixing twice equals fixing
 * once, and every line of the input is still there, in order.
 */
import {spawnSync} from 'node:child_process';
import {chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import {join, relative} from 'node:path';
import {describe, expect, it} from 'vitest';
import {applyFixes, fixText, MAX_PASSES, writeFileAtomic} from '../src/fix/apply.js';
import {lintText, type LintMessage, type LintOptions} from '../src/engine/lint.js';
import type {Profile, RuleSetting} from '../src/profiles/types.js';
import {builtinProfiles} from '../src/profiles/built-in.js';
import {RULES} from '../src/engine/registry.js';
import {runLint} from '../src/run/runner.js';
import {findingLine, tempDirs} from './helpers.js';

const repo = join(import.meta.dirname, '..');
const bin = join(repo, 'bin', 'speclint.js');
const tempDir = tempDirs();

/** A small profile of its own, so these tests do not move when the built-in profiles are edited. */
const TEST_PROFILE: Profile = {
  name: 'fix-test',
  title: 'Fix test profile',
  sections: [
    {name: 'Overview', description: 'what the service does and who owns it'},
    {name: 'Runtime', sections: [{name: 'Request Flow', description: 'how a request is handled'}, {name: 'Concurrency'}]},
    {name: 'Dependencies', tables: [{id: 'dependencies', label: 'dependency table', columns: ['Dependency', 'Type', 'Timeout', 'Fallback']}]},
    {name: 'Failure Modes', each: {label: 'failure scenario', fields: ['Trigger', 'Detection', 'Impact'], allowTable: true}},
    {name: 'Paradigm', fields: ['Domain Layer', 'Dependency Rule']},
    {name: 'Quality Gate', checklist: {label: 'quality gate', items: ['Boundaries clear', 'Failure modes documented', 'Reviewed by Tech Lead']}},
    {name: 'Appendix', presence: 'recommended'},
  ],
  rules: {
    'required-sections': 'error',
    'recommended-sections': 'warn',
    'required-table': 'error',
    'table-shape': 'error',
    'required-fields': 'error',
    'quality-gate': 'error',
  },
};

/** Lint options with the test profile; `only` leaves just that rule on. */
function options(only?: string): LintOptions {
  const ruleOverrides: Record<string, RuleSetting> = {};
  if (only) for (const rule of RULES) ruleOverrides[rule.meta.id] = rule.meta.id === only ? 'error' : 'off';
  return {filePath: 'spec.md', profiles: new Map([[TEST_PROFILE.name, TEST_PROFILE]]), forcedProfile: TEST_PROFILE.name, ruleOverrides, explicit: true};
}

async function fix(text: string, only?: string) {
  const fixed = await fixText(text, options(only));
  return {...fixed, findings: fixed.outcome.result!.messages.map(findingLine)};
}

async function lint(text: string, only?: string) {
  return (await lintText(text, options(only))).result!;
}

const lines = (...l: string[]) => l.join('\n') + '\n';

/** The sections of the test profile, in order and filled, but for what each test leaves out or changes. */
const PARTS = {
  title: lines('# Payments', ''),
  overview: lines('## Overview', '', 'Takes card payments.', ''),
  runtime: lines('## Runtime', '', '### Request Flow', '', 'Gateway, then service.', '', '### Concurrency', '', 'Event loop.', ''),
  dependencies: lines('## Dependencies', '', '| Dependency | Type | Timeout | Fallback |', '| --- | --- | --- | --- |', '| Redis | Sync | 50ms | Skip the cache |', ''),
  failures: lines('## Failure Modes', '', '### Processor outage', '', '- **Trigger:** 5xx from the processor.', '- **Detection:** Breaker opens.', '- **Impact:** Payments fail.', ''),
  paradigm: lines('## Paradigm', '', '- **Domain Layer**: plain TypeScript.', '- **Dependency Rule**: inwards only.', ''),
  gate: lines('## Quality Gate', '', '- [x] Boundaries clear', '- [x] Failure modes documented', '- [ ] Reviewed by Tech Lead', ''),
  appendix: lines('## Appendix', '', 'Links.'),
};
type Part = keyof typeof PARTS;
function doc(replace: Partial<Record<Part, string>> = {}): string {
  return (Object.keys(PARTS) as Part[]).map((k) => replace[k] ?? PARTS[k]).join('');
}

describe('the test document', () => {
  it('is clean under the test profile, so each test below sees only what it breaks', async () => {
    expect((await lint(doc())).messages.map(findingLine)).toEqual([]);
  });
});

describe('required-sections --fix', () => {
  it('inserts a missing section after its previous sibling, then its own missing subsections, each with a TODO comment', async () => {
    const input = doc({runtime: ''});
    const first = await lint(input, 'required-sections');
    expect(first.messages.map(findingLine)).toEqual(['7:1 error required-sections Missing required section "Runtime"; it belongs after "Overview" (line 3)']);
    // ESLint's fix shape, in offsets of the text: an insertion before the "## Dependencies" line.
    const at = input.indexOf('## Dependencies');
    expect(first.messages[0]!.fix).toEqual({range: [at, at], text: '## Runtime\n\n<!-- TODO: Runtime -->\n\n'});
    expect(first).toMatchObject({fixableErrorCount: 1, fixableWarningCount: 0});

    const fixed = await fix(input, 'required-sections');
    expect(fixed.passes).toBe(2);
    expect(fixed.output).toBe(
      doc({
        runtime: lines(
          '## Runtime',
          '',
          '<!-- TODO: Runtime -->',
          '',
          '### Request Flow',
          '',
          '<!-- TODO: how a request is handled -->',
          '',
          '### Concurrency',
          '',
          '<!-- TODO: Concurrency -->',
          '',
        ),
      }),
    );
    expect(fixed.findings).toEqual([]);
  });

  it('puts a first section before the next sibling, at the depth of the siblings, and keeps a missing final newline', async () => {
    const input = '# Payments\n\n### Runtime\n\n#### Request Flow\n\nText.\n\n#### Concurrency\n\nText.';
    const fixed = await fix(input, 'required-sections');
    expect(fixed.output).toBe(
      [
        '# Payments',
        '',
        '### Overview',
        '',
        '<!-- TODO: what the service does and who owns it -->',
        '',
        '### Runtime',
        '',
        '#### Request Flow',
        '',
        'Text.',
        '',
        '#### Concurrency',
        '',
        'Text.',
        '',
        '### Dependencies',
        '',
        '<!-- TODO: Dependencies -->',
        '',
        '### Failure Modes',
        '',
        '<!-- TODO: Failure Modes -->',
        '',
        '### Paradigm',
        '',
        '<!-- TODO: Paradigm -->',
        '',
        '### Quality Gate',
        '',
        '<!-- TODO: Quality Gate -->',
      ].join('\n'),
    );
    expect(fixed.findings).toEqual([]);
  });

  it('leaves recommended sections to the author: reported, with no fix', async () => {
    const result = await lint(doc({appendix: ''}));
    expect(result.messages.map(findingLine)).toEqual([
      '36:1 warning recommended-sections Missing recommended section "Appendix"; it belongs after "Quality Gate" (line 36)',
    ]);
    expect(result.messages[0]!.fix).toBeUndefined();
    expect(result).toMatchObject({fixableErrorCount: 0, fixableWarningCount: 0});
  });
});

describe('required-table --fix', () => {
  it('appends missing columns: header cell, delimiter cell, an empty cell in every row (closing an open row first)', async () => {
    const input = doc({
      dependencies: lines('## Dependencies', '', '| Dependency | Type |  ', '|---|---|', '| Redis | Sync |', '| Kafka | Async', ''),
    });
    const fixed = await fix(input, 'required-table');
    expect(fixed.output).toBe(
      doc({
        dependencies: lines(
          '## Dependencies',
          '',
          '| Dependency | Type | Timeout | Fallback |  ',
          '|---|---| --- | --- |',
          '| Redis | Sync | | |',
          '| Kafka | Async | | |',
          '',
        ),
      }),
    );
    expect(fixed.findings).toEqual([]);
  });

  it('adds a missing column to a failure-scenario table too (required-fields, table form)', async () => {
    const input = doc({
      failures: lines('## Failure Modes', '', '| Scenario | Trigger | Impact |', '| --- | --- | --- |', '| Outage | 5xx | Payments fail |', ''),
    });
    const fixed = await fix(input, 'required-fields');
    expect(fixed.output).toBe(
      doc({
        failures: lines('## Failure Modes', '', '| Scenario | Trigger | Impact | Detection |', '| --- | --- | --- | --- |', '| Outage | 5xx | Payments fail | |', ''),
      }),
    );
    // The empty cell it adds is reported, not filled: --fix invents no content.
    expect(fixed.findings).toEqual(['27:32 error required-fields Failure scenario "Outage" has an empty Detection']);
  });
});

describe('table-shape --fix', () => {
  it('pads a short row with empty cells; a long row is left alone and still reported, with no fix', async () => {
    const input = lines(
      '# Payments',
      '',
      '## Overview',
      '',
      '| Metric | Type | Alert |',
      '| --- | --- | --- |',
      '| a | gauge |',
      '| b',
      '| c | counter | p99 > 250ms | page |',
      '|',
      '| d | gauge | none |',
    );
    const first = await lint(input, 'table-shape');
    expect(first.messages.map((m) => [m.line, Boolean(m.fix)])).toEqual([
      [7, true],
      [8, true],
      [9, false],
      [10, true],
    ]);
    const fixed = await fix(input, 'table-shape');
    // A row of just "|" is one empty cell whose pipe opens it: two more cells take three pipes.
    expect(fixed.output).toBe(input.replace('| a | gauge |\n', '| a | gauge | |\n').replace('| b\n', '| b | | |\n').replace('\n|\n', '\n| | | |\n'));
    expect(fixed.findings).toEqual(['9:1 error table-shape Table row has 4 cells but its header has 3']);
  });
});

describe('quality-gate --fix', () => {
  it('adds missing items, unchecked and in template order, after the last item (its nested lines included)', async () => {
    const input = doc({gate: lines('## Quality Gate', '', '- [x] Boundaries clear', '  - checked with the Orders team', '')});
    const fixed = await fix(input, 'quality-gate');
    expect(fixed.output).toBe(
      doc({
        gate: lines(
          '## Quality Gate',
          '',
          '- [x] Boundaries clear',
          '  - checked with the Orders team',
          '- [ ] Failure modes documented',
          '- [ ] Reviewed by Tech Lead',
          '',
        ),
      }),
    );
    expect(fixed.findings).toEqual([]);
  });

  it('keeps an ordered list ordered and a quoted list quoted', async () => {
    const input = doc({gate: lines('## Quality Gate', '', '> 1. [x] Boundaries clear', '> 2. [x] Failure modes documented', '')});
    const fixed = await fix(input, 'quality-gate');
    expect(fixed.output).toBe(
      doc({gate: lines('## Quality Gate', '', '> 1. [x] Boundaries clear', '> 2. [x] Failure modes documented', '> 3. [ ] Reviewed by Tech Lead', '')}),
    );
  });

  it('adds the whole checklist at the end of the section text when there is none', async () => {
    const input = doc({gate: lines('## Quality Gate', '', 'To do before review.', '', '### Notes', '', 'None.', '')});
    const fixed = await fix(input, 'quality-gate');
    expect(fixed.output).toBe(
      doc({
        gate: lines(
          '## Quality Gate',
          '',
          'To do before review.',
          '',
          '- [ ] Boundaries clear',
          '- [ ] Failure modes documented',
          '- [ ] Reviewed by Tech Lead',
          '',
          '### Notes',
          '',
          'None.',
          '',
        ),
      }),
    );
    expect(fixed.findings).toEqual([]);
  });
});

describe('required-fields --fix', () => {
  it('adds missing labels as list items beside their neighbours in profile order, with no value', async () => {
    const input = doc({
      failures: lines(
        '## Failure Modes',
        '',
        '### Processor outage',
        '',
        '- **Trigger:** 5xx from the processor.',
        '- **Impact:** Payments fail.',
        '',
        '### Database failover',
        '',
        '* **Impact:** Writes fail.',
        '',
      ),
    });
    const fixed = await fix(input, 'required-fields');
    expect(fixed.output).toBe(
      doc({
        failures: lines(
          '## Failure Modes',
          '',
          '### Processor outage',
          '',
          '- **Trigger:** 5xx from the processor.',
          '- **Detection:**',
          '- **Impact:** Payments fail.',
          '',
          '### Database failover',
          '',
          '* **Trigger:**',
          '* **Detection:**',
          '* **Impact:** Writes fail.',
          '',
        ),
      }),
    );
    // The labels are in; their values are the author's to write.
    expect(fixed.findings).toEqual([
      '28:3 error required-fields Field **Detection:** of failure scenario "Processor outage" is empty',
      '33:3 error required-fields Field **Trigger:** of failure scenario "Database failover" is empty',
      '34:3 error required-fields Field **Detection:** of failure scenario "Database failover" is empty',
    ]);
  });

  it('adds labels as paragraphs at the end of the section text when the fields are not a list', async () => {
    const input = doc({paradigm: lines('## Paradigm', '', 'We follow clean architecture.', '', '**Domain Layer:** plain TypeScript.', '', '### Notes', '', 'None.', '')});
    const fixed = await fix(input, 'required-fields');
    expect(fixed.output).toBe(
      doc({
        paradigm: lines(
          '## Paradigm',
          '',
          'We follow clean architecture.',
          '',
          '**Domain Layer:** plain TypeScript.',
          '',
          '**Dependency Rule:**',
          '',
          '### Notes',
          '',
          'None.',
          '',
        ),
      }),
    );
  });
});

describe('applying fixes', () => {
  it('does not fix a finding disabled by a lint comment', async () => {
    const input = '<!-- lint disable quality-gate -->\n\n' + doc({gate: lines('## Quality Gate', '', '- [x] Boundaries clear', '')});
    const fixed = await fix(input);
    expect(fixed.output).toBe(input);
    expect(fixed.findings).toEqual([]);
    // Without the comment the same document is fixed.
    expect((await fix(input.replace('<!-- lint disable quality-gate -->\n\n', ''))).output).toContain('- [ ] Reviewed by Tech Lead');
  });

  const message = (ruleId: string, range: [number, number], text: string): LintMessage => ({ruleId, severity: 2, message: ruleId, line: 1, column: 1, fix: {range, text}});

  it('applies insertions of one rule at one offset in report order, and defers a fix that touches or overlaps one applied', () => {
    const text = 'abcdef';
    const {output, applied} = applyFixes(text, [
      message('a-rule', [2, 2], '1'),
      message('b-rule', [2, 2], 'X'),
      message('a-rule', [2, 2], '2'),
      message('c-rule', [3, 5], 'D~E'),
      message('d-rule', [4, 4], 'Y'),
      message('e-rule', [5, 5], 'Z'),
    ]);
    // b-rule waits (another rule inserts there), d-rule overlaps c-rule, e-rule touches its end.
    expect(output).toBe('ab12cD~Ef');
    expect(applied).toBe(3);
  });

  it('does not pile up blank lines where two blocks are inserted at one offset', () => {
    const text = 'Text.\n## Next\n';
    const {output} = applyFixes(text, [message('r', [6, 6], '\n## A\n\n'), message('r', [6, 6], '\n## B\n\n')]);
    expect(output).toBe('Text.\n\n## A\n\n## B\n\n## Next\n');
  });

  /** A fake lint: one finding with a fix inserting "+" at the start, its message from `message(n)` on the n-th lint. */
  function fakeLint(message: (n: number) => string) {
    let lints = 0;
    const lint = async () => {
      const m: LintMessage = {ruleId: 'r', severity: 2, message: message(lints++), line: 1, column: 1, fix: {range: [0, 0], text: '+'}};
      return {result: {filePath: 'x.md', messages: [m], errorCount: 1, warningCount: 0, fixableErrorCount: 1, fixableWarningCount: 0, profile: null, rulesRun: ['r']}};
    };
    return {lint, count: () => lints};
  }

  it('stops after MAX_PASSES passes when every pass brings a new fixable finding', async () => {
    const fake = fakeLint((n) => `finding ${n}`);
    const fixed = await fixText('text\n', options(), undefined, fake.lint);
    expect(MAX_PASSES).toBe(10);
    expect(fixed.passes).toBe(MAX_PASSES);
    expect(fixed.output).toBe('+'.repeat(MAX_PASSES) + 'text\n');
    expect(fake.count()).toBe(MAX_PASSES + 1);
  });

  it('undoes a fix that leaves its finding in place, and does not try it again', async () => {
    const fake = fakeLint(() => 'the same finding');
    const fixed = await fixText('text\n', options(), undefined, fake.lint);
    expect(fixed).toMatchObject({output: 'text\n', passes: 0});
    expect(fake.count()).toBe(2);
  });

  it('inserts nothing into an unclosed code fence at the end of the file', async () => {
    // The missing checklist belongs at the end of the file, which the open fence swallows.
    const input = doc({gate: lines('## Quality Gate', '', '```text', 'not closed')});
    const fixed = await fix(input, 'quality-gate');
    expect(fixed.output).toBe(input);
    expect(fixed.findings).toEqual(['36:1 error quality-gate Section "Quality Gate" has no quality gate (task list)']);
  });

  it('escapes a pipe in a column name it inserts, so the column is found afterwards', async () => {
    const profile: Profile = {...TEST_PROFILE, sections: [{name: 'Dependencies', tables: [{id: 'deps', columns: ['Dependency', 'Read|Write']}]}]};
    const input = '# Payments\n\n## Dependencies\n\n| Dependency |\n| --- |\n| Redis |\n';
    const fixed = await fixText(input, {...options('required-table'), profiles: new Map([[profile.name, profile]])});
    expect(fixed.output).toBe('# Payments\n\n## Dependencies\n\n| Dependency | Read\\|Write |\n| --- | --- |\n| Redis | |\n');
    expect(fixed.passes).toBe(1);
    expect(fixed.outcome.result!.messages).toEqual([]);
  });

  it('writes inserted text with CRLF in a CRLF file and keeps the missing final newline', async () => {
    const input = doc({runtime: '', gate: lines('## Quality Gate', '', '- [x] Boundaries clear', ''), appendix: ''}).replace(/\n/g, '\r\n').replace(/(?:\r\n)+$/, '');
    expect(input.endsWith('\n')).toBe(false);
    const fixed = await fix(input);
    expect(fixed.output.replace(/\r\n/g, '')).not.toContain('\n');
    expect(fixed.output.endsWith('\n')).toBe(false);
    expect(fixed.output).toContain('## Runtime\r\n\r\n<!-- TODO: Runtime -->\r\n\r\n### Request Flow\r\n');
    expect(fixed.output).toContain('- [x] Boundaries clear\r\n- [ ] Failure modes documented\r\n- [ ] Reviewed by Tech Lead');
    expect(fixed.outcome.result!.messages.filter((m) => m.fix)).toEqual([]);
    // The same fixes as in the LF file, only the line endings differ.
    const lf = await fix(input.replace(/\r\n/g, '\n'));
    expect(fixed.output.replace(/\r\n/g, '\n')).toBe(lf.output);
  });

  it('runLint({fix}) returns the fixed text and the BOM flag, reports what is left and writes nothing', async () => {
    const dir = tempDir('speclint-fix-run-');
    const input = '\ufeff' + readFileSync(join(repo, 'fixtures', 'service-design', 'broken-failure-mode-fields.md'), 'utf8').replace(/\n/g, '\r\n');
    writeFileSync(join(dir, 'spec.md'), input);
    const run = await runLint({cwd: dir, patterns: ['spec.md'], fix: true});
    expect(readFileSync(join(dir, 'spec.md'), 'utf8')).toBe(input);
    expect(run.fixed).toHaveLength(1);
    expect(run.fixed[0]).toMatchObject({display: 'spec.md', bom: true, original: input.slice(1)});
    expect(run.fixed[0]!.output).toContain('- **Trigger:** The PostgreSQL primary becomes unreachable.\r\n- **Detection:**\r\n- **Impact:**');
    expect(run.fixed[0]!.before.messages.map(findingLine)).toContain('58:1 error required-fields Failure scenario "Database failover" is missing the **Detection:** field');
    expect(run.results[0]!.messages.map(findingLine)).toContain('61:3 error required-fields Field **Detection:** of failure scenario "Database failover" is empty');
    expect(run.results[0]!.fixableErrorCount).toBe(0);
  });
});

describe('writeFileAtomic', () => {
  it('replaces the content, keeps the mode, leaves no temporary file, and follows a symlink', () => {
    const dir = tempDir('speclint-atomic-');
    const path = join(dir, 'spec.md');
    writeFileSync(path, 'old\n');
    chmodSync(path, 0o640);
    symlinkSync('spec.md', join(dir, 'link.md'));
    writeFileAtomic(path, 'new\n');
    expect(readFileSync(path, 'utf8')).toBe('new\n');
    expect(statSync(path).mode & 0o777).toBe(0o640);
    writeFileAtomic(join(dir, 'link.md'), 'newer\n');
    expect(lstatSync(join(dir, 'link.md')).isSymbolicLink()).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe('newer\n');
    expect(readdirSync(dir).sort()).toEqual(['link.md', 'spec.md']);
  });

  it('leaves the original untouched and removes the temporary file when the rename fails', () => {
    const dir = tempDir('speclint-atomic-');
    const path = join(dir, 'spec.md');
    writeFileSync(path, 'old\n');
    let renamedFrom = '';
    const failingRename = (from: string) => {
      renamedFrom = from;
      // The temporary file is complete when the rename is attempted.
      expect(readFileSync(from, 'utf8')).toBe('new\n');
      throw Object.assign(new Error('EXDEV: simulated'), {code: 'EXDEV'});
    };
    expect(() => writeFileAtomic(path, 'new\n', {rename: failingRename})).toThrow(/EXDEV/);
    expect(renamedFrom.startsWith(join(dir, '.spec.md.speclint-'))).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe('old\n');
    expect(readdirSync(dir)).toEqual(['spec.md']);
  });
});

describe('speclint --fix / --fix-dry-run (built bin)', () => {
  function run(args: string[], cwd: string, extra: {uid?: number; gid?: number} = {}) {
    const r = spawnSync(process.execPath, [bin, ...args], {cwd, encoding: 'utf8', env: {...process.env, NO_COLOR: '1', FORCE_COLOR: '0'}, ...extra});
    return {code: r.status, stdout: r.stdout, stderr: r.stderr};
  }
  const broken = readFileSync(join(repo, 'fixtures', 'service-design', 'broken-failure-mode-fields.md'), 'utf8');
  const brokenQuality = readFileSync(join(repo, 'fixtures', 'service-design', 'broken-quality-gate.md'), 'utf8');

  it('--fix-dry-run prints a unified diff, changes no file, and exits with the code of what is left', () => {
    const dir = tempDir('speclint-fix-cli-');
    writeFileSync(join(dir, 'spec.md'), broken);
    const before = statSync(join(dir, 'spec.md'));
    const r = run(['--fix-dry-run', 'spec.md'], dir);
    expect(r.code).toBe(1); // the empty Recovery field is no fix's to fill
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      [
        '--- a/spec.md',
        '+++ b/spec.md',
        '@@ -58,6 +58,7 @@',
        ' ### Database failover',
        ' ',
        ' - **Trigger:** The PostgreSQL primary becomes unreachable.',
        '+- **Detection:**',
        ' - **Impact:** Writes fail for up to 60 s during promotion.',
        ' - **Recovery:**',
        ' - **Manual Intervention:** None unless promotion takes longer than 5 minutes.',
        '',
      ].join('\n'),
    );
    expect(readFileSync(join(dir, 'spec.md'), 'utf8')).toBe(broken);
    expect(statSync(join(dir, 'spec.md')).mtimeMs).toBe(before.mtimeMs);
    // The diff applies with git and gives what --fix writes.
    const applied = spawnSync('git', ['apply', '-'], {cwd: dir, input: r.stdout, encoding: 'utf8'});
    expect(applied.stderr).toBe('');
    expect(readFileSync(join(dir, 'spec.md'), 'utf8')).toBe(broken.replace('unreachable.\n', 'unreachable.\n- **Detection:**\n'));
    // Nothing to fix: no diff at all.
    writeFileSync(join(dir, 'ok.md'), readFileSync(join(repo, 'fixtures', 'service-design', 'ok-payments-service.md')));
    const clean = run(['--fix-dry-run', 'ok.md'], dir);
    expect(clean).toMatchObject({code: 0, stdout: ''});
  });

  it('--fix writes the fixed files (BOM, CRLF and a missing final newline kept), reports what is left, and a second --fix changes nothing', () => {
    const dir = tempDir('speclint-fix-cli-');
    const crlf = '\ufeff' + brokenQuality.replace(/\n/g, '\r\n').replace(/\r\n$/, '');
    writeFileSync(join(dir, 'gate.md'), crlf);
    writeFileSync(join(dir, 'fields.md'), broken);
    chmodSync(join(dir, 'gate.md'), 0o600);
    const r = run(['--fix', '-f', 'json', 'gate.md', 'fields.md'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const results = JSON.parse(r.stdout) as Array<{filePath: string; messages: LintMessage[]; fixableErrorCount: number}>;
    // ESLint's filePath is absolute.
    const byPath = Object.fromEntries(results.map((x) => [relative(dir, x.filePath), x]));
    expect(byPath['gate.md']!.messages.map(findingLine)).toEqual([]);
    expect(byPath['fields.md']!.messages.map((m) => m.ruleId)).toEqual(['required-fields', 'required-fields', 'honest-checklist']);
    expect(results.every((x) => x.fixableErrorCount === 0 && x.messages.every((m) => m.fix === undefined))).toBe(true);

    const gate = readFileSync(join(dir, 'gate.md'));
    expect([...gate.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = gate.toString('utf8').slice(1);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(text.endsWith('\n')).toBe(false);
    expect(text).toBe(crlf.slice(1).replace('- [ ] Reviewed by Tech Lead', '- [ ] Reviewed by Tech Lead\r\n- [ ] Failure modes documented'));
    expect(statSync(join(dir, 'gate.md')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'fields.md'), 'utf8')).toBe(broken.replace('unreachable.\n', 'unreachable.\n- **Detection:**\n'));
    expect(readdirSync(dir).sort()).toEqual(['fields.md', 'gate.md']);

    const mtimes = ['gate.md', 'fields.md'].map((f) => statSync(join(dir, f)).mtimeMs);
    expect(run(['--fix', 'gate.md'], dir).code).toBe(0);
    expect(run(['--fix', 'fields.md'], dir).code).toBe(1);
    expect(['gate.md', 'fields.md'].map((f) => statSync(join(dir, f)).mtimeMs)).toEqual(mtimes);
  });

  it('a file --fix cannot write is a one-line error and exit 2; its findings are reported as they were', (ctx) => {
    const dir = tempDir('speclint-fix-cli-');
    const sub = join(dir, 'ro');
    mkdirSync(sub);
    writeFileSync(join(sub, 'spec.md'), broken);
    chmodSync(join(sub, 'spec.md'), 0o644);
    chmodSync(dir, 0o755);
    // A directory the linting process may not write to: root ignores modes, so run as nobody then.
    chmodSync(sub, 0o555);
    const asNobody = process.getuid?.() === 0 ? {uid: 65534, gid: 65534} : {};
    const probe = spawnSync(process.execPath, ['-e', '0'], {...asNobody});
    if (probe.status !== 0) ctx.skip('cannot run node as an unprivileged user here');
    const r = run(['--fix', 'spec.md'], sub, asNobody);
    chmodSync(sub, 0o755);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^speclint: error: spec\.md: cannot write the fixed file \(EACCES\)\n$/);
    expect(r.stdout).toMatch(/58:1\s+error\s+Failure scenario "Database failover" is missing the \*\*Detection:\*\* field/);
    expect(readFileSync(join(sub, 'spec.md'), 'utf8')).toBe(broken);
    expect(readdirSync(sub)).toEqual(['spec.md']);
  });

  it('--fix with --fix-dry-run is a usage error; --help lists both', () => {
    const dir = tempDir('speclint-fix-cli-');
    writeFileSync(join(dir, 'spec.md'), broken);
    const r = run(['--fix', '--fix-dry-run', 'spec.md'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(["speclint: error: option '--fix-dry-run' cannot be used with option '--fix' (see speclint --help)"]);
    expect(readFileSync(join(dir, 'spec.md'), 'utf8')).toBe(broken);
    const help = run(['--help'], dir);
    expect(help.stdout).toMatch(/--fix\s+repair/);
    expect(help.stdout).toMatch(/--fix-dry-run\s+print the --fix changes as a unified diff/);
  });
});

/** mulberry32: a tiny seeded PRNG, so the generated documents are the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cells of a table row split at unescaped pipes (the outer pipes give empty first and last entries). */
function splitRow(row: string): string[] {
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < row.length; i++) {
    if (row[i] === '\\') {
      cell += row[i]! + (row[i + 1] ?? '');
      i++;
    } else if (row[i] === '|') {
      cells.push(cell);
      cell = '';
    } else {
      cell += row[i];
    }
  }
  cells.push(cell);
  return cells;
}

const MUTATIONS = ['section', 'column', 'checklist-item', 'field', 'cell'] as const;

/** Delete 1-3 random parts of a document: a section, a table column, a checklist item, a field line, a row cell. */
function damage(text: string, random: () => number): {text: string; done: string[]} {
  const lines = text.split('\n');
  const done: string[] = [];
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
  const count = 1 + Math.floor(random() * 3);
  for (let n = 0; n < count; n++) {
    let open = false;
    const inCode = lines.map((l) => {
      if (/^\s*(?:```|~~~)/.test(l)) {
        open = !open;
        return true;
      }
      return open;
    });
    const where = (re: RegExp) => lines.flatMap((l, i) => (!inCode[i] && re.test(l) ? [i] : []));
    const kind = pick([...MUTATIONS]);
    if (kind === 'section') {
      const headings = where(/^#{2,6} /);
      if (!headings.length) continue;
      const h = pick(headings);
      const depth = /^#+/.exec(lines[h]!)![0].length;
      let end = h + 1;
      while (end < lines.length && !(!inCode[end] && /^#{1,6} /.test(lines[end]!) && /^#+/.exec(lines[end]!)![0].length <= depth)) end++;
      done.push(`section ${lines[h]}`);
      lines.splice(h, end - h);
    } else if (kind === 'column' || kind === 'cell') {
      const delimiters = where(/^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$/).filter((i) => i > 0 && lines[i - 1]!.includes('|'));
      if (!delimiters.length) continue;
      const d = pick(delimiters);
      let end = d + 1;
      while (end < lines.length && lines[end]!.includes('|') && lines[end]!.trim()) end++;
      if (kind === 'column') {
        const inner = splitRow(lines[d - 1]!).length - 2;
        if (inner < 2) continue;
        const c = 1 + Math.floor(random() * inner);
        for (let r = d - 1; r < end; r++) {
          const cells = splitRow(lines[r]!);
          if (cells.length > c) {
            cells.splice(c, 1);
            lines[r] = cells.join('|');
          }
        }
        done.push(`column ${c} of the table on line ${d}`);
      } else {
        if (end <= d + 1) continue;
        const r = d + 1 + Math.floor(random() * (end - d - 1));
        const cells = splitRow(lines[r]!);
        if (cells.length < 3) continue;
        cells.splice(1 + Math.floor(random() * (cells.length - 2)), 1);
        lines[r] = cells.join('|');
        done.push(`a cell of row ${r + 1}`);
      }
    } else {
      const found = where(kind === 'checklist-item' ? /^\s*[-*+] \[[ xX]\] / : /^\s*(?:[-*+] )?\*\*[^*]+(?::\*\*|\*\*:)/);
      if (!found.length) continue;
      const i = pick(found);
      done.push(`${kind} ${lines[i]}`);
      lines.splice(i, 1);
    }
  }
  return {text: lines.join('\n'), done};
}

/** Whether every line of `before` starts a line of `after` (trailing blanks aside; --fix appends table cells), in order. */
function linesKeptInOrder(before: string, after: string): string | undefined {
  const want = before.split('\n');
  let j = 0;
  for (const line of after.split('\n')) if (j < want.length && line.startsWith(want[j]!.trimEnd())) j++;
  return j === want.length ? undefined : `line ${j + 1} of the input is missing: ${JSON.stringify(want[j])}`;
}

/** Whether `before` is a subsequence of `after`: text was only inserted, none deleted. */
function onlyInserted(before: string, after: string): boolean {
  let j = 0;
  for (let i = 0; i < after.length && j < before.length; i++) if (after[i] === before[j]) j++;
  return j === before.length;
}

describe('property: --fix over documents damaged at random', () => {
  const fixturesDir = join(repo, 'fixtures');
  const cases = readdirSync(fixturesDir).flatMap((dir) =>
    readdirSync(join(fixturesDir, dir))
      .filter((f) => f.startsWith('ok-') && f.endsWith('.md'))
      .map((f) => ({dir, file: f, profile: dir.replace('.', ':')})),
  );
  const VARIANTS = 5;

  it('covers every built-in profile', () => {
    expect(new Set(cases.map((c) => c.profile))).toEqual(new Set(builtinProfiles().keys()));
  });

  it.each(cases)('$dir/$file: nothing fixable left, fix(fix(x)) = fix(x), every input line kept in order', async ({dir, file, profile}) => {
    const original = readFileSync(join(fixturesDir, dir, file), 'utf8');
    // code-blocks parses mermaid and has no fixes: off, to keep this test fast.
    const opts: LintOptions = {filePath: `${dir}/${file}`, profiles: builtinProfiles(), forcedProfile: profile, ruleOverrides: {'code-blocks': 'off'}, explicit: true};
    let changed = 0;
    for (let v = 0; v < VARIANTS; v++) {
      const seed = 1000 * (v + 1) + file.length;
      const damaged = damage(original, prng(seed));
      const {done} = damaged;
      // Every other variant is a CRLF file without a final newline.
      const crlf = v % 2 === 1;
      const text = crlf ? damaged.text.replace(/\n/g, '\r\n').replace(/(?:\r\n)+$/, '') : damaged.text;
      const context = `seed ${seed}${crlf ? ' (CRLF)' : ''}, deleted: ${done.join('; ')}`;
      const once = await fixText(text, opts);
      if (once.output !== text) changed++;
      expect(once.outcome.result!.messages.filter((m) => m.fix).map(findingLine), context).toEqual([]);
      const twice = await fixText(once.output, opts);
      expect(twice.output, context).toBe(once.output);
      expect(twice.passes, context).toBe(0);
      expect(linesKeptInOrder(text, once.output), context).toBeUndefined();
      expect(onlyInserted(text, once.output), context).toBe(true);
      if (crlf) {
        expect(once.output.replace(/\r\n/g, ''), context).not.toContain('\n');
        expect(once.output.endsWith('\n'), context).toBe(false);
      }
    }
    // The damage must give the fixes work, or the properties above hold trivially.
    expect(changed, 'variants the fix changed').toBeGreaterThan(0);
  });
});
