/**
 * The GitHub Action as the runner runs it: the committed bundle
 * (action-dist/index.mjs) in a child process, inputs as INPUT_* variables
 * (defaults from action.yml), GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, a
 * pull_request event payload, and a workspace that is a throwaway git
 * repository with a base and a head commit. What is checked is what GitHub
 * would see: the workflow commands on stdout (read the way the runner reads
 * them), the summary file, the outputs file and the exit code. Expected
 * findings come from the CLI run on the same workspace.
 */
import {execFileSync, spawnSync} from 'node:child_process';
import {copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join, relative} from 'node:path';
import {build} from 'esbuild';
import {parse as parseYaml} from 'yaml';
import {describe, expect, it} from 'vitest';
import {lintFixture} from './helpers.js';
import {runnerCommands, type RunnerCommand} from './workflow-commands.js';
import {rankFinding, type Finding} from '../src/action/annotations.js';
import {parseUnifiedDiff, unquoteGitPath} from '../src/action/changes.js';
import {buildSummary} from '../src/action/summary.js';
import {htmlEscape as escapeHtml} from '../src/report/escape.js';
// @ts-expect-error: a plain ES module script without type declarations
import {buildOptions} from '../scripts/build-action.mjs';

const repo = join(import.meta.dirname, '..');
const bundle = join(repo, 'action-dist', 'index.mjs');
const fixture = (...p: string[]) => join(repo, 'fixtures', ...p);
const actionYml = parseYaml(readFileSync(join(repo, 'action.yml'), 'utf8')) as {
  runs: {using: string; main: string};
  inputs: Record<string, {default?: string}>;
  outputs: Record<string, unknown>;
};

// ---------------------------------------------------------------- workspace

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Spec Writer',
  GIT_AUTHOR_EMAIL: 'writer@example.com',
  GIT_COMMITTER_NAME: 'Spec Writer',
  GIT_COMMITTER_EMAIL: 'writer@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
};

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'commit.gpgsign=false', ...args], {cwd, encoding: 'utf8', env: {...process.env, ...GIT_ENV}}).trim();
}

/** A spec with `n` TODO lines under Deployment: one no-placeholders error each. */
function specWithTodos(n: number): string {
  const ok = readFileSync(fixture('service-design', 'ok-payments-service.md'), 'utf8');
  const todos = Array.from({length: n}, (_, i) => `- TODO: decide rollout step ${i + 1}\n`).join('');
  return ok.replace('\n## Observability\n', `\n${todos}\n## Observability\n`);
}

interface Workspace {
  dir: string;
  base: string;
  head: string;
}

/**
 * main: a spec with 30 TODOs, a spec with a section-order warning, a clean
 * spec and a README. The pull request (branch rollout-plan) adds three TODO
 * lines near the end of the first spec and two new specs (one with errors,
 * one with warnings).
 */
function makeWorkspace(): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'speclint-action-ws-'));
  git(dir, 'init', '-q', '-b', 'main');
  mkdirSync(join(dir, 'specs'));
  writeFileSync(join(dir, 'specs', 'many-errors.md'), specWithTodos(30));
  copyFileSync(fixture('backend-design', 'broken-section-order.md'), join(dir, 'specs', 'warn-order.md'));
  copyFileSync(fixture('service-design', 'ok-payments-service.md'), join(dir, 'specs', 'ok.md'));
  writeFileSync(join(dir, 'README.md'), '# Specs\n\nDesign specs of the payments team.\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  const base = git(dir, 'rev-parse', 'HEAD');

  git(dir, 'checkout', '-q', '-b', 'rollout-plan');
  const spec = readFileSync(join(dir, 'specs', 'many-errors.md'), 'utf8');
  const added = '- TODO: alert on the settlement backlog\n- TODO: alert on refund latency\n- TODO: dashboard link\n';
  writeFileSync(join(dir, 'specs', 'many-errors.md'), spec.replace('\n## Quality Gate\n', `\n${added}\n## Quality Gate\n`));
  copyFileSync(fixture('service-design', 'broken-dependency-row.md'), join(dir, 'specs', 'dependency.md'));
  copyFileSync(fixture('backend-spec', 'broken-missing-retry-strategy.md'), join(dir, 'specs', 'retry.md'));
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'rollout plan');
  const head = git(dir, 'rev-parse', 'HEAD');
  return {dir, base, head};
}

const CHANGED_FILES = ['specs/dependency.md', 'specs/many-errors.md', 'specs/retry.md'];

function writePayload(dir: string, base: string, head: string): string {
  const template = readFileSync(join(repo, 'test', 'fixtures-action', 'pull_request.json'), 'utf8');
  const path = join(dir, 'event.json');
  writeFileSync(path, template.replace('${BASE_SHA}', base).replace('${HEAD_SHA}', head));
  return path;
}

// ---------------------------------------------------------------- running

interface Command {
  command: string;
  props: Record<string, string>;
  data: string;
}

function unescape(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
}

/** Workflow commands in stdout, read the way the runner reads them (honouring stop-commands). */
function parseCommands(stdout: string): Command[] {
  const out: Command[] = [];
  let stopToken: string | undefined;
  for (const line of stdout.split(/\r?\n/)) {
    if (stopToken) {
      if (line === `::${stopToken}::`) stopToken = undefined;
      continue;
    }
    const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) continue;
    if (m[1] === 'stop-commands') {
      stopToken = m[3];
      continue;
    }
    const props: Record<string, string> = {};
    for (const pair of (m[2] ?? '').split(',').filter(Boolean)) {
      const i = pair.indexOf('=');
      props[pair.slice(0, i)] = unescape(pair.slice(i + 1));
    }
    out.push({command: m[1]!, props, data: unescape(m[3]!)});
  }
  return out;
}

/** GITHUB_OUTPUT's `name<<delimiter` blocks. */
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/^(.+?)<<(ghadelimiter_[0-9a-f-]+)\n([\s\S]*?)\n?\2$/gm)) out[m[1]!] = m[3]!;
  return out;
}

interface ActionRun {
  /** Set when the run was killed (by `timeout`). */
  signal: NodeJS.Signals | null;
  code: number | null;
  stdout: string;
  stderr: string;
  commands: Command[];
  summary: string;
  outputs: Record<string, string>;
}

function runAction(
  ws: {dir: string},
  inputs: Record<string, string> = {},
  options: {eventPath?: string; script?: string; extraEnv?: Record<string, string>; timeout?: number} = {},
): ActionRun {
  const io = mkdtempSync(join(tmpdir(), 'speclint-action-io-'));
  const summaryFile = join(io, 'step_summary');
  const outputFile = join(io, 'output');
  writeFileSync(summaryFile, '');
  writeFileSync(outputFile, '');
  // A clean environment: nothing from a CI job running these tests leaks in.
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: process.env['HOME'] ?? io,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: ws.dir,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_OUTPUT: outputFile,
    ...(options.eventPath ? {GITHUB_EVENT_PATH: options.eventPath, GITHUB_EVENT_NAME: 'pull_request'} : {}),
    ...options.extraEnv,
  };
  // The runner sets every input, with action.yml's default when the workflow gives none.
  for (const [name, spec] of Object.entries(actionYml.inputs)) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = inputs[name] ?? spec.default ?? '';
  }
  const r = spawnSync(process.execPath, [options.script ?? bundle], {cwd: ws.dir, encoding: 'utf8', env, timeout: options.timeout, maxBuffer: 64 * 1024 * 1024});
  return {
    signal: r.signal,
    code: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    commands: parseCommands(r.stdout),
    summary: readFileSync(summaryFile, 'utf8'),
    outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
  };
}

interface CliFinding {
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'warning';
  ruleId: string;
  message: string;
  hint?: string;
}

/** Every finding the CLI reports for the workspace: the reference the action must match. */
function cliFindings(dir: string, files: string[] = []): CliFinding[] {
  const r = spawnSync(process.execPath, [join(repo, 'bin', 'speclint.js'), '-f', 'json', ...files], {cwd: dir, encoding: 'utf8'});
  const results = JSON.parse(r.stdout) as Array<{filePath: string; messages: Array<{line: number; column: number; severity: number; ruleId: string; message: string; hint?: string}>}>;
  return results.flatMap((f) =>
    // The JSON report's paths are absolute (ESLint's filePath); the action's are relative to the workspace.
    f.messages.map((m) => ({file: relative(dir, f.filePath), line: m.line, column: m.column, severity: m.severity === 2 ? 'error' : 'warning', ruleId: m.ruleId, message: m.message, hint: m.hint}) as CliFinding),
  );
}

const key = (file: string, line: number | string, column: number | string, severity: string, rule: string) => `${file} ${line}:${column} ${severity} ${rule}`;

/** Rows of the summary tables as `file line:col severity rule`, plus whether each is marked as on a changed line. */
function summaryRows(summary: string): Array<{key: string; changed: boolean; message: string}> {
  const rows: Array<{key: string; changed: boolean; message: string}> = [];
  for (const section of summary.split('<h3>').slice(1)) {
    const file = /^<code>(.*?)<\/code><\/h3>/.exec(section)![1]!;
    for (const m of section.matchAll(/<tr><td>(?:<a [^>]*>)?(\d+):(\d+)(?:<\/a>)?( ✎)?<\/td><td>(error|warning)<\/td><td>.*?<code>(.*?)<\/code>.*?<\/td><td>(.*?)(?:<br>|<\/td>)/g)) {
      rows.push({key: key(file, m[1]!, m[2]!, m[4]!, m[5]!), changed: Boolean(m[3]), message: m[6]!});
    }
  }
  return rows;
}

const findingAnnotations = (run: ActionRun, kind: 'error' | 'warning') =>
  run.commands.filter((c) => c.command === kind && c.props['title']?.startsWith('speclint('));

function expectOneLineFailure(run: ActionRun, message: string) {
  expect(run.code).toBe(1);
  expect(run.stderr).toBe('');
  const errors = run.commands.filter((c) => c.command === 'error');
  expect(errors).toEqual([{command: 'error', props: {}, data: message}]);
  expect(run.stdout).not.toMatch(/\n\s+at /);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

// ---------------------------------------------------------------- tests

describe('the GitHub Action bundle', () => {
  it('spends the capped annotations on errors on changed lines first, says so once, and lists every finding in the summary', () => {
    const ws = makeWorkspace();
    const run = runAction(ws, {}, {eventPath: writePayload(ws.dir, ws.base, ws.head)});
    const all = cliFindings(ws.dir);
    const errors = all.filter((f) => f.severity === 'error');
    const warnings = all.filter((f) => f.severity === 'warning');
    expect(errors.length).toBeGreaterThanOrEqual(35);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    // At most 10 error commands in all: 9 findings plus the failure message.
    expect(run.commands.filter((c) => c.command === 'error')).toHaveLength(10);
    const annotatedErrors = findingAnnotations(run, 'error');
    const annotatedWarnings = findingAnnotations(run, 'warning');
    expect(annotatedErrors).toHaveLength(9);
    expect(annotatedWarnings).toHaveLength(Math.min(10, warnings.length));

    // Errors come before warnings.
    const lastError = run.commands.lastIndexOf(annotatedErrors.at(-1)!);
    const firstWarning = run.commands.indexOf(annotatedWarnings[0]!);
    expect(lastError).toBeLessThan(firstWarning);

    // Changed lines first: the errors of the added spec, then the three TODO lines
    // the pull request added (late in the file), then older TODOs of the changed file.
    const head = readFileSync(join(ws.dir, 'specs', 'many-errors.md'), 'utf8').split('\n');
    const newTodoLines = head.flatMap((l, i) => (/TODO: (alert|dashboard)/.test(l) ? [i + 1] : []));
    expect(newTodoLines).toHaveLength(3);
    const dependencyErrors = errors.filter((f) => f.file === 'specs/dependency.md');
    const oldTodos = errors.filter((f) => f.file === 'specs/many-errors.md' && !newTodoLines.includes(f.line));
    const expectedOrder = [
      ...dependencyErrors.map((f) => `${f.file}:${f.line}:${f.column}`),
      ...newTodoLines.map((line) => `specs/many-errors.md:${line}:3`),
      ...oldTodos.map((f) => `${f.file}:${f.line}:${f.column}`),
    ].slice(0, 9);
    expect(annotatedErrors.map((c) => `${c.props['file']}:${c.props['line']}:${c.props['col']}`)).toEqual(expectedOrder);
    expect(annotatedErrors[0]).toEqual({
      command: 'error',
      props: {title: 'speclint(dependency-table)', file: 'specs/dependency.md', line: '46', endLine: '46', col: '34', endColumn: '38'},
      data: 'Timeout "5000" of "Kafka" is not a duration\nHint: Write the timeout with a unit, like 100ms, 5s or 2 min',
    });
    // Warnings of the added spec before the one in the untouched spec.
    const warningFiles = annotatedWarnings.map((c) => c.props['file']);
    expect(warningFiles.indexOf('specs/warn-order.md')).toBe(warningFiles.length - 1);

    // One notice about the cap, with the real counts.
    const notices = run.commands.filter((c) => c.command === 'notice');
    expect(notices).toEqual([
      {
        command: 'notice',
        props: {title: 'speclint: more findings than annotations'},
        data:
          `speclint found ${errors.length} errors and ${warnings.length} warnings; GitHub shows at most 10 error and 10 warning annotations per step, ` +
          `so 9 errors and ${annotatedWarnings.length} warnings are annotated (those on lines this pull request changed first) and ${all.length - 9 - annotatedWarnings.length} are not. ` +
          'The job summary and the step log list every finding.',
      },
    ]);
    expect(run.commands.at(-1)).toEqual({command: 'error', props: {}, data: `speclint: ${errors.length} errors (fail-on: error)`});

    // Every finding is in the summary, each once, the changed-line ones marked.
    const rows = summaryRows(run.summary);
    expect(rows.map((r) => r.key).sort()).toEqual(all.map((f) => key(f.file, f.line, f.column, f.severity, f.ruleId)).sort());
    for (const f of all) {
      const row = rows.find((r) => r.key === key(f.file, f.line, f.column, f.severity, f.ruleId))!;
      expect(row.message).toBe(escapeHtml(f.message));
      const onChangedLine = f.file === 'specs/dependency.md' || f.file === 'specs/retry.md' || (f.file === 'specs/many-errors.md' && newTodoLines.includes(f.line));
      expect(row.changed).toBe(onChangedLine);
    }
    expect(run.summary).toContain(`<h2>speclint: ${errors.length} errors, ${warnings.length} warnings in 4 of 5 files</h2>`);
    expect(run.summary).toContain('1 Markdown file skipped as not specs.');
    expect(run.summary).toContain('<p>1 other file checked with no problems.</p>');

    expect(run.outputs).toEqual({
      'error-count': String(errors.length),
      'warning-count': String(warnings.length),
      'files-checked': '5',
      'sarif-file': '',
    });
  });

  it('only-changed: lints only the Markdown files the pull request changed', () => {
    const ws = makeWorkspace();
    const run = runAction(ws, {'only-changed': 'true'}, {eventPath: writePayload(ws.dir, ws.base, ws.head)});
    const expected = cliFindings(ws.dir, CHANGED_FILES);
    expect(run.code).toBe(1);
    expect(run.outputs['files-checked']).toBe('3');
    expect(run.outputs['error-count']).toBe(String(expected.filter((f) => f.severity === 'error').length));
    expect(run.outputs['warning-count']).toBe(String(expected.filter((f) => f.severity === 'warning').length));
    expect(summaryRows(run.summary).map((r) => r.key).sort()).toEqual(expected.map((f) => key(f.file, f.line, f.column, f.severity, f.ruleId)).sort());
    expect(run.summary).toContain('Only the files this pull request changed were checked (only-changed): 3 changed Markdown files.');
    expect(run.summary).not.toContain('warn-order.md');
    const files = new Set(run.commands.filter((c) => c.props['file']).map((c) => c.props['file']));
    expect([...files].sort()).toEqual(CHANGED_FILES);
    expect(run.commands.filter((c) => c.command === 'notice' && c.data.startsWith('only-changed'))).toEqual([]);
  });

  it('only-changed on GitHub\'s merge-commit checkout: the pull request\'s files only, not what main changed meanwhile', () => {
    const ws = makeWorkspace();
    git(ws.dir, 'checkout', '-q', 'main');
    writeFileSync(join(ws.dir, 'specs', 'warn-order.md'), readFileSync(join(ws.dir, 'specs', 'warn-order.md'), 'utf8') + '\nA note added on main.\n');
    git(ws.dir, 'commit', '-q', '-am', 'main moves on');
    const mainTip = git(ws.dir, 'rev-parse', 'HEAD');
    git(ws.dir, 'merge', '-q', '--no-ff', '-m', 'Merge rollout-plan', 'rollout-plan');
    const run = runAction(ws, {'only-changed': 'true'}, {eventPath: writePayload(ws.dir, mainTip, ws.head)});
    expect(run.outputs['files-checked']).toBe('3');
    const files = new Set(run.commands.filter((c) => c.props['file']).map((c) => c.props['file']));
    expect([...files].sort()).toEqual(CHANGED_FILES);
  });

  it('only-changed lints every file when the pull request changes the config', () => {
    const ws = makeWorkspace();
    writeFileSync(join(ws.dir, '.speclintrc.json'), JSON.stringify({rules: {'section-order': 'off'}}) + '\n');
    git(ws.dir, 'add', '.speclintrc.json');
    git(ws.dir, 'commit', '-q', '-m', 'config');
    const head = git(ws.dir, 'rev-parse', 'HEAD');
    const run = runAction(ws, {'only-changed': 'true', 'fail-on': 'never'}, {eventPath: writePayload(ws.dir, ws.base, head)});
    expect(run.outputs['files-checked']).toBe('5');
    expect(run.summary).toContain('The pull request changes the config (.speclintrc.json), so every file was checked, not only the changed ones.');
  });

  it('only-changed falls back to every file with one notice when git cannot tell what changed', () => {
    const ws = makeWorkspace();
    const missing = 'f'.repeat(40);
    const run = runAction(ws, {'only-changed': 'true', 'fail-on': 'never'}, {eventPath: writePayload(ws.dir, missing, ws.head)});
    expect(run.code).toBe(0);
    expect(run.outputs['files-checked']).toBe('5');
    const notices = run.commands.filter((c) => c.command === 'notice' && c.data.startsWith('only-changed'));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.data).toMatch(
      /^only-changed: cannot tell which files the pull request changed \(git cannot tell what it changed: fatal: .+; check out with actions\/checkout "fetch-depth: 0"\), so every file is checked\.$/,
    );
  });

  it('only-changed outside a pull request (a push) checks every file, with a notice saying why', () => {
    const ws = makeWorkspace();
    const push = join(ws.dir, 'push.json');
    writeFileSync(push, JSON.stringify({ref: 'refs/heads/main', before: ws.base, after: ws.head}));
    const run = runAction(ws, {'only-changed': 'true', 'fail-on': 'never'}, {eventPath: push});
    expect(run.outputs['files-checked']).toBe('5');
    expect(run.commands.filter((c) => c.command === 'notice' && c.data.startsWith('only-changed')).map((c) => c.data)).toEqual([
      'only-changed: cannot tell which files the pull request changed (the workflow was not triggered by a pull request), so every file is checked.',
    ]);
  });

  it('fail-on never: annotates and reports but passes', () => {
    const ws = makeWorkspace();
    const run = runAction(ws, {'fail-on': 'never'}, {eventPath: writePayload(ws.dir, ws.base, ws.head)});
    expect(run.code).toBe(0);
    // No failure message, so all 10 error slots go to findings.
    expect(findingAnnotations(run, 'error')).toHaveLength(10);
    expect(run.commands.filter((c) => c.command === 'error' && !c.props['title'])).toEqual([]);
    expect(Number(run.outputs['error-count'])).toBeGreaterThan(10);
  });

  it('fail-on warning fails on warnings alone; max-warnings fails past the limit only', () => {
    const ws = makeWorkspace();
    const files = 'specs/warn-order.md\nspecs/retry.md\n';
    const expected = cliFindings(ws.dir, ['specs/warn-order.md', 'specs/retry.md']);
    expect(expected.filter((f) => f.severity === 'error')).toEqual([]);
    const w = expected.length;
    expect(w).toBeGreaterThan(1);

    const clean = runAction(ws, {files});
    expect(clean.code).toBe(0);
    expect(clean.outputs).toMatchObject({'error-count': '0', 'warning-count': String(w), 'files-checked': '2'});

    const strict = runAction(ws, {files, 'fail-on': 'warning'});
    expect(strict.code).toBe(1);
    expect(strict.commands.at(-1)).toEqual({command: 'error', props: {}, data: `speclint: 0 errors and ${w} warnings (fail-on: warning)`});

    const over = runAction(ws, {files, 'max-warnings': String(w - 1)});
    expect(over.code).toBe(1);
    expect(over.commands.at(-1)).toEqual({command: 'error', props: {}, data: `speclint: ${w} warnings, more than max-warnings ${w - 1}`});
    expect(runAction(ws, {files, 'max-warnings': String(w)}).code).toBe(0);
  });

  it('a file that cannot be linted is annotated and fails the step even with fail-on never', () => {
    const ws = makeWorkspace();
    writeFileSync(join(ws.dir, 'specs', 'binary.md'), Buffer.from([0x23, 0x20, 0x00, 0x01, 0x0a]));
    const run = runAction(ws, {files: 'specs/binary.md\nspecs/ok.md', 'fail-on': 'never'});
    expect(run.code).toBe(1);
    expect(run.commands.filter((c) => c.command === 'error')).toEqual([
      {command: 'error', props: {title: 'speclint', file: 'specs/binary.md'}, data: 'binary file (contains NUL bytes), not Markdown'},
      {command: 'error', props: {}, data: 'speclint: 1 file could not be linted'},
    ]);
    expect(run.summary).toContain('<li><code>specs/binary.md</code>: binary file (contains NUL bytes), not Markdown</li>');
    expect(run.outputs['files-checked']).toBe('1');
  });

  it('sarif-file: writes SARIF for code scanning and names it in the outputs', () => {
    const ws = makeWorkspace();
    const run = runAction(ws, {'sarif-file': 'reports/speclint.sarif', 'fail-on': 'never'}, {eventPath: writePayload(ws.dir, ws.base, ws.head)});
    expect(run.code).toBe(0);
    const path = join(ws.dir, 'reports', 'speclint.sarif');
    expect(run.outputs['sarif-file']).toBe(path);
    const sarif = JSON.parse(readFileSync(path, 'utf8'));
    const all = cliFindings(ws.dir);
    expect(sarif.version).toBe('2.1.0');
    expect(
      sarif.runs[0].results.map((r: any) => {
        const loc = r.locations[0].physicalLocation;
        return key(loc.artifactLocation.uri, loc.region.startLine, loc.region.startColumn, r.level, r.ruleId);
      }),
    ).toEqual(all.map((f) => key(f.file, f.line, f.column, f.severity, f.ruleId)));
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uriBaseId).toBe('%SRCROOT%');
  });

  it('annotations false: no annotations, the summary still lists everything', () => {
    const ws = makeWorkspace();
    const run = runAction(ws, {annotations: 'false', summary: 'true', 'fail-on': 'never'});
    expect(run.commands.filter((c) => ['error', 'warning', 'notice'].includes(c.command))).toEqual([]);
    expect(summaryRows(run.summary)).toHaveLength(cliFindings(ws.dir).length);
  });

  it('summary false: writes no summary; the notice then points at the log', () => {
    const ws = makeWorkspace();
    const run = runAction(ws, {summary: 'false', 'fail-on': 'never'});
    expect(run.summary).toBe('');
    const notice = run.commands.find((c) => c.command === 'notice')!;
    expect(notice.data).toMatch(/ The step log lists every finding\.$/);
  });

  it('lists every finding in the log with workflow commands switched off around it', () => {
    const ws = makeWorkspace();
    // A file name that, printed at the start of a log line, would be a workflow command.
    const name = '::warning::injected.md';
    copyFileSync(fixture('service-design', 'broken-dependency-row.md'), join(ws.dir, name));
    const run = runAction(ws, {files: name, 'fail-on': 'never'});
    // The stylish file line is the path alone (the profile is on a line after the findings).
    expect(run.stdout).toMatch(/\n::stop-commands::([0-9a-f-]{36})\n::warning::injected\.md\n[\s\S]*\n {2}profile: service-design \([\s\S]*\n::\1::\n/);
    // The runner sees the findings' annotations on that file, and no command made of its name.
    expect(run.commands.filter((c) => c.command === 'warning')).toEqual([]);
    expect(findingAnnotations(run, 'error').map((c) => c.props['file'])).toEqual([name, name]);
  });

  it.each([
    [{'fail-on': 'sometimes'}, 'speclint: input "fail-on" must be error, warning or never, not "sometimes"'],
    [{'max-warnings': '-1'}, 'speclint: input "max-warnings" must be a whole number >= 0, not "-1"'],
    [{annotations: 'yes'}, 'speclint: input "annotations" must be true or false, not "yes"'],
    [{profile: 'payments'}, /^speclint: unknown profile "payments" \(known: architecture-design, backend-design, backend-spec, service-design, tech-spec, /],
    [{config: 'missing.yaml'}, 'speclint: cannot read config missing.yaml: no such file'],
  ] as Array<[Record<string, string>, string | RegExp]>)('bad input %o fails with one line', (inputs, message) => {
    const ws = makeWorkspace();
    const run = runAction(ws, inputs);
    const errors = run.commands.filter((c) => c.command === 'error');
    expect(errors).toHaveLength(1);
    if (typeof message === 'string') expectOneLineFailure(run, message);
    else {
      expect(run.code).toBe(1);
      expect(errors[0]!.data).toMatch(message);
      expect(errors[0]!.data).not.toContain('\n');
    }
    expect(run.outputs).toEqual({});
  });

  it('a files glob that matches nothing fails the step with one annotation naming it; the other files are still linted', () => {
    const ws = makeWorkspace();
    const run = runAction(ws, {files: 'nowhere/**/*.md\nspecs/dependency.md', 'fail-on': 'never'});
    expect(run.code).toBe(1);
    const errors = run.commands.filter((c) => c.command === 'error');
    expect(errors.find((c) => c.props['file'] === 'nowhere/**/*.md')?.data).toBe('no files match this pattern (use --no-error-on-unmatched-pattern to allow this)');
    expect(errors.filter((c) => c.props['file'] === 'specs/dependency.md')).toHaveLength(2);
    expect(errors.at(-1)!.data).toMatch(/^speclint: 1 file could not be linted/);
    expect(run.outputs['files-checked']).toBe('1');
  });

  it('a bad config file fails with one line naming it', () => {
    const ws = makeWorkspace();
    writeFileSync(join(ws.dir, '.speclintrc.yaml'), 'rules:\n  section-order: [warn, {nope: 1}\n');
    const run = runAction(ws);
    expect(run.code).toBe(1);
    const errors = run.commands.filter((c) => c.command === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.data).toMatch(new RegExp(`^speclint: ${join(ws.dir, '.speclintrc.yaml').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: not valid YAML: `));
    expect(errors[0]!.data).not.toContain('\n');
  });

  it('runs from a copy of the action with no node_modules (no install step), finding its profiles from action-dist/', () => {
    const action = mkdtempSync(join(tmpdir(), 'speclint-action-copy-'));
    for (const p of ['action.yml', 'package.json', 'action-dist', 'rules/profiles']) cpSync(join(repo, p), join(action, p), {recursive: true});
    expect(existsSync(join(action, 'node_modules'))).toBe(false);
    const ws = makeWorkspace();
    // DBML and mermaid blocks: their checks load parsers lazily (mermaid from
    // a chunk of its own), which the bundle must carry too.
    const ok = readFileSync(fixture('service-design', 'ok-payments-service.md'), 'utf8');
    writeFileSync(join(ws.dir, 'specs', 'dbml.md'), ok.replace('## Deployment\n', '## Deployment\n\n```dbml\nTable users {\n  id integer [pk\n}\n```\n'));
    writeFileSync(join(ws.dir, 'specs', 'mermaid.md'), ok.replace('## Deployment\n', '## Deployment\n\n```mermaid\nsequenceDiagram\n  Client->>API: pay\n  API-->>Client ok\n```\n'));
    const files = ['specs/dbml.md', 'specs/dependency.md', 'specs/mermaid.md'];
    const expected = cliFindings(ws.dir, files);
    expect(expected.some((f) => f.file === 'specs/dbml.md' && f.ruleId === 'code-blocks')).toBe(true);
    expect(expected.some((f) => f.file === 'specs/mermaid.md' && f.ruleId === 'code-blocks')).toBe(true);
    const run = runAction(ws, {files: files.join('\n')}, {script: join(action, 'action-dist', 'index.mjs')});
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const errors = expected.filter((f) => f.severity === 'error');
    expect(run.outputs).toMatchObject({'error-count': String(errors.length), 'files-checked': '3'});
    expect(findingAnnotations(run, 'error').map((c) => `${c.props['file']} ${c.props['line']}:${c.props['col']} ${c.props['title']}`)).toEqual(
      errors.map((f) => `${f.file} ${f.line}:${f.column} speclint(${f.ruleId})`),
    );
  });
});

// ---------------------------------------------------------------- a hostile pull request

/** Text that must never leave the files holding it: in .git/config, outside the workspace. */
const SECRETS = {git: 'SECRET-GIT-CREDENTIAL-4f1c', outside: 'SECRET-OUTSIDE-FILE-9a2e', vault: 'SECRET-VAULT-FILE-7b3d', profile: 'SECRET-PROFILE-FILE-2d8a'};

/** 40 a's and a bang: `(a+)+$` backtracks through 2^40 ways to split it in JavaScript. */
const EVIL_TEXT = `${'a'.repeat(40)}!`;

/**
 * What a pull request on `pull_request_target` can put in the workspace:
 * its own config, whose `files` reach out (`../outside.md`, an absolute
 * path, a brace glob climbing out) and whose custom profile has a pattern
 * that backtracks forever and one that echoes every line it matches;
 * symbolic links to .git/config (which holds the checkout's credentials, as
 * actions/checkout writes them) and to files and a directory outside; and a
 * spec whose front matter and text are workflow commands. Next to the
 * workspace: files with secrets, as other checkouts or the runner's home.
 */
function makeHostileWorkspace(): {root: string; dir: string} {
  const root = mkdtempSync(join(tmpdir(), 'speclint-hostile-'));
  const dir = join(root, 'ws');
  mkdirSync(join(dir, 'docs'), {recursive: true});
  mkdirSync(join(dir, 'profiles'));
  mkdirSync(join(root, 'vault'));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'http.https://github.com/.extraheader', `AUTHORIZATION: basic ${SECRETS.git}`);
  const ok = readFileSync(fixture('service-design', 'ok-payments-service.md'), 'utf8');
  writeFileSync(join(root, 'outside.md'), ok.replace('## Overview\n', `## Overview\n\n${SECRETS.outside} TODO\n`));
  writeFileSync(join(root, 'vault', 'keys.md'), `# Keys\n\n${SECRETS.vault}\n`);

  const frontMatter = '---\n::error title=FORGED::INJECTED: !foo bar\n::stop-commands::pwned: !foo x\n---\n';
  const injected = [
    '- TODO: ##[error]V1-FORGED',
    '::warning title=FORGED::at the start of a line',
    '   ::error title=FORGED::indented',
    '',
    '```dbml',
    'Table "::error title=FORGED::dbml" {',
    '  ::error title=FORGED::x',
    '}',
    '```',
    '',
    '```mermaid',
    'sequenceDiagram',
    '  A->>B: ::error title=FORGED::mermaid',
    '  ::error title=FORGED::bad',
    '```',
    '',
    '```yaml',
    '::error title=FORGED::yaml: !foo x',
    '```',
    '',
    `## ${EVIL_TEXT}`,
    '',
    EVIL_TEXT,
    '',
  ].join('\n');
  writeFileSync(join(dir, 'docs', 'spec.md'), frontMatter + ok.replace('## Deployment\n', `## Deployment\n\n${injected}\n`));
  symlinkSync('../.git/config', join(dir, 'docs', 'notes.md'));
  symlinkSync('../../outside.md', join(dir, 'docs', 'leak.md'));
  symlinkSync('../../vault', join(dir, 'docs', 'vault'));
  writeFileSync(
    join(dir, '.speclintrc.yaml'),
    [
      'files:',
      '  - "docs/**/*.md"',
      '  - "../outside.md"',
      `  - "${join(root, 'outside.md')}"`,
      '  - "{../vault,docs}/*.md"',
      'profile: hostile',
      'profiles:',
      '  hostile: ./profiles/hostile.yaml',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'profiles', 'hostile.yaml'),
    [
      'detect: {title: "(a+)+$"}',
      'sections:',
      '  - name: Overview',
      '  - name: Anything',
      '    pattern: "(a+)+$"',
      'rules:',
      '  no-placeholders: [error, {patterns: [{pattern: "\\\\S.*", label: echo}, {pattern: "(a+)+$", label: evil}]}]',
      '',
    ].join('\n'),
  );
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'hostile');
  return {root, dir};
}

/**
 * Every workflow command a run printed, on stdout or stderr, is one the
 * action itself makes: annotations titled speclint, the failure, notices,
 * the log group and one stop-commands block with a random token.
 */
function expectOnlyOwnCommands(run: ActionRun): RunnerCommand[] {
  expect(runnerCommands(run.stderr)).toEqual([]);
  const commands = runnerCommands(run.stdout);
  const stops = commands.filter((c) => c.command === 'stop-commands');
  expect(stops.length).toBeLessThanOrEqual(1);
  for (const c of commands) {
    const own =
      (c.command === 'stop-commands' && /^[0-9a-f-]{36}$/.test(c.data)) ||
      (stops[0] !== undefined && c.command === stops[0].data) ||
      (c.command === 'group' && c.data.startsWith('speclint: ')) ||
      (c.command === 'endgroup' && c.data === '') ||
      (c.command === 'debug' && c.data.startsWith('speclint: ')) ||
      (c.command === 'notice' && (c.props['title'] ?? '').startsWith('speclint')) ||
      ((c.command === 'error' || c.command === 'warning') && /^speclint(\([a-z-]+\))?$/.test(c.props['title'] ?? '') && c.props['file'] !== undefined) ||
      (c.command === 'error' && Object.keys(c.props).length === 0 && c.data.startsWith('speclint: '));
    expect(own, `a command the action did not make: ${c.line}`).toBe(true);
    expect(JSON.stringify(c)).not.toContain('FORGED');
  }
  return commands;
}

/**
 * Two specs that call each other across files: the Payments Service calls the Risk Service
 * (critical, synchronous, 500 ms timeout). On main the Risk Service promises 99.5%, below
 * the Payments Service's 99.9%: a system-availability warning on the payments spec that
 * the pull request did not cause. The pull request touches only the risk spec: it adds a
 * paragraph (moving the availability line the warning cites) and raises ScorePayment's
 * P99 to 800 ms, above the caller's timeout: a system-timeout-vs-p99 error on the
 * untouched payments spec, caused by this change.
 */
function makeSystemWorkspace(systemRules = true): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'speclint-action-system-'));
  git(dir, 'init', '-q', '-b', 'main');
  mkdirSync(join(dir, 'specs'));
  const rules = JSON.parse(readFileSync(fixture('system-ok', '.speclintrc.json'), 'utf8')) as {rules: Record<string, string>};
  rules.rules['system-timeout-vs-p99'] = 'error';
  if (systemRules) writeFileSync(join(dir, '.speclintrc.json'), JSON.stringify(rules, null, 2) + '\n');
  const payments = readFileSync(fixture('system-ok', 'payments-service.md'), 'utf8');
  const risk = readFileSync(fixture('system-ok', 'risk-service.md'), 'utf8');
  const edit = (text: string, from: string, to: string) => {
    expect(text).toContain(from);
    return text.replace(from, to);
  };
  writeFileSync(join(dir, 'specs', 'payments-service.md'), edit(payments, '| 500ms | Approve under 200 EUR, hold larger payments for review |', '| 500ms | N/A (critical) |'));
  writeFileSync(join(dir, 'specs', 'risk-service.md'), edit(risk, 'Availability target: 99.95% availability', 'Availability target: 99.5% availability'));
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  const base = git(dir, 'rev-parse', 'HEAD');
  git(dir, 'checkout', '-q', '-b', 'slower-scoring');
  const riskNow = readFileSync(join(dir, 'specs', 'risk-service.md'), 'utf8');
  writeFileSync(
    join(dir, 'specs', 'risk-service.md'),
    edit(
      edit(riskNow, '| ScorePayment | < 120ms | < 250ms | < 400ms |', '| ScorePayment | < 300ms | < 600ms | < 800ms |'),
      '\n## Service Boundaries\n',
      '\nThe model now scores with the full device graph.\n\n## Service Boundaries\n',
    ),
  );
  git(dir, 'commit', '-q', '-am', 'score with the device graph');
  return {dir, base, head: git(dir, 'rev-parse', 'HEAD')};
}

/** Rows of the summary's section of findings across specs: spec, line:col, severity, rule, finding, caused by. */
function crossSpecRows(summary: string): string[][] {
  const section = /<h3>Checks across specs:[\s\S]*?<\/table>/.exec(summary)?.[0] ?? '';
  return [...section.matchAll(/<tr><td>(.*?)<\/td><td>(.*?)<\/td><td>(.*?)<\/td><td>(.*?)<\/td><td>(.*?)<\/td><td>(.*?)<\/td><\/tr>/g)].map((m) =>
    m.slice(1).map((cell) => cell.replace(/<br><sub>.*$/, '').replace(/<[^>]+>/g, '')),
  );
}

describe('only-changed and the checks across specs', () => {
  it('reports what a change to one spec causes in an untouched one, and not what was there before', () => {
    const ws = makeSystemWorkspace();
    const run = runAction(ws, {'only-changed': 'true'}, {eventPath: writePayload(ws.dir, ws.base, ws.head)});
    const all = cliFindings(ws.dir);
    const onPayments = all.filter((f) => f.file === 'specs/payments-service.md');
    const timeout = onPayments.find((f) => f.ruleId === 'system-timeout-vs-p99')!;
    const availability = onPayments.find((f) => f.ruleId === 'system-availability')!;
    // The premise: both system findings are on the untouched spec, and both name the changed one.
    expect(timeout.message).toMatch(/\(800 ms, specs\/risk-service\.md:\d+\)/);
    expect(availability.message).toMatch(/Risk Service, specs\/risk-service\.md:\d+\)/);
    const onRisk = all.filter((f) => f.file === 'specs/risk-service.md');

    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    // The risk spec's own findings, plus the one finding this change causes in the payments spec.
    const risk = (s: string) => onRisk.filter((f) => f.severity === s).length;
    expect(run.outputs).toEqual({'error-count': String(risk('error') + 1), 'warning-count': String(risk('warning')), 'files-checked': '1', 'sarif-file': ''});
    expect(run.commands.at(-1)).toEqual({command: 'error', props: {}, data: `speclint: ${plural(risk('error') + 1, 'error')} (fail-on: error)`});

    // The summary: a section naming the affected spec, with the caused finding only.
    expect(run.summary).toContain('<h3>Checks across specs: what this change causes in 1 spec it does not touch</h3>');
    expect(run.summary).toContain('<p>Affected: <code>specs/payments-service.md</code>.');
    expect(crossSpecRows(run.summary)).toEqual([
      ['specs/payments-service.md', `${timeout.line}:${timeout.column}`, 'error', 'system-timeout-vs-p99', escapeHtml(timeout.message), 'specs/risk-service.md (new)'],
    ]);
    expect(run.summary).not.toContain(escapeHtml(availability.message));
    expect(run.summary).not.toContain('system-availability');
    // The per-spec tables still hold the changed spec only.
    expect(summaryRows(run.summary.replace(/<h3>Checks across specs:[\s\S]*?<\/table>\n/, '')).map((r) => r.key.split(' ')[0])).toEqual(onRisk.map((f) => f.file));
    expect(run.summary).toMatch(/<h2>speclint: .* in \d of 1 file and 1 unchanged spec \(checks across specs\)<\/h2>/);

    // No annotation on the spec the pull request does not touch: annotations stay on changed files.
    const annotated = run.commands.filter((c) => c.props['title']?.startsWith('speclint('));
    expect(annotated.map((c) => c.props['file'])).toEqual(onRisk.map((f) => f.file));
    // The log lists it.
    expect(run.stdout).toContain('Findings across specs this change causes in 1 spec it does not touch:');
    expect(run.stdout).toContain(timeout.message);
  });

  it('annotates the caused finding where the pull request also touches the spec it is on', () => {
    const ws = makeSystemWorkspace();
    const payments = join(ws.dir, 'specs', 'payments-service.md');
    writeFileSync(payments, readFileSync(payments, 'utf8').replace('\n## Dependencies\n', '\nRisk scoring is synchronous.\n\n## Dependencies\n'));
    git(ws.dir, 'commit', '-q', '-am', 'note on risk scoring');
    const head = git(ws.dir, 'rev-parse', 'HEAD');
    const run = runAction(ws, {'only-changed': 'true'}, {eventPath: writePayload(ws.dir, ws.base, head)});
    const all = cliFindings(ws.dir);
    const timeout = all.find((f) => f.ruleId === 'system-timeout-vs-p99')!;
    expect(timeout.file).toBe('specs/payments-service.md');
    // Both specs are changed: every finding is reported per file, as without system rules, and none twice.
    expect(run.outputs['files-checked']).toBe('2');
    expect(run.outputs['error-count']).toBe(String(all.filter((f) => f.severity === 'error').length));
    expect(run.summary).not.toContain('Checks across specs');
    expect(summaryRows(run.summary).map((r) => r.key).sort()).toEqual(all.map((f) => key(f.file, f.line, f.column, f.severity, f.ruleId)).sort());
    const annotation = findingAnnotations(run, 'error').find((c) => c.props['title'] === 'speclint(system-timeout-vs-p99)');
    expect(annotation?.props).toMatchObject({file: 'specs/payments-service.md', line: String(timeout.line), col: String(timeout.column)});
    expect(annotation?.data).toBe(`${timeout.message}\nHint: ${timeout.hint}`);
  });

  it('a change that causes nothing across specs adds no section; with no system rule on, nothing changes', () => {
    // The pull request only adds a paragraph to the risk spec: the availability warning on the payments spec moves its citation but is not new.
    const ws = makeSystemWorkspace();
    git(ws.dir, 'checkout', '-q', '-b', 'wording', ws.base);
    const risk = join(ws.dir, 'specs', 'risk-service.md');
    writeFileSync(risk, readFileSync(risk, 'utf8').replace('\n## Service Boundaries\n', '\nA paragraph of wording.\n\n## Service Boundaries\n'));
    git(ws.dir, 'commit', '-q', '-am', 'wording');
    const head = git(ws.dir, 'rev-parse', 'HEAD');
    const run = runAction(ws, {'only-changed': 'true', 'fail-on': 'never'}, {eventPath: writePayload(ws.dir, ws.base, head)});
    expect(cliFindings(ws.dir).map((f) => f.ruleId)).toContain('system-availability');
    expect(run.summary).not.toContain('Checks across specs');
    expect(run.summary).not.toContain('unchanged spec');
    expect(run.outputs['files-checked']).toBe('1');

    // The same pull request with the system rules off: the same run as before the checks across specs existed.
    const off = makeSystemWorkspace(false);
    const offRun = runAction(off, {'only-changed': 'true', 'fail-on': 'never'}, {eventPath: writePayload(off.dir, off.base, off.head)});
    const expected = cliFindings(off.dir, ['specs/risk-service.md']);
    expect(offRun.outputs['warning-count']).toBe(String(expected.filter((f) => f.severity === 'warning').length));
    expect(offRun.summary).not.toContain('Checks across specs');
    expect(summaryRows(offRun.summary).map((r) => r.key).sort()).toEqual(expected.map((f) => key(f.file, f.line, f.column, f.severity, f.ruleId)).sort());
    expect(offRun.stdout).not.toContain('across specs');
  });
});

describe('a hostile pull request (pull_request_target)', () => {
  it('reads nothing outside the workspace or in .git, forges no command, does not hang, and still lints the specs', () => {
    const ws = makeHostileWorkspace();
    const started = Date.now();
    const run = runAction(ws, {}, {timeout: 120_000});
    const seconds = (Date.now() - started) / 1000;
    expect(run.signal, `the action was killed after ${seconds} s`).toBeNull();

    for (const secret of Object.values(SECRETS)) {
      expect(run.stdout).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
      expect(run.summary).not.toContain(secret);
    }
    const commands = expectOnlyOwnCommands(run);

    // The spec inside the workspace is linted with the PR's profile: its findings are annotated and listed.
    expect(run.outputs['files-checked']).toBe('1');
    const annotated = commands.filter((c) => c.props['title'] === 'speclint(no-placeholders)');
    expect(annotated.length).toBeGreaterThan(0);
    expect(annotated.every((c) => c.props['file'] === 'docs/spec.md')).toBe(true);
    expect(summaryRows(run.summary).some((r) => r.key.startsWith('docs/spec.md '))).toBe(true);
    // The front matter's YAML warnings are findings (escaped), not stderr lines.
    expect(run.summary).toContain('Front matter YAML: Unresolved tag: !foo');
    // Quotes are excerpts: no finding carries more than 80 characters of a line.
    for (const r of summaryRows(run.summary)) {
      const q = /^Template placeholder &quot;(.*)&quot; \((?:echo|evil)\) left in the spec$/.exec(r.message);
      if (q) expect(Array.from(q[1]!.replace(/&(?:amp|lt|gt|quot);/g, '_')).length).toBeLessThanOrEqual(80);
    }

    // Everything reaching out is refused with one line, and fails the step.
    const refused = commands.filter((c) => c.command === 'error' && c.props['title'] === 'speclint');
    expect(refused.map((c) => `${c.props['file']}: ${c.data}`).sort()).toEqual(
      [
        '../outside.md: outside the workspace; not searched',
        `${join(ws.root, 'outside.md')}: outside the workspace; not searched`,
        '{../vault,docs}/*.md: climbs out with ".." in its glob part; not searched under the workspace',
        'docs/leak.md: outside the workspace, through a symbolic link; not read',
        'docs/notes.md: inside a .git directory, through a symbolic link; not read',
      ].sort(),
    );
    expect(run.code).toBe(1);
    expect(commands.at(-1)).toMatchObject({command: 'error', props: {}, data: expect.stringMatching(/^speclint: 5 files could not be linted; \d+ errors \(fail-on: error\)$/)});
  });

  it('a config that extends, or names a profile file, outside the workspace fails in one line and reads neither', () => {
    const ws = makeHostileWorkspace();
    writeFileSync(join(ws.root, 'base.json'), JSON.stringify({rules: {[SECRETS.outside]: 'error'}}));
    writeFileSync(join(ws.root, 'profile.yaml'), `sections: [{name: ${SECRETS.profile}}]\nbogus: ${SECRETS.profile}\n`);
    symlinkSync('../../profile.yaml', join(ws.dir, 'profiles', 'linked.yaml'));
    const cases: Array<[string, string, RegExp]> = [
      ['.speclintrc.json', JSON.stringify({extends: '../base.json'}), /^speclint: config file \S+\/base\.json: outside the workspace; not read$/],
      ['.speclintrc.json', JSON.stringify({extends: join(ws.root, 'base.json')}), /^speclint: config file \S+\/base\.json: outside the workspace; not read$/],
      ['.speclintrc.json', JSON.stringify({profiles: {mine: '../profile.yaml'}}), /^speclint: \S+\/\.speclintrc\.json: \/profiles\/mine: profile file \S+\/profile\.yaml: outside the workspace; not read$/],
      ['.speclintrc.json', JSON.stringify({profiles: {mine: './profiles/linked.yaml'}}), /^speclint: \S+: \/profiles\/mine: profile file \S+\/linked\.yaml: outside the workspace, through a symbolic link; not read$/],
    ];
    for (const [name, text, message] of cases) {
      const dir = mkdtempSync(join(ws.root, 'case-'));
      cpSync(ws.dir, dir, {recursive: true, verbatimSymlinks: true});
      rmSync(join(dir, '.speclintrc.yaml'));
      writeFileSync(join(dir, name), text);
      const run = runAction({dir}, {files: 'docs/spec.md'}, {timeout: 120_000});
      for (const secret of Object.values(SECRETS)) expect(run.stdout + run.stderr + run.summary).not.toContain(secret);
      expectOnlyOwnCommands(run);
      expect(run.code).toBe(1);
      expect(run.commands.filter((c) => c.command === 'error').map((c) => c.data)).toEqual([expect.stringMatching(message)]);
    }
  });
});

describe('action.yml', () => {
  it('runs the committed bundle on node24 and declares the inputs and outputs the code uses', () => {
    expect(actionYml.runs).toEqual({using: 'node24', main: 'action-dist/index.mjs'});
    expect(existsSync(join(repo, actionYml.runs.main))).toBe(true);
    expect(Object.keys(actionYml.inputs).sort()).toEqual(['annotations', 'config', 'fail-on', 'files', 'max-warnings', 'only-changed', 'profile', 'sarif-file', 'summary']);
    expect(Object.fromEntries(Object.entries(actionYml.inputs).map(([k, v]) => [k, v.default]))).toMatchObject({
      'fail-on': 'error',
      annotations: 'true',
      summary: 'true',
      'only-changed': 'false',
      'sarif-file': '',
    });
    expect(Object.keys(actionYml.outputs).sort()).toEqual(['error-count', 'files-checked', 'sarif-file', 'warning-count']);
  });

  it('the committed bundle is up to date with the sources (rebuild: npm run build:action)', async () => {
    const built = await build({...buildOptions, write: false});
    const fresh = new Map(built.outputFiles!.map((f: {path: string; text: string}) => [relative(repo, f.path), f.text]));
    expect([...fresh.keys()]).toContain(join('action-dist', 'index.mjs'));
    const committed = readdirSync(join(repo, 'action-dist'), {recursive: true, withFileTypes: true})
      .filter((e) => e.isFile())
      .map((e) => relative(repo, join(e.parentPath, e.name)));
    const stale = 'action-dist is stale: run "npm run build:action" and commit it';
    expect(committed.sort(), stale).toEqual([...fresh.keys()].sort());
    // Not toBe on megabytes of text: a failure should say what to do, not print a diff.
    for (const [path, text] of fresh) expect(text === readFileSync(join(repo, path), 'utf8'), `${path}: ${stale}`).toBe(true);
  });
});

// ---------------------------------------------------------------- units

describe('job summary size', () => {
  it('stays under the byte limit and counts what it leaves out', async () => {
    const result = await lintFixture(specWithTodos(400), 'specs/huge.md');
    expect(result.errorCount).toBe(400);
    const findings: Finding[] = result.messages.map((message) => ({file: 'specs/huge.md', message, rank: 2}));
    const data = {
      specs: [{file: 'specs/huge.md', profile: result.profile, findings}],
      errorCount: result.errorCount,
      warningCount: result.warningCount,
      filesChecked: 1,
      skipped: 0,
      ignored: 0,
      problems: [],
      changesKnown: false,
    };
    const full = buildSummary(data);
    expect(summaryRows(full)).toHaveLength(400);

    const limit = 16 * 1024;
    const cut = buildSummary(data, limit);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(limit);
    const shown = summaryRows(cut).length;
    expect(shown).toBeGreaterThan(10);
    expect(shown).toBeLessThan(400);
    expect(cut).toContain(`<p><strong>${400 - shown} more findings in 1 file not shown:</strong> a job summary is limited to 1 MiB. The step log lists every finding.</p>`);
    expect(cut.match(/<table>/g)).toHaveLength(cut.match(/<\/table>/g)!.length);
  });
});

describe('job summary size through the bundle', () => {
  it('12,000 files that cannot be linted: the summary stays within 1 MiB, lists what fits and counts the rest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'speclint-action-many-'));
    git(dir, 'init', '-q', '-b', 'main');
    mkdirSync(join(dir, 'specs'));
    const binary = Buffer.from('# Spec\n\0\0binary\n');
    const total = 12_000;
    for (let i = 0; i < total; i++) writeFileSync(join(dir, 'specs', `unreadable-design-spec-with-a-long-descriptive-name-${String(i).padStart(5, '0')}.md`), binary);
    copyFileSync(fixture('service-design', 'broken-dependency-row.md'), join(dir, 'specs', 'dependency.md'));
    const run = runAction({dir}, {}, {timeout: 300_000});
    expect(run.signal).toBeNull();
    expect(run.code).toBe(1);
    const bytes = Buffer.byteLength(run.summary);
    expect(bytes).toBeLessThanOrEqual(1024 * 1024);
    const listed = (run.summary.match(/<li><code>specs\/unreadable-/g) ?? []).length;
    expect(listed).toBeGreaterThan(100);
    expect(listed).toBeLessThan(total);
    expect(run.summary).toContain(`<p><strong>${total} files could not be linted:</strong></p>`);
    expect(run.summary).toContain(`<li>${total - listed} more files not listed: a job summary is limited to 1 MiB. The step log lists every one.</li>`);
    // The findings of the spec that could be linted are there too.
    expect(summaryRows(run.summary).filter((r) => r.key.startsWith('specs/dependency.md '))).toHaveLength(2);
  });
});

describe('pull request diff', () => {
  it('reads changed files and line ranges from git, including quoted paths and pure deletions', () => {
    const dir = mkdtempSync(join(tmpdir(), 'speclint-diff-'));
    git(dir, 'init', '-q', '-b', 'main');
    const odd = 'specs/spec ü "q".md';
    mkdirSync(dirname(join(dir, odd)), {recursive: true});
    writeFileSync(join(dir, odd), 'a\nb\nc\nd\ne\n');
    writeFileSync(join(dir, 'specs', 'gone.md'), 'x\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'base');
    writeFileSync(join(dir, odd), 'a\nB\nc\ne\nf\ng\n');
    git(dir, 'rm', '-q', 'specs/gone.md');
    git(dir, 'commit', '-q', '-am', 'head');
    const diff = git(dir, '-c', 'core.quotePath=false', 'diff', '--unified=0', '--diff-filter=AMR', '--src-prefix=a/', '--dst-prefix=b/', 'HEAD~1...HEAD');
    expect(diff).toContain('+++ "b/specs/spec ü \\"q\\".md"');
    const parsed = parseUnifiedDiff(diff);
    expect([...parsed.files]).toEqual([odd]);
    // b→B (line 2), d deleted (between 3 and 4), f and g added (lines 5-6).
    expect(parsed.lines.get(odd)).toEqual([
      [2, 2],
      [3, 4],
      [5, 6],
    ]);
    const message = {ruleId: 'x', severity: 2 as const, message: 'm', line: 4, column: 1};
    expect(rankFinding(odd, message, parsed)).toBe(0);
    expect(rankFinding(odd, {...message, line: 1}, parsed)).toBe(1);
    expect(rankFinding('specs/other.md', message, parsed)).toBe(2);
    expect(rankFinding(odd, message, undefined)).toBe(2);
  });

  it('unquotes git\'s C-style paths, octal escapes included', () => {
    expect(unquoteGitPath('"a\\tb\\\\c\\"d"')).toBe('a\tb\\c"d');
    expect(unquoteGitPath('"\\303\\274.md"')).toBe('ü.md');
    expect(unquoteGitPath('plain.md')).toBe('plain.md');
  });
});
