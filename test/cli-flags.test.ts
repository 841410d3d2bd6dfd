/**
 * The ESLint-named CLI flags, stdin, and the config features of issue 14,
 * each through the real CLI (bin/speclint.js in a child process).
 */
import {spawnSync} from 'node:child_process';
import {copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {Ajv} from 'ajv';
import {describe, expect, it} from 'vitest';
import {BIN, REPO, runCli, tempDirs} from './helpers.js';

const tempDir = tempDirs();
const brokenRow = join(REPO, 'fixtures/service-design/broken-dependency-row.md');
const brokenColumns = join(REPO, 'fixtures/service-design/broken-dependency-columns.md');
const okSpec = join(REPO, 'fixtures/service-design/ok-payments-service.md');

interface Result {
  filePath: string;
  messages: Array<{ruleId: string | null; severity: number; message: string; line: number; column: number}>;
  suppressedMessages: Array<{ruleId: string | null; suppressions: unknown[]}>;
  profile: {name: string; source: string; reason: string} | null;
}

const json = (stdout: string) => JSON.parse(stdout) as Result[];

/** A single line on stderr, `speclint: ...`, no stack trace. */
function oneLineError(stderr: string, pattern: RegExp) {
  const lines = stderr.trimEnd().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^speclint: /);
  expect(lines[0]).toMatch(pattern);
}

describe('stdin', () => {
  it('--stdin-filename picks the config profile for that name; without it the text is <stdin> and detection decides', () => {
    const dir = tempDir('speclint-stdin-');
    writeFileSync(join(dir, '.speclintrc.json'), JSON.stringify({profiles: {'docs/**': 'tech-spec'}}));
    const text = readFileSync(brokenRow, 'utf8');
    const named = runCli(['--stdin', '--stdin-filename', 'docs/x.md', '-f', 'json'], {cwd: dir, input: text});
    const [result] = json(named.stdout);
    expect(result!.filePath).toBe(join(dir, 'docs/x.md'));
    expect(result!.profile).toEqual({name: 'tech-spec', source: 'config', reason: 'config maps "docs/**"'});
    expect(existsSync(join(dir, 'docs'))).toBe(false);

    const bare = runCli(['--stdin', '-f', 'json'], {cwd: dir, input: text});
    expect(bare.code).toBe(1);
    const [anonymous] = json(bare.stdout);
    expect(anonymous!.filePath).toBe('<stdin>');
    expect(anonymous!.profile).toMatchObject({name: 'service-design', source: 'detected'});
    expect(anonymous!.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)).toEqual(['46:34 dependency-table', '46:41 dependency-table']);

    // `speclint -` is the same; stylish names the text <stdin>.
    const dash = runCli(['-'], {cwd: dir, input: text});
    expect(dash.code).toBe(1);
    expect(dash.stdout.split('\n')[0]).toBe('<stdin>');
    expect(dash.stdout).toMatch(/^ {2}46:34 {2}error {4}Timeout "5000"/m);
  });

  it('--fix --stdin writes the fixed text to stdout (what --fix writes to a file), not the report', () => {
    const dir = tempDir('speclint-stdin-fix-');
    const text = readFileSync(brokenColumns, 'utf8');
    writeFileSync(join(dir, 'spec.md'), text);
    const onFile = runCli(['--fix', 'spec.md'], {cwd: dir});
    expect(onFile.code).toBe(1);
    const fixedOnDisk = readFileSync(join(dir, 'spec.md'), 'utf8');
    expect(fixedOnDisk).not.toBe(text);

    const r = runCli(['--fix', '--stdin', '--stdin-filename', 'other.md', '-f', 'json', '-o', 'left.json'], {cwd: dir, input: text});
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(fixedOnDisk);
    expect(existsSync(join(dir, 'other.md'))).toBe(false);
    // The report (to a file) has what is left after fixing.
    const left = json(readFileSync(join(dir, 'left.json'), 'utf8'))[0]!;
    const onDisk = json(runCli(['-f', 'json', 'spec.md'], {cwd: dir}).stdout)[0]!;
    expect(left.messages.length).toBeGreaterThan(0);
    expect(left.messages).toEqual(onDisk.messages);
    // Nothing to fix: the text comes back unchanged.
    const clean = readFileSync(okSpec, 'utf8');
    const unchanged = runCli(['--fix', '--stdin'], {cwd: dir, input: clean});
    expect(unchanged.code).toBe(0);
    expect(unchanged.stdout).toBe(clean);
  });

  it('misuse is one line and exit 2; a --stdin-filename the config ignores is not linted', () => {
    const dir = tempDir('speclint-stdin-bad-');
    writeFileSync(join(dir, 'a.md'), readFileSync(brokenRow));
    const withFiles = runCli(['--stdin', 'a.md'], {cwd: dir, input: 'x'});
    expect(withFiles.code).toBe(2);
    oneLineError(withFiles.stderr, /--stdin lints stdin only/);
    const nameOnly = runCli(['--stdin-filename', 'a.md'], {cwd: dir});
    expect(nameOnly.code).toBe(2);
    oneLineError(nameOnly.stderr, /--stdin-filename needs --stdin/);
    writeFileSync(join(dir, '.speclintrc.json'), JSON.stringify({ignores: ['vendor/**']}));
    const ignored = runCli(['--stdin', '--stdin-filename', 'vendor/x.md', '-f', 'json'], {cwd: dir, input: readFileSync(brokenRow, 'utf8')});
    expect(ignored.code).toBe(0);
    expect(json(ignored.stdout)).toEqual([]);
  });
});

describe('file selection: --ignore-pattern, --no-ignore, negations', () => {
  function layout(): string {
    const dir = tempDir('speclint-select-');
    mkdirSync(join(dir, 'sub'));
    mkdirSync(join(dir, 'fixtures'));
    for (const f of ['a.md', 'b.md', 'sub/c.md', 'fixtures/d.md']) copyFileSync(brokenRow, join(dir, f));
    writeFileSync(join(dir, 'x.ts'), 'export const notMarkdown = 1;\n');
    return dir;
  }
  const linted = (dir: string, stdout: string) => json(stdout).map((r) => r.filePath.slice(dir.length + 1));

  it('--ignore-pattern (repeatable) leaves files out; --no-ignore obeys neither it, config ignores nor .gitignore', () => {
    const dir = layout();
    const r = runCli(['-f', 'json', '--ignore-pattern', 'b.md', '--ignore-pattern', 'sub/**', '.'], {cwd: dir});
    expect(linted(dir, r.stdout)).toEqual(['a.md', 'fixtures/d.md']);
    writeFileSync(join(dir, '.speclintrc.json'), JSON.stringify({ignores: ['a.md']}));
    writeFileSync(join(dir, '.gitignore'), 'fixtures/\n');
    expect(linted(dir, runCli(['-f', 'json', '.'], {cwd: dir}).stdout)).toEqual(['b.md', 'sub/c.md']);
    const all = runCli(['-f', 'json', '--no-ignore', '--ignore-pattern', 'b.md', '.'], {cwd: dir});
    expect(linted(dir, all.stdout)).toEqual(['a.md', 'b.md', 'fixtures/d.md', 'sub/c.md']);
  });

  it('a negation-only pattern means every Markdown file except those (never a .ts file); negations apply to the other patterns', () => {
    const dir = layout();
    const r = runCli(['-f', 'json', '!fixtures/**'], {cwd: dir});
    expect(r.stderr).toBe('');
    expect(linted(dir, r.stdout)).toEqual(['a.md', 'b.md', 'sub/c.md']);
    const two = runCli(['-f', 'json', '**/*.md', '!sub/**', '!b.md'], {cwd: dir});
    expect(linted(dir, two.stdout)).toEqual(['a.md', 'fixtures/d.md']);
    const dirAndNegation = runCli(['-f', 'json', '.', '!fixtures'], {cwd: dir});
    expect(linted(dir, dirAndNegation.stdout)).toEqual(['a.md', 'b.md', 'sub/c.md']);
  });
});

describe('--rule, --no-config-lookup', () => {
  it("--rule takes 'id: severity', 'id: [severity, {options}]' or JSON, over the config; a bad one is one line, exit 2", () => {
    const dir = tempDir('speclint-rule-');
    copyFileSync(brokenRow, join(dir, 'spec.md'));
    const off = runCli(['-f', 'json', '--rule', 'dependency-table: off', 'spec.md'], {cwd: dir});
    expect(off.code).toBe(0);
    expect(json(off.stdout)[0]!.messages).toEqual([]);
    writeFileSync(join(dir, '.speclintrc.json'), JSON.stringify({rules: {'dependency-table': 'off'}}));
    const warn = runCli(['-f', 'json', '--rule', '{"dependency-table": ["warn"]}', 'spec.md'], {cwd: dir});
    expect(warn.code).toBe(0);
    expect(json(warn.stdout)[0]!.messages.map((m) => m.severity)).toEqual([1, 1]);
    const both = runCli(['-f', 'json', '--rule', 'dependency-table: error', '--rule', 'quality-gate: [error, {requireChecked: true}]', 'spec.md'], {cwd: dir});
    expect(both.code).toBe(1);
    expect(json(both.stdout)[0]!.messages.map((m) => m.ruleId)).toEqual(expect.arrayContaining(['dependency-table', 'quality-gate']));

    const unknown = runCli(['--rule', 'dependency-tabel: off', 'spec.md'], {cwd: dir});
    expect(unknown.code).toBe(2);
    oneLineError(unknown.stderr, /^speclint: error: --rule: \/rules: unknown rule "dependency-tabel" \(did you mean "dependency-table"\?\)/);
    const badOption = runCli(['--rule', 'quality-gate: [error, {requireCheked: true}]', 'spec.md'], {cwd: dir});
    expect(badOption.code).toBe(2);
    oneLineError(badOption.stderr, /--rule: \/rules\/quality-gate\/1: unknown key "requireCheked" \(did you mean "requireChecked"\?\)/);
    const badSeverity = runCli(['--rule', 'dependency-table: loud', 'spec.md'], {cwd: dir});
    expect(badSeverity.code).toBe(2);
    oneLineError(badSeverity.stderr, /--rule: \/dependency-table: /);
    const notMapping = runCli(['--rule', 'dependency-table', 'spec.md'], {cwd: dir});
    expect(notMapping.code).toBe(2);
    oneLineError(notMapping.stderr, /--rule "dependency-table": not a rule setting/);
  });

  it('--no-config-lookup uses no config file; with --config it is a usage error', () => {
    const dir = tempDir('speclint-nolookup-');
    copyFileSync(brokenRow, join(dir, 'spec.md'));
    writeFileSync(join(dir, '.speclintrc.json'), JSON.stringify({rules: {'dependency-table': 'off'}}));
    expect(runCli(['spec.md'], {cwd: dir}).code).toBe(0);
    const r = runCli(['-f', 'json', '--no-config-lookup', 'spec.md'], {cwd: dir});
    expect(r.code).toBe(1);
    expect(json(r.stdout)[0]!.messages).toHaveLength(2);
    const both = runCli(['--no-config-lookup', '-c', '.speclintrc.json', 'spec.md'], {cwd: dir});
    expect(both.code).toBe(2);
    oneLineError(both.stderr, /cannot be used with option/);
  });
});

describe('lint comments: --no-inline-config, --report-unused-disable-directives, suppressedMessages', () => {
  function commented(dir: string): void {
    const text = readFileSync(brokenRow, 'utf8').replace('\n## Dependencies\n', '\n<!-- lint disable no-placeholders -->\n\n## Dependencies\n\n<!-- lint disable dependency-table -->\n');
    writeFileSync(join(dir, 'spec.md'), text);
  }

  it('a disable comment hides findings (kept in suppressedMessages); --no-inline-config ignores it', () => {
    const dir = tempDir('speclint-inline-');
    commented(dir);
    const r = runCli(['-f', 'json', 'spec.md'], {cwd: dir});
    expect(r.code).toBe(0);
    const [result] = json(r.stdout);
    expect(result!.messages).toEqual([]);
    expect(result!.suppressedMessages.map((m) => m.ruleId)).toEqual(['dependency-table', 'dependency-table']);
    expect(result!.suppressedMessages[0]!.suppressions).toEqual([{kind: 'directive', justification: ''}]);
    const off = runCli(['-f', 'json', '--no-inline-config', 'spec.md'], {cwd: dir});
    expect(off.code).toBe(1);
    expect(json(off.stdout)[0]!.messages.map((m) => m.ruleId)).toEqual(['dependency-table', 'dependency-table']);
    expect(json(off.stdout)[0]!.suppressedMessages).toEqual([]);
  });

  it('--report-unused-disable-directives: a comment that hides nothing is an error, one that hides findings is not', () => {
    const dir = tempDir('speclint-unused-');
    commented(dir);
    const r = runCli(['-f', 'json', '--report-unused-disable-directives', 'spec.md'], {cwd: dir});
    expect(r.code).toBe(1);
    const lines = readFileSync(join(dir, 'spec.md'), 'utf8').split('\n');
    const [result] = json(r.stdout);
    expect(result!.messages).toEqual([
      expect.objectContaining({
        ruleId: 'lint-comment',
        severity: 2,
        message: 'Unused lint disable comment (no problems were reported from "no-placeholders")',
        line: lines.indexOf('<!-- lint disable no-placeholders -->') + 1,
      }),
    ]);
  });
});

describe('profiles and config', () => {
  it('-p accepts a profile file path; a missing one says it is neither a file nor a profile', () => {
    const dir = tempDir('speclint-pfile-');
    writeFileSync(join(dir, 'kep.yaml'), 'name: kep\ntitle: KEP\nsections:\n  - name: Summary\n  - name: Motivation\n');
    writeFileSync(join(dir, 'proposal.md'), '# My KEP\n\n## Summary\n\nWe add a thing that does what it says.\n');
    const r = runCli(['-f', 'json', '-p', './kep.yaml', 'proposal.md'], {cwd: dir});
    expect(r.stderr).toBe('');
    const [result] = json(r.stdout);
    expect(result!.profile).toEqual({name: 'kep', source: 'cli', reason: '--profile'});
    expect(result!.messages.map((m) => [m.ruleId, m.message])).toContainEqual(['required-sections', expect.stringContaining('Motivation')]);
    // --print-config sees the same: the file's profile, and --rule over it.
    const printed = runCli(['--print-config', 'proposal.md', '-p', './kep.yaml', '--rule', 'required-sections: warn'], {cwd: dir});
    expect(printed.code).toBe(0);
    const config = JSON.parse(printed.stdout);
    expect(config.profile).toEqual({name: 'kep', source: 'cli', reason: '--profile'});
    expect(config.rules['required-sections'][0]).toBe('warn');
    const missing = runCli(['-p', './nope.yaml', 'proposal.md'], {cwd: dir});
    expect(missing.code).toBe(2);
    oneLineError(missing.stderr, /--profile \.\/nope\.yaml: no such profile file \(a profile name would be one of: .*service-design/);
    const unknown = runCli(['-p', 'kepp', 'proposal.md'], {cwd: dir});
    expect(unknown.code).toBe(2);
    oneLineError(unknown.stderr, /unknown profile "kepp".*a profile file is named by its path, such as \.\/my-profile\.yaml/);
  });

  it('an absolute glob in config profiles maps files; -o creates the missing folders of its file', () => {
    const dir = tempDir('speclint-absglob-');
    mkdirSync(join(dir, 'docs'));
    copyFileSync(brokenRow, join(dir, 'docs', 'spec.md'));
    writeFileSync(join(dir, '.speclintrc.json'), JSON.stringify({profiles: {[`${dir}/docs/**`]: 'tech-spec'}}));
    const r = runCli(['-f', 'json', '-o', 'reports/deep/x.json', 'docs/spec.md'], {cwd: dir});
    expect(r.stdout).toBe('');
    const [result] = json(readFileSync(join(dir, 'reports/deep/x.json'), 'utf8'));
    expect(result!.profile).toEqual({name: 'tech-spec', source: 'config', reason: `config maps "${dir}/docs/**"`});
  });

  it('onlyRules: these rules and no others (a listed rule the profile leaves off runs too)', () => {
    const dir = tempDir('speclint-only-');
    copyFileSync(brokenColumns, join(dir, 'spec.md'));
    expect(json(runCli(['-f', 'json', 'spec.md'], {cwd: dir}).stdout)[0]!.messages.map((m) => m.ruleId)).toEqual(['required-table', 'dependency-table', 'dependency-table']);
    writeFileSync(join(dir, '.speclintrc.json'), JSON.stringify({onlyRules: ['required-table', 'timeout-budget']}));
    const r = runCli(['-f', 'json', '-f', 'junit', '-o', 'junit.xml', 'spec.md'], {cwd: dir});
    expect(json(r.stdout)[0]!.messages.map((m) => m.ruleId)).toEqual(['required-table']);
    // The rules that ran (junit has a test case per rule run): exactly the listed ones; timeout-budget is off in service-design.
    const cases = [...readFileSync(join(dir, 'junit.xml'), 'utf8').matchAll(/<testcase classname="spec\.md" name="([^"]+)"/g)].map((m) => m[1]);
    expect(cases.sort()).toEqual(['required-table', 'timeout-budget']);
    writeFileSync(join(dir, '.speclintrc.json'), JSON.stringify({onlyRules: ['required-tabel']}));
    const bad = runCli(['spec.md'], {cwd: dir});
    expect(bad.code).toBe(2);
    oneLineError(bad.stderr, /\/onlyRules\/0: unknown rule "required-tabel" \(did you mean "required-table"\?\)/);
  });
});

describe('the published schema is as strict as the CLI', () => {
  const schema = JSON.parse(readFileSync(join(REPO, 'speclint.schema.json'), 'utf8'));
  const validate = new Ajv({strict: false}).compile(schema);
  const bad = [
    {rules: {'quality-gat': 'error'}},
    {rules: {'quality-gate': ['error', {requireCheked: true}]}},
    {rules: {'dependency-table': 'loud'}},
    {rules: {'file-budget': 'off'}},
    {onlyRules: ['no-such-rule']},
    {profiles: {team: {name: 'team', sections: [{name: 'A'}], rules: {'required-sectionz': 'error'}}}},
    {rulez: {}},
  ];
  const good = [{rules: {'quality-gate': ['warn', {requireChecked: true}], 'profile-match': 'error', 'section-order': 'off'}, onlyRules: ['required-sections', 'quality-gate']},
    // The checks across specs (src/system/) are rules a config sets like any other.
    {rules: {'system-sync-cycle': 'error', 'system-availability': 'warn'}},
  ];

  it('the same bad configs fail both the schema (ajv) and the CLI (exit 2, one line); good ones pass both', () => {
    const dir = tempDir('speclint-schema-');
    copyFileSync(okSpec, join(dir, 'spec.md'));
    for (const config of bad) {
      expect(validate(config), JSON.stringify(config)).toBe(false);
      writeFileSync(join(dir, '.speclintrc.json'), JSON.stringify(config));
      const r = runCli(['spec.md'], {cwd: dir});
      expect(r.code, JSON.stringify(config)).toBe(2);
      oneLineError(r.stderr, /\.speclintrc\.json: \//);
    }
    for (const config of good) {
      expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
      writeFileSync(join(dir, '.speclintrc.json'), JSON.stringify(config));
      expect(runCli(['spec.md'], {cwd: dir}).code).toBe(0);
    }
  });

  it('$id is the raw file URL, where editors can fetch it', () => {
    expect(schema.$id).toBe('https://raw.githubusercontent.com/speclint/speclint/main/speclint.schema.json');
  });
});

describe('colour: NO_COLOR and FORCE_COLOR on a terminal', () => {
  /** stylish on a pseudo-terminal (util-linux script), so stdout is a TTY. */
  function onTerminal(env: Record<string, string | undefined>): string {
    const base: Record<string, string | undefined> = {...process.env, TERM: 'xterm-256color', NO_COLOR: undefined, FORCE_COLOR: undefined, CI: undefined, ...env};
    for (const k of Object.keys(base)) if (base[k] === undefined) delete base[k];
    const command = `'${process.execPath}' '${BIN}' '${brokenRow}'`;
    const r = spawnSync('script', ['-qec', command, '/dev/null'], {cwd: REPO, encoding: 'utf8', env: base as NodeJS.ProcessEnv, input: ''});
    expect(r.stdout).toContain('dependency-table');
    return r.stdout;
  }
  const hasColour = (text: string) => text.includes('\x1b[');

  it.skipIf(spawnSync('script', ['--version']).status !== 0)('colour by default on a terminal; none with NO_COLOR; FORCE_COLOR wins over NO_COLOR', () => {
    expect(hasColour(onTerminal({}))).toBe(true);
    expect(hasColour(onTerminal({NO_COLOR: '1'}))).toBe(false);
    expect(hasColour(onTerminal({FORCE_COLOR: '0'}))).toBe(false);
    expect(hasColour(onTerminal({NO_COLOR: '1', FORCE_COLOR: '1'}))).toBe(true);
    expect(hasColour(onTerminal({NO_COLOR: ''}))).toBe(true);
  });
});
