/**
 * `--jobs`: linting with a pool of worker threads gives byte for byte the
 * output of an in-process run (every format), the same exit codes, and the
 * same one-line errors for bad files and for a failing worker. Also the
 * progress line on stderr. Runs the built bin (npm run build first).
 */
import {spawn, spawnSync} from 'node:child_process';
import {copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {availableParallelism} from 'node:os';
import {join, relative} from 'node:path';
import {describe, expect, it} from 'vitest';
import {AUTO_POOL_MIN_BYTES, AUTO_POOL_MIN_CPUS, poolSize} from '../src/run/runner.js';
import {tempDirs} from './helpers.js';

const repo = join(import.meta.dirname, '..');
const bin = join(repo, 'bin', 'speclint.js');
const tempDir = tempDirs();

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], cwd = repo, env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [bin, ...args], {cwd, encoding: 'utf8', env: {...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env}});
  return {code: r.status, stdout: r.stdout, stderr: r.stderr};
}

/** The same, without blocking, so a serial and a pooled run can go side by side. */
function runAsync(args: string[], cwd = repo, env: Record<string, string> = {}): Promise<Run> {
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

/** stdout and exit code of `--jobs 1` and `--jobs 2` with the same arguments; -v shows the pool was used. */
async function serialAndPooled(args: string[], cwd = repo, env: Record<string, string> = {}) {
  const [serial, pooled] = await Promise.all([runAsync(['-v', '--jobs', '1', ...args], cwd, env), runAsync(['-v', '--jobs', '2', ...args], cwd, env)]);
  expect(serial.stderr).toContain('speclint: linted in-process\n');
  expect(pooled.stderr).toContain('speclint: linted with 2 worker threads\n');
  return {serial, pooled};
}

/** Lines of stderr other than the -v line saying how the files were linted. */
function otherStderr(stderr: string): string {
  return stderr
    .split('\n')
    .filter((l) => !l.startsWith('speclint: linted '))
    .join('\n');
}

const FORMATS = ['stylish', 'json', 'sarif', 'junit', 'compact', 'github', 'markdown', 'html'];

describe('--jobs 2 gives the output of --jobs 1', () => {
  it('every format over fixtures/: byte-identical reports, same stderr, same exit code', async () => {
    // One run each way writes every format: stylish to stdout, the others with -o (the same reporter output).
    const outputs = (dir: string) => FORMATS.slice(1).flatMap((f) => ['-f', f, '-o', join(dir, `report.${f}`)]);
    const a = tempDir('speclint-pool-serial-');
    const b = tempDir('speclint-pool-pooled-');
    const [serial, pooled] = await Promise.all([
      runAsync(['-v', '--jobs', '1', '--no-color', ...outputs(a), '-f', 'stylish', 'fixtures/']),
      runAsync(['-v', '--jobs', '2', '--no-color', ...outputs(b), '-f', 'stylish', 'fixtures/']),
    ]);
    expect(serial.stderr).toContain('speclint: linted in-process\n');
    expect(pooled.stderr).toContain('speclint: linted with 2 worker threads\n');
    expect(serial.code).toBe(1);
    expect(pooled.code).toBe(serial.code);
    expect(serial.stdout).toMatch(/✖ \d+ problems/);
    expect(pooled.stdout).toBe(serial.stdout);
    expect(otherStderr(pooled.stderr)).toBe(otherStderr(serial.stderr));
    for (const format of FORMATS.slice(1)) {
      const expected = readFileSync(join(a, `report.${format}`), 'utf8');
      expect(expected.length, format).toBeGreaterThan(1000);
      expect(readFileSync(join(b, `report.${format}`), 'utf8'), format).toBe(expected);
    }
  }, 120_000);

  it('-f json on stdout over fixtures/: byte-identical, every fixture once, in the serial order', async () => {
    const {serial, pooled} = await serialAndPooled(['-f', 'json', 'fixtures/']);
    expect(pooled.stdout).toBe(serial.stdout);
    expect(pooled.code).toBe(serial.code);
    const paths = (JSON.parse(pooled.stdout) as Array<{filePath: string}>).map((r) => r.filePath);
    expect(paths.length).toBeGreaterThan(40);
    expect(paths).toEqual([...paths].sort());
    expect(new Set(paths).size).toBe(paths.length);
  }, 120_000);

  it('--quiet and --max-warnings decide the same exit code', async () => {
    const warnOnly = 'fixtures/tech-spec/broken-missing-rollback-plan.md';
    const ok = 'fixtures/service-design/ok-payments-service.md';
    const clean = await serialAndPooled([warnOnly, ok]);
    expect([clean.serial.code, clean.pooled.code]).toEqual([0, 0]);
    const over = await serialAndPooled(['--max-warnings', '0', warnOnly, ok]);
    expect([over.serial.code, over.pooled.code]).toEqual([1, 1]);
    expect(over.pooled.stderr).toContain('more than --max-warnings 0');
    const quiet = await serialAndPooled(['-q', '-f', 'json', 'fixtures/tech-spec/']);
    expect(quiet.pooled.stdout).toBe(quiet.serial.stdout);
    expect(quiet.pooled.code).toBe(quiet.serial.code);
  }, 120_000);

  it('a binary, a non-UTF-8 and a too-large file: the same one-line errors and exit 2', async () => {
    const dir = tempDir('speclint-pool-');
    for (const name of ['ok-payments-service.md', 'broken-dependency-row.md', 'broken-quality-gate.md']) {
      copyFileSync(join(repo, 'fixtures', 'service-design', name), join(dir, name));
    }
    writeFileSync(join(dir, 'a-binary.md'), Buffer.from([0x23, 0x20, 0x00, 0x01, 0x02, 0x0a]));
    writeFileSync(join(dir, 'latin1.md'), Buffer.from('# Caf\xe9\n', 'latin1'));
    writeFileSync(join(dir, 'z-large.md'), `# Large\n\n${'text '.repeat(30_000)}\n`);
    writeFileSync(join(dir, '.speclintrc.json'), JSON.stringify({maxFileSize: 100_000}));
    const {serial, pooled} = await serialAndPooled(['-f', 'json', '.'], dir);
    expect(serial.code).toBe(2);
    expect(pooled.code).toBe(2);
    expect(pooled.stdout).toBe(serial.stdout);
    const errors = (r: Run) => r.stderr.split('\n').filter((l) => l.startsWith('speclint: error: '));
    expect(errors(serial)).toEqual([
      'speclint: error: a-binary.md: binary file (contains NUL bytes), not Markdown',
      'speclint: error: latin1.md: not valid UTF-8 text (speclint reads Markdown as UTF-8)',
      'speclint: error: z-large.md: file is 0.1 MiB, over the 0.1 MiB limit (set maxFileSize in config to lint it)',
    ]);
    expect(errors(pooled)).toEqual(errors(serial));
    expect(pooled.stderr).not.toMatch(/\n\s+at /);
    // The three specs, and (ESLint's shape) one fatal result for each file that could not be linted.
    const results = JSON.parse(pooled.stdout) as Array<{filePath: string; fatalErrorCount: number}>;
    expect(results.length).toBe(6);
    expect(results.filter((r) => r.fatalErrorCount === 1).map((r) => relative(dir, r.filePath))).toEqual(['a-binary.md', 'latin1.md', 'z-large.md']);
  }, 120_000);

  it('config rules, config profile globs, custom profiles and --profile apply in the workers too', async () => {
    const dir = tempDir('speclint-pool-config-');
    cpSync(join(repo, 'fixtures', 'service-design'), join(dir, 'specs'), {recursive: true});
    mkdirSync(join(dir, 'adr'));
    writeFileSync(join(dir, 'adr', 'one.md'), '# Use queues\n\n## Context\n\nWe poll.\n');
    writeFileSync(join(dir, 'adr', 'two.md'), '# Use caches\n\n## Context\n\nSlow.\n\n## Decision\n\nCache.\n');
    writeFileSync(join(dir, 'adr.yaml'), 'title: Decision record\nsections:\n  - name: Context\n  - name: Decision\n');
    writeFileSync(
      join(dir, '.speclintrc.json'),
      JSON.stringify({profiles: {adr: './adr.yaml', 'adr/**': 'adr'}, rules: {'dependency-table': 'off', 'section-order': 'error'}}),
    );
    const {serial, pooled} = await serialAndPooled(['-f', 'json', '.'], dir);
    expect(pooled.stdout).toBe(serial.stdout);
    expect(pooled.code).toBe(serial.code);
    const results = JSON.parse(pooled.stdout) as Array<{filePath: string; profile: {name: string} | null; messages: Array<{ruleId: string}>}>;
    const one = results.find((r) => relative(dir, r.filePath) === 'adr/one.md')!;
    expect(one.profile?.name).toBe('adr');
    expect(one.messages.map((m) => m.ruleId)).toContain('required-sections');
    expect(results.flatMap((r) => r.messages.map((m) => m.ruleId))).not.toContain('dependency-table');

    const forced = await serialAndPooled(['-f', 'json', '--profile', 'backend-spec', 'specs/'], dir);
    expect(forced.pooled.stdout).toBe(forced.serial.stdout);
    expect((JSON.parse(forced.pooled.stdout) as Array<{profile: {name: string}}>).every((r) => r.profile.name === 'backend-spec')).toBe(true);
  }, 120_000);

  for (const fault of ['throw', 'exit']) {
    it(`a worker that ${fault === 'throw' ? 'throws' : 'exits'}: one line, exit 2, no stack trace, no hang`, () => {
      const r = run(['--jobs', '2', 'fixtures/service-design/'], repo, {SPECLINT_TEST_WORKER_FAULT: fault});
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        fault === 'throw'
          ? /^speclint: internal error: injected worker fault \(SPECLINT_TEST_WORKER_FAULT\) \(please report it/
          : /^speclint: internal error: a lint worker thread stopped unexpectedly \(exit code 70\) \(please report it/,
      );
    }, 60_000);
  }

  it('--jobs takes auto or a whole number >= 1', () => {
    for (const bad of ['0', '-1', 'two', '1.5']) {
      const r = run(['--jobs', bad, 'fixtures/service-design/ok-payments-service.md']);
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toMatch(/^speclint: error: option '-j, --jobs <n>' argument '.+' is invalid\. expected "auto" or a whole number >= 1/);
    }
  });
});

describe('--jobs auto (the default)', () => {
  it('lints a handful of files in-process: a pre-commit run pays no pool start-up', () => {
    const r = run(['-v', 'fixtures/service-design/']);
    expect(r.stderr).toContain('speclint: linted in-process\n');
  });

  it(`uses one worker per CPU from ${AUTO_POOL_MIN_BYTES / 1048576} MiB of Markdown to lint (in-process on fewer than ${AUTO_POOL_MIN_CPUS} CPUs)`, async () => {
    const dir = tempDir('speclint-pool-auto-');
    // 16 notes of 200 KiB of plain paragraphs: enough bytes, quick to parse, no spec (all skipped).
    const paragraph = `${'Plain words in a long note. '.repeat(40)}\n\n`;
    const note = (i: number) => `# Note ${i}\n\n${paragraph.repeat(Math.ceil(200 * 1024 / paragraph.length))}`;
    for (let i = 0; i < 16; i++) writeFileSync(join(dir, `note-${String(i).padStart(2, '0')}.md`), note(i));
    const [auto, serial] = await Promise.all([runAsync(['-v', '-f', 'json', '.'], dir), runAsync(['-v', '-f', 'json', '--jobs', '1', '.'], dir)]);
    const cpus = availableParallelism();
    expect(auto.stderr).toContain(cpus >= AUTO_POOL_MIN_CPUS ? `speclint: linted with ${cpus} worker threads\n` : 'speclint: linted in-process\n');
    expect(auto.stdout).toBe(serial.stdout);
    expect(auto.code).toBe(serial.code);
    expect(otherStderr(auto.stderr)).toBe(otherStderr(serial.stderr));
    expect(auto.stderr.match(/^speclint: skipped /gm)).toHaveLength(16);
  }, 120_000);

  it('the rule: in-process below the size, for one file, or on fewer than 3 CPUs; --jobs N is taken as given, up to the file count', () => {
    let asked = 0;
    const bytes = (n: number) => () => (asked++, n);
    const enough = AUTO_POOL_MIN_BYTES;
    expect(poolSize('auto', 500, bytes(enough - 1), 4)).toBe(1);
    expect(poolSize('auto', 500, bytes(enough), 4)).toBe(4);
    expect(poolSize('auto', 3, bytes(enough), 4)).toBe(3);
    expect(poolSize('auto', 1, bytes(enough), 4)).toBe(1);
    expect(poolSize(undefined, 500, bytes(enough), 4)).toBe(1);
    asked = 0;
    expect(poolSize('auto', 500, bytes(enough), 1)).toBe(1);
    // On 2 CPUs one process wins at any size (docs/benchmark.md).
    expect(poolSize('auto', 500, bytes(100 * enough), 2)).toBe(1);
    expect(poolSize(2, 500, bytes(0), 1)).toBe(2);
    expect(poolSize(8, 5, bytes(0), 2)).toBe(5);
    expect(poolSize(1, 500, bytes(enough), 4)).toBe(1);
    // Sizes are only looked at for auto on several CPUs.
    expect(asked).toBe(0);
  });
});

const haveScript = existsSync('/usr/bin/script');

describe('progress line', () => {
  /** A directory of 120 small Markdown notes (each looks like no spec, so it lints fast). */
  function notes(): string {
    const dir = tempDir('speclint-progress-');
    for (let i = 0; i < 120; i++) writeFileSync(join(dir, `note-${String(i).padStart(3, '0')}.md`), `# Note ${i}\n\nNothing to see.\n`);
    return dir;
  }

  /** Run speclint with stderr on a pseudo-terminal (util-linux `script`), stdout to a file; returns what the terminal got. */
  function onTerminal(dir: string, args: string[], env: Record<string, string | undefined>) {
    const out = join(dir, 'report.txt');
    const command = [process.execPath, bin, ...args].map((a) => `'${a}'`).join(' ') + ` > '${out}'`;
    const childEnv: Record<string, string> = {};
    for (const [k, v] of Object.entries({...process.env, NO_COLOR: '1', ...env})) if (v !== undefined) childEnv[k] = v;
    const r = spawnSync('script', ['-qec', command, '/dev/null'], {cwd: dir, encoding: 'utf8', env: childEnv});
    return {code: r.status, terminal: r.stdout, report: readFileSync(out, 'utf8')};
  }

  it('on a terminal, for over 100 files: one updating line on stderr, cleared before the report', (ctx) => {
    if (!haveScript) ctx.skip('util-linux "script" (to give speclint a terminal) is not installed');
    const dir = notes();
    const r = onTerminal(dir, ['--jobs', '1', '.'], {CI: undefined});
    expect(r.code).toBe(0);
    expect(r.terminal).toMatch(/^\rspeclint: \d+\/120 files/);
    expect(r.terminal).toContain('\rspeclint: 120/120 files');
    expect(r.terminal.endsWith('\r\x1b[K')).toBe(true);
    expect(r.terminal).not.toContain('\n');
    expect(r.report).not.toContain('speclint:');
  });

  it('never in CI, never for a machine format on stdout, never without a terminal', (ctx) => {
    if (!haveScript) ctx.skip('util-linux "script" (to give speclint a terminal) is not installed');
    const dir = notes();
    expect(onTerminal(dir, ['.'], {CI: 'true'}).terminal).toBe('');
    expect(onTerminal(dir, ['-f', 'json', '.'], {CI: undefined}).terminal).toBe('');
    const piped = run(['.'], dir, {CI: ''});
    expect(piped.stderr).toBe('');
  });
});
