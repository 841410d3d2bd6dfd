/**
 * The CLI as a user runs it: the built bin/speclint.js in a child process,
 * in throwaway directories. Checks exit codes, one-line errors (never a stack
 * trace), edge inputs, config handling and that no linted file is written.
 */
import {spawnSync} from 'node:child_process';
import {copyFileSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {ENGINE_RULES, RULES} from '../src/engine/registry.js';

const repo = join(import.meta.dirname, '..');
const bin = join(repo, 'bin', 'speclint.js');
const okSpec = join(repo, 'fixtures', 'service-design', 'ok-payments-service.md');
const brokenSpec = join(repo, 'fixtures', 'service-design', 'broken-dependency-row.md');

function run(args: string[], cwd = repo, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {cwd, encoding: 'utf8', env: {...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env}});
  return {code: r.status, stdout: r.stdout, stderr: r.stderr};
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'speclint-cli-'));
}

/** A one-line error with the speclint prefix and no stack trace. */
function expectOneLineError(stderr: string, text: string | RegExp) {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^speclint: /);
  expect(lines[0]).toMatch(text);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('speclint CLI', () => {
  it('lints the shipped fixtures: broken ones report, conforming ones pass, exit 1', () => {
    const r = run(['fixtures/']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('fixtures/service-design/broken-dependency-row.md');
    expect(r.stdout).toMatch(/46:34\s+error\s+Timeout "5000" of "Kafka" is not a duration\s+dependency-table/);
    expect(r.stdout).toContain('hint: Write the timeout with a unit');
    expect(r.stdout).not.toContain('fixtures/service-design/ok-payments-service.md');
    expect(r.stdout).toMatch(/✖ \d+ problems \(\d+ errors, \d+ warnings\)/);
  });

  it('exits 0 on a conforming spec and says so', () => {
    const r = run([okSpec]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no problems');
  });

  it('writes ESLint-compatible JSON with the profile and why it was chosen', () => {
    const r = run(['--format', 'json', brokenSpec, okSpec]);
    expect(r.code).toBe(1);
    const results = JSON.parse(r.stdout);
    expect(results).toHaveLength(2);
    const broken = results.find((x: {filePath: string}) => x.filePath.endsWith('broken-dependency-row.md'));
    expect(broken).toMatchObject({errorCount: 2, warningCount: 0, fixableErrorCount: 0, fixableWarningCount: 0});
    expect(broken.profile).toMatchObject({name: 'service-design', source: 'detected'});
    expect(broken.messages[0]).toMatchObject({ruleId: 'dependency-table', severity: 2, line: 46, column: 34, endLine: 46});
    expect(broken.messages[0].url).toMatch(/rules\/dependency-table\.md$/);
    for (const m of broken.messages) expect(Object.keys(m)).toEqual(expect.arrayContaining(['ruleId', 'severity', 'message', 'line', 'column']));
  });

  it('--format compact prints path:line:col per finding; -o writes the report to a file', () => {
    const r = run(['-f', 'compact', brokenSpec]);
    // ESLint's compact format (absolute paths, as ESLint's filePath).
    expect(r.stdout).toContain(`${brokenSpec}: line 46, col 34, Error - Timeout "5000" of "Kafka" is not a duration (dependency-table)\n`);
    const dir = tempDir();
    const out = join(dir, 'report.json');
    const w = run(['-f', 'json', '-o', out, brokenSpec]);
    expect(w.code).toBe(1);
    expect(w.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8'))[0].errorCount).toBe(2);
  });

  it('--quiet drops warnings; --max-warnings turns too many warnings into exit 1', () => {
    const warnOnly = join(repo, 'fixtures', 'tech-spec', 'broken-missing-rollback-plan.md');
    expect(run([warnOnly]).code).toBe(0);
    const max = run(['--max-warnings', '0', warnOnly]);
    expect(max.code).toBe(1);
    expect(max.stderr).toContain('more than --max-warnings 0');
    const quiet = run(['--quiet', '--max-warnings', '0', warnOnly]);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).not.toContain('warning');
  });

  it('usage errors exit 2 with one line: missing file, unmatched glob, unknown option, unknown profile, bad number', () => {
    let r = run(['no-such-spec.md']);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, 'speclint: error: no-such-spec.md: no such file or directory');
    r = run(['nothing-here-*.md']);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, 'speclint: error: nothing-here-*.md: no files match this pattern (use --no-error-on-unmatched-pattern to allow this)');
    r = run(['nothing-here-*.md', '--no-error-on-unmatched-pattern']);
    expect(r.code).toBe(0);
    r = run(['--bogus']);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, "unknown option '--bogus'");
    r = run(['--profile', 'nope', okSpec]);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, 'unknown profile "nope"');
    r = run(['--max-warnings', 'many', okSpec]);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /--max-warnings/);
  });

  it('bad input files exit 2 with one line each, and other files are still reported', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'binary.md'), Buffer.from([0x23, 0x20, 0x00, 0x01, 0x02]));
    writeFileSync(join(dir, 'latin1.md'), Buffer.from('# Caf\xe9\n', 'latin1'));
    copyFileSync(brokenSpec, join(dir, 'spec.md'));
    const r = run(['binary.md', 'latin1.md', 'spec.md'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Timeout "5000" of "Kafka" is not a duration');
    expect(r.stderr.trim().split('\n')).toEqual([
      'speclint: error: binary.md: binary file (contains NUL bytes), not Markdown',
      'speclint: error: latin1.md: not valid UTF-8 text (speclint reads Markdown as UTF-8)',
    ]);
  });

  it('an empty, blank (whitespace only) or one-byte file named explicitly gets one "no profile matched" warning, never a silent pass', () => {
    const dir = tempDir();
    const files = {'empty.md': '', 'blank.md': '   \n\n', 'newline.md': '\n', 'tab.md': '\t', 'crlf.md': ' \r\n \r\n', 'one-byte.md': 'x'};
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const r = run(['-f', 'json', ...Object.keys(files)], dir);
    expect(r.code).toBe(0);
    const results = JSON.parse(r.stdout) as Array<{filePath: string; messages: unknown[]}>;
    expect(results).toHaveLength(Object.keys(files).length);
    for (const result of results) {
      expect(result.messages, result.filePath).toEqual([
        expect.objectContaining({ruleId: 'profile-match', severity: 1, line: 1, column: 1, message: 'No profile matched this file (no heading matches any profile)'}),
      ]);
    }
    // Swept in by a directory, the same files are skipped as not specs, blank or not.
    const swept = run(['-v', '.'], dir);
    expect(swept.code).toBe(0);
    for (const name of Object.keys(files)) expect(swept.stderr).toContain(`speclint: skipped ${name}: looks like no spec`);
    // With --profile, a blank file gets the rules' findings, as an empty one does.
    const forced = run(['-f', 'json', '--profile', 'service-design', 'empty.md', 'blank.md'], dir);
    expect(forced.code).toBe(1);
    const [empty, blank] = JSON.parse(forced.stdout) as Array<{messages: Array<{ruleId: string; message: string}>}>;
    expect(empty!.messages.length).toBeGreaterThan(5);
    expect(blank!.messages.map((m) => [m.ruleId, m.message])).toEqual(empty!.messages.map((m) => [m.ruleId, m.message]));
  });

  it('a BOM and CRLF line ends give the same findings as the plain file', () => {
    const dir = tempDir();
    const text = readFileSync(brokenSpec, 'utf8');
    writeFileSync(join(dir, 'lf.md'), text);
    writeFileSync(join(dir, 'crlf.md'), '\ufeff' + text.replace(/\n/g, '\r\n'));
    const strip = (r: {stdout: string}) => JSON.parse(r.stdout)[0].messages.map((m: {line: number; column: number; message: string}) => [m.line, m.column, m.message]);
    const lf = run(['-f', 'json', 'lf.md'], dir);
    const crlf = run(['-f', 'json', 'crlf.md'], dir);
    expect(strip(crlf)).toEqual(strip(lf));
    expect(strip(lf)).toHaveLength(2);
  });

  it('a file over maxFileSize is reported on one line and not parsed; config can raise the limit', () => {
    const dir = tempDir();
    const text = readFileSync(okSpec, 'utf8');
    writeFileSync(join(dir, 'big.md'), text + '\nfiller line of prose\n'.repeat(Math.ceil(200_000 / 21)));
    writeFileSync(join(dir, '.speclintrc.json'), JSON.stringify({maxFileSize: 100_000}));
    const r = run(['big.md'], dir);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /big\.md: file is 0\.2 MiB, over the 0\.1 MiB limit/);
    writeFileSync(join(dir, '.speclintrc.json'), JSON.stringify({maxFileSize: 1_000_000}));
    expect(run(['big.md'], dir).code).toBe(0);
  });

  it('a directory sweep skips Markdown that looks like no spec, counts it, and --verbose lists it', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'docs', 'README.md'), '# Project\n\nHow to build.\n\n## Install\n\nnpm ci\n');
    writeFileSync(join(dir, 'docs', 'CHANGELOG.md'), '# Changelog\n\n## 1.0.0\n\n- First release\n');
    copyFileSync(okSpec, join(dir, 'docs', 'payments.md'));
    const r = run(['docs', '--verbose'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 file linted, 2 skipped as not specs');
    expect(r.stderr).toMatch(/skipped docs\/CHANGELOG\.md: looks like no spec/);
    expect(r.stderr).toMatch(/skipped docs\/README\.md: looks like no spec/);
  });

  it('the default sweep is **/*.md without node_modules and .gitignore\'d paths', () => {
    const dir = tempDir();
    spawnSync('git', ['init', '-q'], {cwd: dir});
    mkdirSync(join(dir, 'node_modules', 'pkg'), {recursive: true});
    mkdirSync(join(dir, 'build'));
    mkdirSync(join(dir, 'specs'));
    copyFileSync(brokenSpec, join(dir, 'node_modules', 'pkg', 'spec.md'));
    copyFileSync(brokenSpec, join(dir, 'build', 'spec.md'));
    copyFileSync(brokenSpec, join(dir, 'specs', 'payments.md'));
    writeFileSync(join(dir, '.gitignore'), 'build/\n');
    const r = run(['-f', 'json'], dir);
    expect(JSON.parse(r.stdout).map((x: {filePath: string}) => x.filePath)).toEqual([join(dir, 'specs/payments.md')]);
  });

  it('config: glob→profile mapping, rule overrides, ignores, YAML and package.json configs', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'specs'));
    mkdirSync(join(dir, 'archive'));
    copyFileSync(brokenSpec, join(dir, 'specs', 'payments.md'));
    copyFileSync(brokenSpec, join(dir, 'archive', 'old.md'));
    writeFileSync(
      join(dir, '.speclintrc.yaml'),
      'profiles:\n  "specs/**/*.md": service-design\nrules:\n  dependency-table: warn\nignores: ["archive/**"]\n',
    );
    let r = run(['-f', 'json', '.'], dir);
    let results = JSON.parse(r.stdout);
    expect(results).toHaveLength(1);
    expect(results[0].profile).toEqual({name: 'service-design', source: 'config', reason: 'config maps "specs/**/*.md"'});
    expect(results[0].messages.map((m: {severity: number}) => m.severity)).toEqual([1, 1]);
    expect(r.code).toBe(0);

    const pkgDir = tempDir();
    copyFileSync(brokenSpec, join(pkgDir, 'spec.md'));
    writeFileSync(join(pkgDir, 'package.json'), JSON.stringify({name: 'x', speclint: {rules: {'dependency-table': 'off'}}}));
    r = run(['-f', 'json', 'spec.md'], pkgDir);
    results = JSON.parse(r.stdout);
    expect(results[0].messages).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('bad config exits 2 naming the file, the path inside it and what was expected', () => {
    const dir = tempDir();
    copyFileSync(okSpec, join(dir, 'spec.md'));
    const cases: Array<[string, string, RegExp]> = [
      ['.speclintrc.json', '{"rulez": {}}', /\.speclintrc\.json: \/: unknown key "rulez" \(did you mean "rules"\?\)$/],
      ['.speclintrc.json', '{"rules": {"no-such-rule": "warn"}}', /\/rules: unknown rule "no-such-rule"/],
      ['.speclintrc.json', '{"rules": {"quality-gate": ["error", {"requireCheked": true}]}}', /\/rules\/quality-gate\/1: unknown key "requireCheked" \(did you mean "requireChecked"\?\)$/],
      ['.speclintrc.json', '{"rules": {"quality-gate": "loud"}}', /\/rules\/quality-gate: must be one of "off", "warn", "error", 0, 1, 2$/],
      ['.speclintrc.json', '{"profiles": {"**/*.md": "nope"}}', /\/profiles\/\*\*\/\*\.md: unknown profile "nope"/],
      ['.speclintrc.json', '{oops', /\.speclintrc\.json: not valid JSON/],
      ['.speclintrc.yml', 'rules: [unclosed', /\.speclintrc\.yml: not valid YAML/],
    ];
    for (const [name, text, pattern] of cases) {
      const d = tempDir();
      copyFileSync(okSpec, join(d, 'spec.md'));
      writeFileSync(join(d, name), text);
      const r = run(['spec.md'], d);
      expect(r.code, text).toBe(2);
      expectOneLineError(r.stderr, pattern);
    }
    const r = run(['--config', 'missing.json', 'spec.md'], dir);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, 'cannot read config missing.json: no such file');
  });

  it('--print-config shows the profile, why, and each rule setting', () => {
    const r = run(['--print-config', 'fixtures/backend-spec/ok-payments-service.md']);
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.stdout);
    expect(printed.profile.name).toBe('backend-spec');
    expect(printed.rules['slo-targets']).toEqual(['error', {sections: ['Performance'], require: 'latency', percentiles: ['P50', 'P95', 'P99']}]);
    expect(printed.rules['required-sections']).toEqual(['error', {}]);
  });

  it('speclint rules and speclint profiles list the catalogue', () => {
    const rules = run(['rules']);
    expect(rules.code).toBe(0);
    expect(rules.stdout).toMatch(/^required-sections\s+Every section the profile marks required/m);
    const json = JSON.parse(run(['rules', '--format', 'json']).stdout);
    expect(json.find((r: {id: string}) => r.id === 'dependency-table').profiles['service-design']).toBe('error');
    const profiles = run(['profiles']);
    expect(profiles.stdout).toMatch(/^tech-spec:ddd\s+Technical design spec .*\(extends tech-spec\)$/m);
    expect(profiles.stdout.trim().split('\n')).toHaveLength(13);
  });

  it('never writes to the files it lints', () => {
    const dir = tempDir();
    copyFileSync(brokenSpec, join(dir, 'spec.md'));
    const before = statSync(join(dir, 'spec.md'));
    const content = readFileSync(join(dir, 'spec.md'));
    run(['spec.md', '-f', 'json'], dir);
    run(['spec.md'], dir);
    expect(readFileSync(join(dir, 'spec.md')).equals(content)).toBe(true);
    expect(statSync(join(dir, 'spec.md')).mtimeMs).toBe(before.mtimeMs);
  });

  it('the package entry points import by name, as a dependent project would', () => {
    const script = `
      const api = await import('speclint');
      const run = await api.runLint({cwd: process.cwd(), patterns: ['fixtures/service-design/broken-dependency-row.md']});
      const preset = await import('speclint/preset');
      console.log(JSON.stringify({errors: run.results[0].errorCount, rules: api.ruleCatalogue().length, preset: typeof preset.default}));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {cwd: repo, encoding: 'utf8'});
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({errors: 2, rules: RULES.length + ENGINE_RULES.length, preset: 'function'});
  });

  it('--version and --help exit 0', () => {
    const v = run(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toBe(JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version);
    const h = run(['--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('--max-warnings');
  });
});
