/**
 * The per-file budget (src/engine/budget.ts, issue 12): the pre-scan refuses the
 * pathological shapes before parsing and lets real specs through; the time
 * limit interrupts whatever slips past it; a stack overflow is caught. Each
 * is one fatal file-budget finding, the other files are still reported, and
 * the output is the same for --jobs 1 and --jobs 2. The CLI cases run the
 * built bin (npm run build first).
 */
import {spawn} from 'node:child_process';
import {copyFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {join, relative} from 'node:path';
import {describe, expect, it} from 'vitest';
import {isStackOverflow, within, BudgetExceeded} from '../src/engine/budget.js';
import {prescan, PRESCAN_LIMITS} from '../src/engine/prescan.js';
import {lintText, type FileResult, type LintMessage} from '../src/engine/lint.js';
import {builtinProfiles} from '../src/profiles/built-in.js';
import {findingLine, readExpected, tempDirs} from './helpers.js';
import {PATHOLOGICAL} from './pathological.js';

const repo = join(import.meta.dirname, '..');
const bin = join(repo, 'bin', 'speclint.js');
const tempDir = tempDirs();
const normalSpec = join(repo, 'fixtures', 'service-design', 'broken-dependency-row.md');
const normalExpected = readExpected(join(repo, 'fixtures', 'service-design', 'broken-dependency-row.expected'));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runAsync(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {cwd, env: {...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env}});
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({code, stdout, stderr}));
  });
}

/** The same arguments with --jobs 1 and --jobs 2, side by side; -v shows how each linted. */
async function bothWays(args: string[], cwd: string, env: Record<string, string> = {}) {
  const [serial, pooled] = await Promise.all([runAsync(['-v', '--jobs', '1', ...args], cwd, env), runAsync(['-v', '--jobs', '2', ...args], cwd, env)]);
  expect(serial.stderr).toContain('speclint: linted in-process\n');
  expect(pooled.stderr).toContain('speclint: linted with 2 worker threads\n');
  return {serial, pooled};
}

const lint = (text: string, extra: Partial<Parameters<typeof lintText>[1]> = {}) =>
  lintText(text, {filePath: 'x.md', profiles: builtinProfiles(), explicit: true, ...extra});

function* markdownFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* markdownFiles(path);
    else if (name.endsWith('.md')) yield path;
  }
}

describe('pre-scan', () => {
  for (const shape of PATHOLOGICAL) {
    it(`refuses ${shape.description} (${shape.limit})`, () => {
      const refusal = prescan(shape.text());
      expect(refusal?.limit).toBe(shape.limit);
      expect(refusal?.message).toMatch(/; skipped$/);
      expect(refusal?.line).toBe(1);
    });
  }

  it('lets every fixture, template and calibration document through', () => {
    const dirs = [join(repo, 'fixtures'), join(repo, 'examples'), join(repo, 'rules'), join(repo, '..', '..', 'shared', 'templates'), join(repo, '..', '..', 'shared', 'corpus')];
    let files = 0;
    for (const dir of dirs.filter(existsSync)) {
      for (const path of markdownFiles(dir)) {
        files++;
        expect(prescan(readFileSync(path, 'utf8')), path).toBeUndefined();
      }
    }
    expect(files).toBeGreaterThan(40);
  });

  it('lets each shape through just inside its limit, and refuses it one over', () => {
    const cases: Array<[keyof typeof PRESCAN_LIMITS, (n: number) => string]> = [
      ['depth', (n) => '> '.repeat(n) + 'x\n'],
      ['depth', (n) => '- '.repeat(n) + 'x\n'],
      ['depth', (n) => '1. '.repeat(n) + 'x\n'],
      ['blockLines', (n) => 'a\n'.repeat(n)],
      ['emphasis', (n) => '*a'.repeat(n) + '\n'],
      ['lineCells', (n) => '|'.repeat(n) + '\n'],
      ['tableCells', (n) => '| a |\n| - |\n' + '| 1 |\n'.repeat(n / 2 - 2)],
      ['brackets', (n) => '[x]'.repeat(n) + '\n'],
      ['mermaidLines', (n) => '```mermaid\nsequenceDiagram\n' + 'A->>B: hi\n'.repeat(n - 1) + '```\n'],
    ];
    for (const [limit, make] of cases) {
      const n = PRESCAN_LIMITS[limit];
      expect(prescan(make(n)), `${limit} at ${n}`).toBeUndefined();
      expect(prescan(make(n + 2))?.limit, `${limit} over ${n}`).toBe(limit);
    }
  });

  it('skips code fences (their content is not Markdown) and reads what follows them', () => {
    const fenced = (fence: string, body: string) => `# Spec\n\n${fence}\n${body}${fence}\n\nAfter.\n`;
    expect(prescan(fenced('```', '>'.repeat(500) + '\n'))).toBeUndefined();
    expect(prescan(fenced('~~~~', '| a '.repeat(2000) + '\n'))).toBeUndefined();
    expect(prescan(fenced('```python', 'self._x = __init__(*args, **kwargs)\n'.repeat(3000)))).toBeUndefined();
    // A fence ends with its container: a quoted fence does not hide the paragraph after the quote.
    expect(prescan('> ```\n> code\n\n' + '*_'.repeat(3000) + '\n')?.limit).toBe('emphasis');
    expect(prescan('- ```\n  code\n\nplain\n' + '>'.repeat(200) + '\n')?.limit).toBe('depth');
    // An inline code span that looks like a fence is not one.
    expect(prescan('```not a fence```\n' + '>'.repeat(200) + '\n')?.limit).toBe('depth');
  });

  it('counts snake_case underscores and spaced asterisks as no emphasis', () => {
    expect(prescan('error_code_name '.repeat(10_000) + '\n')).toBeUndefined();
    expect(prescan('2 * 3 '.repeat(10_000) + '\n')).toBeUndefined();
    expect(prescan('**bold** '.repeat(10_000) + '\n')?.limit).toBe('emphasis');
  });

  it('raising the budget raises every limit but the nesting depth', () => {
    const long = 'a\n'.repeat(PRESCAN_LIMITS.blockLines + 10);
    expect(prescan(long)?.limit).toBe('blockLines');
    expect(prescan(long, 2)).toBeUndefined();
    expect(prescan('>'.repeat(PRESCAN_LIMITS.depth + 1), 10)?.limit).toBe('depth');
    // A budget under the default does not lower them.
    expect(prescan('a\n'.repeat(PRESCAN_LIMITS.blockLines), 0.1)).toBeUndefined();
  });
});

describe('lintText under the budget', () => {
  it('a refused document is one fatal file-budget error at the line where the shape starts', async () => {
    const text = '# Notes\n\nSome text.\n\n' + '> '.repeat(150) + 'deep\n';
    const {result} = await lint(text);
    expect(result!.messages).toEqual([
      {
        ruleId: 'file-budget',
        severity: 2,
        fatal: true,
        message: 'Block quotes and lists nested 150 deep (more than 100): too deep to parse; skipped',
        line: 5,
        column: 1,
        hint: 'Flatten the nesting of lists and block quotes',
        url: 'https://github.com/speclint/speclint/blob/main/rules/file-budget.md',
      } satisfies LintMessage,
    ]);
    expect(result).toMatchObject({errorCount: 1, warningCount: 0, profile: null, rulesRun: []} satisfies Partial<FileResult>);
  });

  it('a document that passes the pre-scan but takes longer than maxFileTime is interrupted, and the next file lints normally', async () => {
    // 3,000 rows of 3 cells: inside every pre-scan limit, and far more than 20 ms of parsing.
    const slow = '# Table\n\n| a | b | c |\n| - | - | - |\n' + '| 1 | 2 | 3 |\n'.repeat(2400);
    expect(prescan(slow)).toBeUndefined();
    const {result} = await lint(slow, {maxFileTime: 20});
    expect(result!.messages.map(findingLine)).toEqual(['1:1 error file-budget File took longer than 20 ms to lint; skipped']);
    // Without the limit the same document lints to its findings.
    const unlimited = await lint(slow, {maxFileTime: Infinity});
    expect(unlimited.result!.messages.some((m) => m.ruleId === 'file-budget')).toBe(false);
    const spec = readFileSync(normalSpec, 'utf8');
    const after = await lint(spec);
    expect(after.result!.messages.map(findingLine)).toEqual(normalExpected);
  });

  it('within() interrupts a synchronous loop and passes other errors through', () => {
    expect(() =>
      within(30, 30, () => {
        for (;;);
      }),
    ).toThrow(BudgetExceeded);
    expect(within(1000, 1000, () => 42)).toBe(42);
    expect(() => within(1000, 1000, () => JSON.parse('{'))).toThrow(SyntaxError);
    const overflow = () => {
      const deep = (n: number): number => deep(n + 1) + 1;
      return deep(0);
    };
    let caught: unknown;
    try {
      within(5000, 5000, overflow);
    } catch (error) {
      caught = error;
    }
    expect(isStackOverflow(caught)).toBe(true);
  });
});

/** One normal spec beside the pathological files, in a fresh directory. */
function pathologicalDir(): string {
  const dir = tempDir('speclint-budget-');
  for (const shape of PATHOLOGICAL) writeFileSync(join(dir, `${shape.name}.md`), shape.text());
  copyFileSync(normalSpec, join(dir, 'normal-spec.md'));
  return dir;
}

describe('the pathological shapes through the CLI', () => {
  it('each is one fatal file-budget error, the normal spec is reported, exit 1, the same for --jobs 1 and --jobs 2', async () => {
    const dir = pathologicalDir();
    const {serial, pooled} = await bothWays(['-f', 'json', '.'], dir);
    expect(serial.code).toBe(1);
    expect(pooled.code).toBe(1);
    expect(pooled.stdout).toBe(serial.stdout);
    expect(serial.stderr).not.toMatch(/internal error|\n\s+at /);
    // ESLint's filePath is absolute: compare the names relative to the directory.
    const results = (JSON.parse(serial.stdout) as FileResult[]).map((r) => ({...r, filePath: relative(dir, r.filePath)}));
    expect(results.map((r) => r.filePath).sort()).toEqual([...PATHOLOGICAL.map((s) => `${s.name}.md`), 'normal-spec.md'].sort());
    for (const shape of PATHOLOGICAL) {
      const result = results.find((r) => r.filePath === `${shape.name}.md`)!;
      expect(result.messages, shape.name).toHaveLength(1);
      expect(result.messages[0], shape.name).toMatchObject({ruleId: 'file-budget', severity: 2, fatal: true, line: 1, column: 1});
      expect(result.messages[0]!.message, shape.name).toMatch(/: too (slow|deep) to parse; skipped$/);
    }
    const normal = results.find((r) => r.filePath === 'normal-spec.md')!;
    expect(normal.messages.map(findingLine)).toEqual(normalExpected);
    // The stylish report too, byte for byte.
    const stylish = await bothWays(['.'], dir);
    expect(stylish.pooled.stdout).toBe(stylish.serial.stdout);
    expect(stylish.serial.stdout).toContain('too deep to parse; skipped  file-budget');
  }, 120_000);

  it('with the pre-scan off (test hook), the time limit and the stack-overflow catch give the same findings for --jobs 1 and 2', async () => {
    const dir = tempDir('speclint-budget-fault-');
    writeFileSync(join(dir, 'nested-list.md'), PATHOLOGICAL.find((s) => s.name === 'nested-list')!.text());
    writeFileSync(join(dir, 'blockquotes.md'), PATHOLOGICAL.find((s) => s.name === 'blockquotes')!.text());
    copyFileSync(normalSpec, join(dir, 'normal-spec.md'));
    const env = {SPECLINT_TEST_NO_PRESCAN: '1'};
    const normal = normalExpected.map((f) => {
      const [at, severity, rule, ...message] = f.split(' ');
      const [line, column] = at!.split(':');
      return `normal-spec.md: line ${line}, col ${column}, ${severity === 'error' ? 'Error' : 'Warning'} - ${message.join(' ')} (${rule})`;
    });
    // ESLint's compact lines, with the directory taken off the absolute paths.
    const findings = (r: Run) => r.stdout.split('\n').filter((l) => /\.md: line \d+, col \d+, /.test(l)).map((l) => l.replace(`${dir}/`, ''));
    // '- ' x 10000 parses for minutes: interrupted at 1 s.
    const slow = await bothWays(['-f', 'compact', '--max-file-time', '1000', 'nested-list.md', 'normal-spec.md'], dir, env);
    // '>' x 10000 parses in about a second, then overflows the stack (in a worker too: its stack is the main thread's).
    const deep = await bothWays(['-f', 'compact', '--max-file-time', '60000', 'blockquotes.md', 'normal-spec.md'], dir, env);
    for (const {serial, pooled} of [slow, deep]) {
      expect(serial.code).toBe(1);
      expect(pooled.code).toBe(1);
      expect(pooled.stdout).toBe(serial.stdout);
      expect(serial.stderr + pooled.stderr).not.toMatch(/internal error|\n\s+at /);
    }
    expect(findings(slow.serial)).toEqual(['nested-list.md: line 1, col 1, Error - File took longer than 1 s to lint; skipped (file-budget)', ...normal]);
    expect(findings(deep.serial)).toEqual(['blockquotes.md: line 1, col 1, Error - Nesting too deep to parse; skipped (file-budget)', ...normal]);
  }, 180_000);

  it('maxFileTime from config and --max-file-time over it; file-budget cannot be configured; a bad value is a usage error', async () => {
    const dir = tempDir('speclint-budget-config-');
    copyFileSync(normalSpec, join(dir, 'a-spec.md'));
    copyFileSync(join(repo, 'fixtures', 'service-design', 'ok-payments-service.md'), join(dir, 'b-spec.md'));
    // 1 ms is less than parsing any spec takes.
    writeFileSync(join(dir, '.speclintrc.json'), JSON.stringify({maxFileTime: 1}));
    const tight = await bothWays(['-f', 'compact', '.'], dir);
    expect(tight.pooled.stdout).toBe(tight.serial.stdout);
    expect(tight.serial.stdout.split('\n').filter((l) => l.includes(': ')).map((l) => l.replace(`${dir}/`, ''))).toEqual([
      'a-spec.md: line 1, col 1, Error - File took longer than 1 ms to lint; skipped (file-budget)',
      'b-spec.md: line 1, col 1, Error - File took longer than 1 ms to lint; skipped (file-budget)',
    ]);
    const loose = await runAsync(['-f', 'compact', '--max-file-time', '60000', '.'], dir);
    expect(loose.code).toBe(1);
    expect(loose.stdout).not.toContain('file-budget');
    expect(loose.stdout).toContain('/a-spec.md: line 46, col 34, Error - Timeout "5000" of "Kafka" is not a duration (dependency-table)');

    writeFileSync(join(dir, '.speclintrc.json'), JSON.stringify({rules: {'file-budget': 'off'}}));
    const off = await runAsync(['.'], dir);
    expect(off.code).toBe(2);
    expect(off.stderr.trim()).toMatch(/^speclint: error: .*\.speclintrc\.json: \/rules\/file-budget: cannot be configured/);
    writeFileSync(join(dir, '.speclintrc.json'), JSON.stringify({maxFileTime: '10s'}));
    const typo = await runAsync(['.'], dir);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/maxFileTime/);
    writeFileSync(join(dir, '.speclintrc.json'), '{}');
    for (const value of ['0', 'abc', '1.5']) {
      const bad = await runAsync(['--max-file-time', value, '.'], dir);
      expect(bad.code, value).toBe(2);
      expect(bad.stderr.trim().split('\n'), value).toHaveLength(1);
      expect(bad.stderr, value).toMatch(/--max-file-time/);
    }
  }, 120_000);

  it('--cache never stores a file-budget result: the file is checked again on the next run', async () => {
    const dir = tempDir('speclint-budget-cache-');
    writeFileSync(join(dir, 'deep.md'), '>'.repeat(200) + '\n');
    copyFileSync(normalSpec, join(dir, 'normal-spec.md'));
    const first = await runAsync(['-v', '--cache', '-f', 'compact', '.'], dir);
    const second = await runAsync(['-v', '--cache', '-f', 'compact', '.'], dir);
    expect(first.stderr).toContain('files reused, 2 linted');
    expect(second.stderr).toContain(': 1 files reused, 1 linted');
    expect(second.stdout).toBe(first.stdout);
    expect(second.stdout).toContain('/deep.md: line 1, col 1, Error - Block quotes and lists nested 200 deep (more than 100): too deep to parse; skipped (file-budget)');
  }, 120_000);
});
