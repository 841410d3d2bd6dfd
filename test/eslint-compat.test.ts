/**
 * ESLint-shaped output read by the consumers written for ESLint, through the
 * real CLI: setup-node's eslint-stylish problem matcher and reviewdog's
 * `-f=eslint` errorformat on stylish, ESLint's own compact formatter,
 * ESLint's JSON fields, eslint-formatter-rdjson on the JSON report, the
 * gitlab and rdjson formats, SARIF rule help, and formatter modules.
 */
import {copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {join, resolve} from 'node:path';
import {describe, expect, it} from 'vitest';
import {REPO, runCli, tempDirs} from './helpers.js';

const require = createRequire(import.meta.url);
const tempDir = tempDirs();
const version = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version as string;

interface JsonMessage {
  ruleId: string | null;
  severity: number;
  message: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  fix?: {range: [number, number]; text: string};
  fatal?: boolean;
}
interface JsonResult {
  filePath: string;
  messages: JsonMessage[];
  source?: string;
  [key: string]: unknown;
}

/** Every finding of a JSON report as `relative-path:line:col`, the key the parsers below are checked against. */
function findingKeys(results: JsonResult[]): string[] {
  return results.flatMap((r) => r.messages.map((m) => `${r.filePath.slice(REPO.length + 1)}:${m.line}:${m.column}`)).sort();
}

/**
 * The eslint-stylish problem matcher of actions/setup-node
 * (.github/eslint-stylish.json, commit 66a45156), its two patterns copied
 * as they are, run the way the Actions runner runs a multi-line matcher
 * with `loop` (actions/runner src/Runner.Worker/IssueMatcher.cs, Match):
 * patterns tried last to first; a running match survives only while the
 * loop pattern keeps matching.
 */
const SETUP_NODE_ESLINT_STYLISH = [
  {regexp: '^\\s*([^\\s].*)$', file: 1},
  {regexp: '^\\s+(\\d+):(\\d+)\\s+(error|warning|info)\\s+(.*)\\s\\s+(.*)$', line: 1, column: 2, severity: 3, message: 4, code: 5, loop: true},
];

function problemMatcher(output: string): Array<{file: string; line: number; column: number; severity: string; message: string; code: string}> {
  const [first, loop] = SETUP_NODE_ESLINT_STYLISH.map((p) => ({...p, re: new RegExp(p.regexp)}));
  const issues = [];
  let running: {file: string} | null = null;
  for (const line of output.split('\n')) {
    if (running) {
      const m = loop!.re.exec(line);
      if (m) {
        issues.push({file: running.file, line: Number(m[1]), column: Number(m[2]), severity: m[3]!, message: m[4]!, code: m[5]!});
        continue; // The loop keeps the running match.
      }
      running = null;
    }
    const m = first!.re.exec(line);
    running = m ? {file: m[1]!} : null;
  }
  return issues;
}

/**
 * reviewdog's `-f=eslint` errorformat (reviewdog/errorformat
 * fmts/javascript.go: `%-P%f`, ` %#%l:%c %# %trror  %m`,
 * ` %#%l:%c %# %tarning  %m`, `%-Q`, `%-G%.%#`), each turned into a
 * regular expression as errorformat.go's NewEfm does (%f and %m `.+`, %l
 * and %c `\d+`, %t one character, ` %#` ` *`), and scanned as its
 * parseLine does: the first matching format wins; %P pushes its file only
 * when the file exists (else the next format is tried); an entry with no
 * file of its own takes the current one.
 */
function reviewdogEslint(output: string, cwd: string): Array<{file: string; line: number; column: number; type: string}> {
  const formats: Array<{prefix: string; minus: boolean; re: RegExp}> = [
    {prefix: 'P', minus: true, re: /^(?<f>.+)$/},
    {prefix: '', minus: false, re: /^ *(?<l>\d+):(?<c>\d+) * (?<t>.)rror {2}(?<m>.+)$/},
    {prefix: '', minus: false, re: /^ *(?<l>\d+):(?<c>\d+) * (?<t>.)arning {2}(?<m>.+)$/},
    {prefix: 'Q', minus: true, re: /^$/},
    {prefix: 'G', minus: true, re: /^(?:.)*$/},
  ];
  const entries = [];
  const files: string[] = [];
  for (const line of output.split('\n')) {
    for (const efm of formats) {
      const m = efm.re.exec(line);
      if (!m) continue;
      if (efm.prefix === 'P') {
        if (!existsSync(resolve(cwd, m.groups!['f']!))) continue;
        files.push(m.groups!['f']!);
        break;
      }
      if (efm.prefix === 'Q') {
        files.pop();
        break;
      }
      if (efm.prefix === 'G') break;
      entries.push({file: files[files.length - 1] ?? '', line: Number(m.groups!['l']), column: Number(m.groups!['c']), type: m.groups!['t']!});
      break;
    }
  }
  return entries;
}

describe('stylish is read by the ESLint-stylish parsers', () => {
  it('setup-node problem matcher and reviewdog -f=eslint read every finding of the fixtures with the right file:line:col', () => {
    const stylish = runCli(['--jobs', '1', 'fixtures/']);
    const json = runCli(['--jobs', '1', '-f', 'json', 'fixtures/']);
    expect(stylish.code).toBe(1);
    const expected = findingKeys(JSON.parse(json.stdout));
    expect(expected.length).toBeGreaterThan(20);
    // Hints and the profile are still there, after each file's findings.
    expect(stylish.stdout).toContain('hint: Write the timeout with a unit');
    expect(stylish.stdout).toMatch(/^ {2}profile: service-design \(detected from headings/m);

    const matched = problemMatcher(stylish.stdout);
    expect(matched.map((i) => `${i.file}:${i.line}:${i.column}`).sort()).toEqual(expected);
    // Message (less the padding that aligns the rule column, as with ESLint's own output), severity and rule too.
    const byKey = new Map(
      (JSON.parse(json.stdout) as JsonResult[]).flatMap((r) => r.messages.map((m) => [`${r.filePath.slice(REPO.length + 1)}:${m.line}:${m.column}:${m.ruleId}`, m] as const)),
    );
    for (const issue of matched) {
      expect(existsSync(join(REPO, issue.file)), issue.file).toBe(true);
      const m = byKey.get(`${issue.file}:${issue.line}:${issue.column}:${issue.code}`);
      expect(m, `${issue.file}:${issue.line}:${issue.column} ${issue.code}`).toBeDefined();
      expect(issue.message.trimEnd()).toBe(m!.message);
      expect(issue.severity).toBe(m!.severity === 2 ? 'error' : 'warning');
    }

    const reviewdog = reviewdogEslint(stylish.stdout, REPO);
    expect(reviewdog.map((e) => `${e.file}:${e.line}:${e.column}`).sort()).toEqual(expected);
    const json0 = JSON.parse(json.stdout) as JsonResult[];
    const errors = json0.flatMap((r) => r.messages).filter((m) => m.severity === 2).length;
    expect(reviewdog.filter((e) => e.type === 'e').length).toBe(errors);
  });
});

describe('compact is ESLint compact', () => {
  it("prints exactly what ESLint's compact formatter prints for the same results", () => {
    const compact = runCli(['--jobs', '1', '-f', 'compact', 'fixtures/']);
    const json = runCli(['--jobs', '1', '-f', 'json', 'fixtures/']);
    const eslintCompact = require('eslint-formatter-compact') as (results: unknown[]) => string;
    expect(compact.code).toBe(1);
    expect(compact.stdout).toBe(eslintCompact(JSON.parse(json.stdout)));
    expect(compact.stdout).toContain(
      `${join(REPO, 'fixtures/service-design/broken-dependency-row.md')}: line 46, col 34, Error - Timeout "5000" of "Kafka" is not a duration (dependency-table)\n`,
    );
    expect(compact.stdout).toMatch(/\n\n\d+ problems$/);
  });
});

describe('JSON has every field of ESLint results', () => {
  it('absolute filePath, source, the counts, suppressedMessages, usedDeprecatedRules; a file that cannot be linted is a fatal result (exit 2)', () => {
    const dir = tempDir('speclint-json-');
    copyFileSync(join(REPO, 'fixtures/service-design/broken-dependency-row.md'), join(dir, 'spec.md'));
    writeFileSync(join(dir, 'bad.md'), Buffer.from([0x23, 0x20, 0xff, 0xfe, 0x41, 0x0a]));
    const r = runCli(['-f', 'json', 'spec.md', 'bad.md'], {cwd: dir});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^speclint: error: bad\.md: /m);
    const results = JSON.parse(r.stdout) as JsonResult[];
    expect(results.map((x) => x.filePath)).toEqual([join(dir, 'bad.md'), join(dir, 'spec.md')]);
    const [bad, spec] = results;
    for (const result of results) {
      for (const key of ['filePath', 'messages', 'suppressedMessages', 'errorCount', 'fatalErrorCount', 'warningCount', 'fixableErrorCount', 'fixableWarningCount', 'usedDeprecatedRules']) {
        expect(result, key).toHaveProperty(key);
      }
    }
    expect(bad).toMatchObject({errorCount: 1, fatalErrorCount: 1, warningCount: 0, profile: null});
    expect(bad!.messages).toEqual([{ruleId: null, severity: 2, fatal: true, message: expect.stringMatching(/^Cannot lint the file: .*UTF-8/), line: 1, column: 1}]);
    expect(spec).toMatchObject({errorCount: 2, fatalErrorCount: 0, suppressedMessages: [], usedDeprecatedRules: []});
    expect(spec!.source).toBe(readFileSync(join(dir, 'spec.md'), 'utf8'));
    expect(spec!.messages[0]).toMatchObject({ruleId: 'dependency-table', severity: 2, line: 46, column: 34, endLine: 46, endColumn: 38});
  });
});

/** A spec with a fixable finding and non-ASCII text before other findings on their line, so UTF-8 and UTF-16 columns differ. */
function unicodeSpec(dir: string): string {
  const text = readFileSync(join(REPO, 'fixtures/service-design/broken-dependency-columns.md'), 'utf8').replace('| Card processor API |', '| Cärd prøcessor 🐶 API |');
  writeFileSync(join(dir, 'spec.md'), text);
  return text;
}

describe('eslint-formatter-rdjson reads the JSON report', () => {
  it('without a crash, with UTF-8 columns that point where speclint points, and the fix as a suggestion', () => {
    const dir = tempDir('speclint-rdjson-');
    const text = unicodeSpec(dir);
    const r = runCli(['-f', 'json', 'spec.md'], {cwd: dir});
    expect(r.code).toBe(1);
    const results = JSON.parse(r.stdout) as JsonResult[];
    const messages = results[0]!.messages;
    expect(messages.some((m) => m.fix)).toBe(true);
    const formatter = require('eslint-formatter-rdjson') as (results: unknown[], data: unknown) => string;
    const rdjson = JSON.parse(formatter(results, {cwd: dir, rulesMeta: {}})) as {
      diagnostics: Array<{location: {path: string; range: {start: {line: number; column: number}}}; code: {value: string}; suggestions?: unknown[]}>;
    };
    expect(rdjson.diagnostics).toHaveLength(messages.length);
    const lines = text.split('\n');
    rdjson.diagnostics.forEach((d, i) => {
      const m = messages[i]!;
      expect(d.location.path).toBe(join(dir, 'spec.md'));
      expect(d.location.range.start.line).toBe(m.line);
      // The UTF-8 column names the same character as speclint's UTF-16 column.
      const lineBytes = Buffer.from(lines[m.line - 1]!, 'utf8');
      expect(lineBytes.subarray(d.location.range.start.column - 1).toString('utf8')).toBe(lines[m.line - 1]!.slice(m.column - 1));
      expect(d.code.value).toBe(m.ruleId);
    });
    const shifted = messages.findIndex((m) => lines[m.line - 1]!.includes('🐶'));
    expect(shifted).toBeGreaterThanOrEqual(0);
    expect(rdjson.diagnostics[shifted]!.location.range.start.column).toBeGreaterThan(messages[shifted]!.column);
    expect(rdjson.diagnostics.filter((d) => d.suggestions).length).toBe(messages.filter((m) => m.fix).length);
  });

  it('also as --format eslint-formatter-rdjson (a formatter package)', () => {
    const dir = tempDir('speclint-rdjson-pkg-');
    mkdirSync(join(dir, 'node_modules'));
    // The package as a project installs it: resolved from the working directory.
    const pkg = join(dir, 'node_modules', 'eslint-formatter-rdjson');
    mkdirSync(pkg);
    for (const f of ['index.js', 'package.json']) copyFileSync(join(REPO, 'node_modules', 'eslint-formatter-rdjson', f), join(pkg, f));
    unicodeSpec(dir);
    const r = runCli(['-f', 'eslint-formatter-rdjson', 'spec.md'], {cwd: dir});
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as {diagnostics: Array<{code: {url: string}}>};
    expect(out.diagnostics.length).toBe(3);
    // rulesMeta carries the docs links.
    expect(out.diagnostics[0]!.code.url).toMatch(/rules\/required-table\.md$/);
    // The short name finds eslint-formatter-NAME, as ESLint's -f does... unless it is a built-in format.
    const short = runCli(['-f', 'rdjson', 'spec.md'], {cwd: dir});
    expect(JSON.parse(short.stdout).source.name).toBe('speclint');
  });
});

describe('gitlab and rdjson formats', () => {
  it('gitlab: Code Quality issues whose fingerprints do not change when the finding moves to another line', () => {
    const dir = tempDir('speclint-gitlab-');
    const text = readFileSync(join(REPO, 'fixtures/service-design/broken-dependency-row.md'), 'utf8');
    writeFileSync(join(dir, 'spec.md'), text);
    const before = runCli(['-f', 'gitlab', 'spec.md'], {cwd: dir, env: {CI_PROJECT_DIR: undefined}});
    writeFileSync(join(dir, 'spec.md'), text.replace('\n## Overview', '\n\n\n\n## Overview'));
    const after = runCli(['-f', 'gitlab', 'spec.md'], {cwd: dir, env: {CI_PROJECT_DIR: undefined}});
    expect(before.code).toBe(1);
    const a = JSON.parse(before.stdout);
    const b = JSON.parse(after.stdout);
    expect(a).toHaveLength(2);
    expect(a[0]).toEqual({
      type: 'issue',
      description: 'Timeout "5000" of "Kafka" is not a duration',
      check_name: 'dependency-table',
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
      severity: 'major',
      location: {path: 'spec.md', lines: {begin: 46}},
    });
    expect(b.map((i: {fingerprint: string}) => i.fingerprint)).toEqual(a.map((i: {fingerprint: string}) => i.fingerprint));
    expect(b[0].location.lines.begin).toBe(49);
    expect(new Set(a.map((i: {fingerprint: string}) => i.fingerprint)).size).toBe(2);
    // Relative to CI_PROJECT_DIR when GitLab sets it.
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'docs', 'spec.md'), text);
    const inCi = runCli(['-f', 'gitlab', 'spec.md'], {cwd: join(dir, 'docs'), env: {CI_PROJECT_DIR: dir}});
    expect(JSON.parse(inCi.stdout)[0].location.path).toBe('docs/spec.md');
  });

  it('rdjson: reviewdog diagnostics with UTF-8 columns, rule codes with docs links and fixes as suggestions', () => {
    const dir = tempDir('speclint-rd-');
    const text = unicodeSpec(dir);
    const r = runCli(['-f', 'rdjson', '-o', 'out/rd.json', '-f', 'json', '-o', 'out/eslint.json', 'spec.md'], {cwd: dir});
    expect(r.code).toBe(1);
    const rd = JSON.parse(readFileSync(join(dir, 'out/rd.json'), 'utf8'));
    const messages = (JSON.parse(readFileSync(join(dir, 'out/eslint.json'), 'utf8')) as JsonResult[])[0]!.messages;
    expect(rd.source).toEqual({name: 'speclint', url: 'https://github.com/speclint/speclint'});
    expect(rd.diagnostics).toHaveLength(messages.length);
    const lines = text.split('\n');
    rd.diagnostics.forEach((d: {location: {path: string; range: {start: {line: number; column: number}}}; severity: string; code: {value: string; url: string}}, i: number) => {
      const m = messages[i]!;
      expect(d.location.path).toBe('spec.md');
      expect(d.severity).toBe('ERROR');
      expect(d.code.value).toBe(m.ruleId);
      expect(d.code.url).toMatch(new RegExp(`rules/${m.ruleId}\\.md$`));
      const lineBytes = Buffer.from(lines[m.line - 1]!, 'utf8');
      expect(lineBytes.subarray(d.location.range.start.column - 1).toString('utf8')).toBe(lines[m.line - 1]!.slice(m.column - 1));
    });
    const fixed = rd.diagnostics.find((d: {suggestions?: unknown[]}) => d.suggestions);
    const fix = messages.find((m) => m.fix)!.fix!;
    expect(fixed.suggestions[0].text).toBe(fix.text);
    // The suggestion's range is the fix's offsets as line:column.
    const startLine = text.slice(0, fix.range[0]).split('\n').length;
    expect(fixed.suggestions[0].range.start.line).toBe(startLine);
  });
});

describe('SARIF rule help', () => {
  it('every rule carries help.text and help.markdown from its docs page and a helpUri of this release', () => {
    const r = runCli(['-f', 'sarif', 'fixtures/service-design/broken-dependency-row.md']);
    const rules = JSON.parse(r.stdout).runs[0].tool.driver.rules as Array<{id: string; helpUri: string; help: {text: string; markdown: string}}>;
    const table = rules.find((x) => x.id === 'dependency-table')!;
    expect(table.help.markdown).toBe(readFileSync(join(REPO, 'rules', 'dependency-table.md'), 'utf8').trim());
    expect(table.help.text.length).toBeGreaterThan(100);
    expect(table.help.text).not.toMatch(/^#/m);
    for (const rule of rules) {
      expect(rule.helpUri).toBe(`https://github.com/speclint/speclint/blob/v${version}/rules/${rule.id}.md`);
      expect(existsSync(join(REPO, 'rules', `${rule.id}.md`))).toBe(true);
      expect(rule.help.markdown.length).toBeGreaterThan(0);
    }
  });
});

describe('--format with a formatter module', () => {
  it('loads a file whose default export formats ESLint-shaped results; a missing formatter is one line, exit 2', () => {
    const dir = tempDir('speclint-fmt-');
    copyFileSync(join(REPO, 'fixtures/service-design/broken-dependency-row.md'), join(dir, 'spec.md'));
    writeFileSync(
      join(dir, 'my-formatter.mjs'),
      'export default function (results, data) {\n' +
        '  return results.map((r) => `${r.filePath} ${r.errorCount} ${r.messages.map((m) => `${m.line}:${m.column}:${m.ruleId}`).join(",")} ${typeof data.rulesMeta["dependency-table"].docs.url}`).join("\\n") + "\\n";\n' +
        '}\n',
    );
    const r = runCli(['-f', './my-formatter.mjs', 'spec.md'], {cwd: dir});
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`${join(dir, 'spec.md')} 2 46:34:dependency-table,46:41:dependency-table string\n`);

    const missing = runCli(['-f', './nope.js', 'spec.md'], {cwd: dir});
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toBe('speclint: error: cannot load formatter ./nope.js: no such file\n');
    const unknown = runCli(['-f', 'no-such-formatter-pkg', 'spec.md'], {cwd: dir});
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toMatch(/^speclint: error: unknown format "no-such-formatter-pkg": not a built-in format/);
    writeFileSync(join(dir, 'broken.mjs'), 'export const x = 1;\n');
    const broken = runCli(['-f', './broken.mjs', 'spec.md'], {cwd: dir});
    expect(broken.code).toBe(2);
    expect(broken.stderr).toBe('speclint: error: formatter ./broken.mjs has no default export function (a formatter is a function of the results returning a string)\n');
  });
});
