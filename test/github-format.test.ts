/**
 * The `github` format: exact workflow-command lines, GitHub's escaping of
 * data and properties, paths relative to GITHUB_WORKSPACE, and the notice
 * when there are more findings than GitHub annotates per step.
 */
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Chalk} from 'chalk';
import {afterEach, describe, expect, it, vi} from 'vitest';
import * as core from '@actions/core';
import type {FileResult, LintMessage} from '../src/engine/lint.js';
import github from '../src/report/github.js';
import {escapeData, escapeProperty} from '../src/report/escape.js';
import type {ReportContext} from '../src/report/index.js';
import {runnerCommands} from './workflow-commands.js';

const repo = join(import.meta.dirname, '..');
const bin = join(repo, 'bin', 'speclint.js');

function result(filePath: string, messages: LintMessage[]): FileResult {
  const errorCount = messages.filter((m) => m.severity === 2).length;
  return {
    filePath,
    messages,
    errorCount,
    warningCount: messages.length - errorCount,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    profile: null,
    rulesRun: [],
  };
}

function context(cwd: string): ReportContext {
  return {cwd, chalk: new Chalk({level: 0}), summary: {filesLinted: 1, skipped: 0, ignored: 0}, rules: [], version: '0.0.0'};
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('github format', () => {
  it('prints one workflow command per finding for a real spec, paths relative to GITHUB_WORKSPACE', () => {
    const r = spawnSync(process.execPath, [bin, '-f', 'github', 'fixtures/service-design/broken-dependency-row.md'], {
      cwd: repo,
      encoding: 'utf8',
      env: {...process.env, GITHUB_WORKSPACE: join(repo, 'fixtures')},
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      '::error file=service-design/broken-dependency-row.md,line=46,endLine=46,col=34,endColumn=38,title=speclint(dependency-table)::' +
        'Timeout "5000" of "Kafka" is not a duration%0AHint: Write the timeout with a unit, like 100ms, 5s or 2 min\n' +
        '::error file=service-design/broken-dependency-row.md,line=46,endLine=46,col=41,endColumn=45,title=speclint(dependency-table)::' +
        'Non-critical dependency "Kafka" has no fallback%0AHint: Describe how the service degrades without it (skip, cached value, queue for retry), or mark it critical\n',
    );
  });

  it('without GITHUB_WORKSPACE, paths are relative to the working directory', () => {
    const env = {...process.env};
    delete env['GITHUB_WORKSPACE'];
    const r = spawnSync(process.execPath, [bin, '-f', 'github', 'broken-dependency-row.md'], {
      cwd: join(repo, 'fixtures', 'service-design'),
      encoding: 'utf8',
      env,
    });
    expect(r.stdout.split('\n')[0]).toMatch(/^::error file=broken-dependency-row\.md,line=46,/);
  });

  it('escapes %, CR and LF in the message, and also : and , in properties', () => {
    vi.stubEnv('GITHUB_WORKSPACE', '/repo');
    const out = github(
      [
        result('docs/a,b:c%d.md', [
          {ruleId: 'no-placeholders', severity: 2, message: 'Value "50%" left: a, b\r\nnext', line: 3, column: 5, endLine: 3, endColumn: 9, hint: 'Replace it: 100%'},
          {ruleId: 'section-order', severity: 1, message: 'Out of order', line: 7, column: 1},
        ]),
      ],
      context('/repo'),
    );
    expect(out).toBe(
      '::error file=docs/a%2Cb%3Ac%25d.md,line=3,endLine=3,col=5,endColumn=9,title=speclint(no-placeholders)::Value "50%25" left: a, b%0D%0Anext%0AHint: Replace it: 100%25\n' +
        '::warning file=docs/a%2Cb%3Ac%25d.md,line=7,endLine=7,col=1,title=speclint(section-order)::Out of order\n',
    );
  });

  it('escapes exactly as @actions/core does', () => {
    const text = 'a%b:c,d\re\nf';
    const writes: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      writes.push(String(chunk));
      return true;
    });
    try {
      core.error(text, {file: text});
    } finally {
      spy.mockRestore();
    }
    expect(writes.join('')).toBe(`::error file=${escapeProperty(text)}::${escapeData(text)}\n`);
    expect(escapeProperty(text)).toBe('a%25b%3Ac%2Cd%0De%0Af');
    expect(escapeData(text)).toBe('a%25b:c,d%0De%0Af');
  });

  it('gives a finding spanning lines no columns (GitHub accepts columns on one-line annotations only)', () => {
    vi.stubEnv('GITHUB_WORKSPACE', '/repo');
    const out = github([result('spec.md', [{ruleId: 'empty-section', severity: 2, message: 'Section "Deployment" is empty', line: 10, column: 1, endLine: 12, endColumn: 4}])], context('/repo'));
    expect(out).toBe('::error file=spec.md,line=10,endLine=12,title=speclint(empty-section)::Section "Deployment" is empty\n');
  });

  it('names files outside the workspace by absolute path', () => {
    vi.stubEnv('GITHUB_WORKSPACE', '/repo/sub');
    const out = github([result('../other/spec.md', [{ruleId: null, severity: 1, message: 'm', line: 1, column: 1}])], context('/repo/sub'));
    expect(out).toBe('::warning file=/repo/other/spec.md,line=1,endLine=1,col=1,title=speclint(speclint)::m\n');
  });

  it('prints nothing for a clean run', () => {
    expect(github([result('ok.md', [])], context('/repo'))).toBe('');
  });

  it('adds one notice when there are more findings of a kind than GitHub annotates per step', () => {
    vi.stubEnv('GITHUB_WORKSPACE', '/repo');
    const messages: LintMessage[] = Array.from({length: 11}, (_, i) => ({ruleId: 'no-placeholders', severity: 2, message: `TODO ${i}`, line: i + 1, column: 1}));
    messages.push({ruleId: 'section-order', severity: 1, message: 'w', line: 20, column: 1});
    const lines = github([result('spec.md', messages)], context('/repo')).trimEnd().split('\n');
    expect(lines).toHaveLength(13);
    expect(lines.filter((l) => l.startsWith('::error '))).toHaveLength(11);
    expect(lines[12]).toBe(
      '::notice title=speclint::speclint reported 11 errors and 1 warnings; GitHub shows at most 10 error and 10 warning annotations per step, so some are not annotated. ' +
        'The step log lists every one; the speclint action (docs/github-action.md) puts them all in the job summary.',
    );
  });
});

describe('github format: no text from a spec acts as a workflow command', () => {
  it('front matter the YAML library warns about is a finding, not a line on stderr; every output line is one escaped command', () => {
    const dir = mkdtempSync(join(tmpdir(), 'speclint-inject-'));
    try {
      const ok = readFileSync(join(repo, 'fixtures', 'service-design', 'ok-payments-service.md'), 'utf8');
      // Each line of the front matter is a workflow command; `!foo` is a tag yaml cannot resolve, so it warns.
      const frontMatter = '---\n::error title=FORGED::INJECTED: !foo bar\n::stop-commands::pwned: !foo x\n---\n';
      const body = ok.replace('## Deployment\n', '## Deployment\n\n- TODO: ##[error]V1-FORGED\n- Owner: [Owner 100%0A::error title=FORGED::x]\n');
      const name = 'in,ject:ed%.md';
      writeFileSync(join(dir, name), frontMatter + body);
      const r = spawnSync(process.execPath, [bin, '-f', 'github', name], {cwd: dir, encoding: 'utf8', env: {...process.env, GITHUB_WORKSPACE: dir}});
      expect(r.status).toBe(1);
      expect(r.stderr).toBe('');
      const lines = r.stdout.trimEnd().split('\n');
      const commands = runnerCommands(r.stdout);
      // One command per line, each ours: a finding on the file, titled by its rule.
      expect(commands.map((c) => c.line)).toEqual(lines);
      for (const c of commands) {
        expect(['error', 'warning']).toContain(c.command);
        expect(c.props).toMatchObject({file: name, title: expect.stringMatching(/^speclint\([a-z-]+\)$/)});
      }
      expect(commands.map((c) => `${c.props['line']} ${c.command} ${c.props['title']} ${c.data.split('\n')[0]}`)).toEqual([
        '2 warning speclint(front-matter) Front matter YAML: Unresolved tag: !foo',
        '3 warning speclint(front-matter) Front matter YAML: Unresolved tag: !foo',
        expect.stringMatching(/^\d+ error speclint\(no-placeholders\) Template placeholder "TODO" \(unfinished marker\) left in the spec$/),
        expect.stringMatching(/^\d+ error speclint\(no-placeholders\) Template placeholder "\[Owner 100%0A::error title=FORGED::x\]" \(bracketed placeholder\) left in the spec$/),
      ]);
      // The spec's "%0A" stays text once the runner unescapes the message: the only line break is before the hint.
      expect(commands.at(-1)!.data.split('\n')).toHaveLength(2);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });

  it('file names on stderr (a file that cannot be linted) cannot start a command either', () => {
    const dir = mkdtempSync(join(tmpdir(), 'speclint-inject-'));
    try {
      const binary = Buffer.from('# x\n\0\n');
      writeFileSync(join(dir, '##[error title=FORGED]v1.md'), binary);
      writeFileSync(join(dir, 'two\n::error title=FORGED::lines.md'), binary);
      const r = spawnSync(process.execPath, [bin, '-f', 'github', '.'], {cwd: dir, encoding: 'utf8', env: {...process.env, GITHUB_WORKSPACE: dir}});
      expect(r.status).toBe(2);
      expect(runnerCommands(r.stderr)).toEqual([]);
      expect(r.stderr.trimEnd().split('\n')).toEqual([
        'speclint: error: ##\\x5berror title=FORGED]v1.md: binary file (contains NUL bytes), not Markdown',
        'speclint: error: two\\n::error title=FORGED::lines.md: binary file (contains NUL bytes), not Markdown',
      ]);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});

