/**
 * Fault cases of issue 12 through the built CLI (npm run build first): the
 * files speclint reads and writes (non-regular targets, FIFOs, devices,
 * huge files), cache entries of the wrong shape, encodings, `--fix` on
 * files that changed, are read-only or belong to someone else, discovery
 * with symlink loops, unreadable directories and bad names, and `extends`
 * graphs. Every case must end within seconds (spawnSync has a timeout, so
 * a hang fails the test instead of stalling the suite), with one line per
 * problem on stderr and the right exit code.
 */
import {spawnSync} from 'node:child_process';
import {existsSync, lstatSync, mkdirSync, readFileSync, statSync, truncateSync, writeFileSync} from 'node:fs';
import {join, relative} from 'node:path';
import {describe, expect, it, type TestContext} from 'vitest';
import {tempDirs} from './helpers.js';

const repo = join(import.meta.dirname, '..');
const bin = join(repo, 'bin', 'speclint.js');
const fixtures = join(repo, 'fixtures', 'service-design');
const okSpec = readFileSync(join(fixtures, 'ok-payments-service.md'), 'utf8');
const brokenSpec = readFileSync(join(fixtures, 'broken-dependency-row.md'), 'utf8');
const tempDir = tempDirs();

interface Run {
  /** The directory it ran in. */
  cwd: string;
  code: number | null;
  stdout: string;
  stderr: string;
  /** The error spawnSync gave (ETIMEDOUT when the run hung). */
  error?: string;
}

function run(args: string[], cwd: string, extra: {uid?: number; gid?: number; timeout?: number} = {}): Run {
  const {timeout = 30_000, ...ids} = extra;
  const r = spawnSync(process.execPath, [bin, ...args], {cwd, encoding: 'utf8', timeout, killSignal: 'SIGKILL', env: {...process.env, NO_COLOR: '1', FORCE_COLOR: '0'}, ...ids});
  return {cwd, code: r.status, stdout: r.stdout, stderr: r.stderr, error: (r.error as NodeJS.ErrnoException | undefined)?.code};
}

/** stderr as lines; each must be one speclint line, never a stack trace. */
function errorLines(r: Run): string[] {
  expect(r.error).toBeUndefined();
  expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
  return r.stderr.trim() === '' ? [] : r.stderr.trim().split('\n');
}

function sh(command: string, cwd: string): boolean {
  return spawnSync('sh', ['-c', command], {cwd}).status === 0;
}

/** A character device like /dev/null (1, 3), made in a temporary directory, so no test ever risks the real one. */
function nullDevice(ctx: TestContext, dir: string): string {
  const path = join(dir, 'null-device');
  if (!sh(`mknod ${path} c 1 3`, dir)) ctx.skip('mknod is not allowed here (needs root)');
  return path;
}

describe('files speclint writes: only regular files, atomically', () => {
  it('--cache-location at a character device, a FIFO or a directory is one line and exit 2; the target is left as it was', (ctx) => {
    const dir = tempDir('speclint-io-');
    writeFileSync(join(dir, 'spec.md'), okSpec);
    const device = nullDevice(ctx, dir);
    expect(sh('mkfifo fifo', dir)).toBe(true);
    mkdirSync(join(dir, 'cachedir', '.speclintcache'), {recursive: true});
    for (const [location, kind, shown] of [
      [device, 'a character device', device],
      ['fifo', 'a FIFO', join(dir, 'fifo')],
      ['cachedir', 'a directory', join(dir, 'cachedir', '.speclintcache')],
    ] as const) {
      const r = run(['--cache', '--cache-location', location, 'spec.md'], dir, {timeout: 15_000});
      expect(errorLines(r)).toEqual([`speclint: error: --cache-location ${shown}: not a regular file (${kind}); speclint writes only regular files`]);
      expect(r.code).toBe(2);
    }
    expect(lstatSync(device).isCharacterDevice()).toBe(true);
    expect(lstatSync(join(dir, 'fifo')).isFIFO()).toBe(true);
    expect(lstatSync(join(dir, 'cachedir', '.speclintcache')).isDirectory()).toBe(true);
    // The real /dev/null too (safe now: refused before anything is written).
    const real = run(['--cache', '--cache-location', '/dev/null', 'spec.md'], dir, {timeout: 15_000});
    expect(real.code).toBe(2);
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('-o at a device or a FIFO is refused before linting; init -o --force and profile derive -o at a device too', (ctx) => {
    const dir = tempDir('speclint-io-');
    writeFileSync(join(dir, 'spec.md'), okSpec);
    const device = nullDevice(ctx, dir);
    expect(sh('mkfifo fifo', dir)).toBe(true);
    let r = run(['-f', 'json', '-o', device, 'spec.md'], dir, {timeout: 15_000});
    expect(errorLines(r)).toEqual([`speclint: error: --output-file ${device}: not a regular file (a character device); speclint writes only regular files`]);
    expect(r.code).toBe(2);
    r = run(['-f', 'json', '-o', 'fifo', 'spec.md'], dir, {timeout: 15_000});
    expect(errorLines(r)).toEqual([`speclint: error: --output-file ${join(dir, 'fifo')}: not a regular file (a FIFO); speclint writes only regular files`]);
    r = run(['init', '--profile', 'service-design', '-o', device, '--force'], dir, {timeout: 15_000});
    expect(errorLines(r)).toEqual([`speclint: error: cannot write ${device}: not a regular file (a character device); speclint writes only regular files`]);
    r = run(['profile', 'derive', 'spec.md', '-o', 'fifo', '--force'], dir, {timeout: 15_000});
    expect(errorLines(r)).toEqual(['speclint: error: cannot write fifo: not a regular file (a FIFO); speclint writes only regular files']);
    expect(lstatSync(device).isCharacterDevice()).toBe(true);
    expect(lstatSync(join(dir, 'fifo')).isFIFO()).toBe(true);
    // A regular -o file is replaced by a new one (a new inode: renamed into place), keeping its mode.
    writeFileSync(join(dir, 'report.json'), 'old');
    sh('chmod 640 report.json', dir);
    const before = statSync(join(dir, 'report.json'));
    expect(run(['-f', 'json', '-o', 'report.json', 'spec.md'], dir).code).toBe(0);
    const after = statSync(join(dir, 'report.json'));
    expect(after.ino).not.toBe(before.ino);
    expect(after.mode & 0o777).toBe(0o640);
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'))).toHaveLength(1);
  });
});

describe('files speclint reads: checked before reading, never a hang', () => {
  it('a cache file that is a FIFO or an endless device is refused at once', (ctx) => {
    const dir = tempDir('speclint-io-');
    writeFileSync(join(dir, 'spec.md'), okSpec);
    expect(sh('mkfifo .speclintcache', dir)).toBe(true);
    let r = run(['--cache', 'spec.md'], dir, {timeout: 15_000});
    expect(errorLines(r)).toEqual([`speclint: error: --cache-location ${join(dir, '.speclintcache')}: not a regular file (a FIFO); speclint writes only regular files`]);
    expect(r.code).toBe(2);
    const zero = join(dir, 'zero-device');
    if (!sh(`mknod ${zero} c 1 5`, dir)) ctx.skip('mknod is not allowed here (needs root)');
    r = run(['--cache', '--cache-location', zero, 'spec.md'], dir, {timeout: 15_000});
    expect(errorLines(r)).toEqual([`speclint: error: --cache-location ${zero}: not a regular file (a character device); speclint writes only regular files`]);
  });

  it('an explicit FIFO or device is one line each and the other files are still linted; a huge file is refused from its size', (ctx) => {
    const dir = tempDir('speclint-io-');
    writeFileSync(join(dir, 'spec.md'), brokenSpec);
    expect(sh('mkfifo pipe.md', dir)).toBe(true);
    if (!sh(`mknod zero.md c 1 5`, dir)) ctx.skip('mknod is not allowed here (needs root)');
    // 1.5 GB, sparse: reading it in full would take seconds and 1.5 GB of memory.
    writeFileSync(join(dir, 'huge.md'), '# Huge\n');
    truncateSync(join(dir, 'huge.md'), 1_500_000_000);
    const r = run(['pipe.md', 'zero.md', 'huge.md', 'spec.md'], dir, {timeout: 20_000});
    expect(errorLines(r)).toEqual([
      'speclint: error: huge.md: file is 1430.5 MiB, over the 2.0 MiB limit (set maxFileSize in config to lint it)',
      'speclint: error: pipe.md: not a regular file (a FIFO)',
      'speclint: error: zero.md: not a regular file (a character device)',
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Timeout "5000" of "Kafka" is not a duration');
  });
});

describe('cache entries are checked on load', () => {
  it('an entry of the right key and the wrong shape is ignored and linted again, never an internal error', () => {
    const dir = tempDir('speclint-io-');
    mkdirSync(join(dir, 'specs'));
    writeFileSync(join(dir, 'specs', 'a.md'), brokenSpec);
    writeFileSync(join(dir, 'specs', 'b.md'), okSpec);
    const fresh = run(['-f', 'json', 'specs/'], dir);
    expect(run(['--cache', 'specs/'], dir).code).toBe(1);
    const cacheFile = join(dir, '.speclintcache');
    const stored = JSON.parse(readFileSync(cacheFile, 'utf8')) as {entries: Record<string, {outcome: {result: Record<string, unknown>}}>};
    const a = join(dir, 'specs', 'a.md');
    const b = join(dir, 'specs', 'b.md');
    const damage: Array<(r: Record<string, unknown>) => void> = [
      (r) => (r['messages'] = [null]),
      (r) => ((r['messages'] as Array<Record<string, unknown>>)[0]!['line'] = 'x'),
      (r) => ((r['messages'] as Array<Record<string, unknown>>)[0]!['fix'] = {range: [5, 1], text: ''}),
      (r) => (r['errorCount'] = 0),
      (r) => (r['profile'] = {name: 5}),
      (r) => (r['rulesRun'] = null),
    ];
    for (const change of damage) {
      const copy = structuredClone(stored);
      change(copy.entries[a]!.outcome.result);
      writeFileSync(cacheFile, JSON.stringify(copy));
      const r = run(['-v', '--cache', '-f', 'json', 'specs/'], dir);
      expect(errorLines(r)).toContain(`speclint: cache ${cacheFile}: 1 files reused, 1 linted`);
      expect(r.stdout).toBe(fresh.stdout);
      expect(r.code).toBe(1);
    }
    // The good entry of b.md was reused every time; a.md's is stored anew.
    expect(JSON.parse(readFileSync(cacheFile, 'utf8')).entries[b]).toEqual(stored.entries[b]);
  });
});

describe('encodings', () => {
  it('UTF-16 (with or without a BOM) is named as such, not called binary', () => {
    const dir = tempDir('speclint-io-');
    const text = '# Payments Service\n\n## Overview\n\nTakes card payments.\n';
    writeFileSync(join(dir, 'le-bom.md'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    writeFileSync(join(dir, 'le.md'), Buffer.from(text, 'utf16le'));
    writeFileSync(join(dir, 'be-bom.md'), Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]));
    writeFileSync(join(dir, 'binary.md'), Buffer.from([0x23, 0x20, 0x00, 0x01, 0x02, 0x41, 0x42, 0x43]));
    const r = run(['be-bom.md', 'binary.md', 'le-bom.md', 'le.md'], dir);
    expect(errorLines(r)).toEqual([
      'speclint: error: be-bom.md: UTF-16 text, not supported; save it as UTF-8',
      'speclint: error: binary.md: binary file (contains NUL bytes), not Markdown',
      'speclint: error: le-bom.md: UTF-16 text, not supported; save it as UTF-8',
      'speclint: error: le.md: UTF-16 text, not supported; save it as UTF-8',
    ]);
    expect(r.code).toBe(2);
  });

  it('profile derive applies the same checks as linting: binary, Latin-1 and UTF-16 input are one line and exit 2', () => {
    const dir = tempDir('speclint-io-');
    writeFileSync(join(dir, 'binary.md'), Buffer.from([0x23, 0x20, 0x00, 0x01, 0x02]));
    writeFileSync(join(dir, 'latin1.md'), Buffer.from('# Caf\xe9\n\n## Overview\n\nText.\n', 'latin1'));
    writeFileSync(join(dir, 'utf16.md'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('# Spec\n', 'utf16le')]));
    const cases: Array<[string, string]> = [
      ['binary.md', 'speclint: error: cannot read binary.md: binary file (contains NUL bytes), not Markdown'],
      ['latin1.md', 'speclint: error: cannot read latin1.md: not valid UTF-8 text (speclint reads Markdown as UTF-8)'],
      ['utf16.md', 'speclint: error: cannot read utf16.md: UTF-16 text, not supported; save it as UTF-8'],
    ];
    for (const [file, line] of cases) {
      const r = run(['profile', 'derive', file], dir);
      expect(errorLines(r)).toEqual([line]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
    }
    expect(run(['profile', 'derive', 'missing.md'], dir).stderr).toBe('speclint: error: cannot read missing.md: no such file\n');
    writeFileSync(join(dir, 'ok.md'), okSpec);
    expect(run(['profile', 'derive', 'ok.md'], dir).code).toBe(0);
    expect(existsSync(join(dir, 'ok.yaml'))).toBe(false);
  });
});

describe('--fix writes only what is safe to write', () => {
  const fixable = readFileSync(join(fixtures, 'broken-failure-mode-fields.md'), 'utf8');
  const fixedText = fixable.replace('unreachable.\n', 'unreachable.\n- **Detection:**\n');

  it('refuses a file changed since it was read (appended to; same size and mtime but other bytes; only touched), keeps the edit, fixes the others', () => {
    const dir = tempDir('speclint-io-');
    for (const name of ['a.md', 'b.md', 'c.md', 'd.md']) writeFileSync(join(dir, name), fixable);
    const edit = [
      "printf 'edited while speclint ran\\n' >> a.md",
      // Same size, mtime put back: only the content hash tells.
      'cp -p b.md ref && sed -i s/PostgreSQL/PostgreSQX/ b.md && touch -r ref b.md && rm ref',
      'touch -d "2001-01-01" c.md',
    ].join(' && ');
    const r = spawnSync(process.execPath, [bin, '--fix', 'a.md', 'b.md', 'c.md', 'd.md'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 30_000,
      env: {...process.env, NO_COLOR: '1', SPECLINT_TEST_BEFORE_FIX_WRITE: edit},
    });
    expect(r.stderr.trim().split('\n')).toEqual([
      'speclint: error: a.md: changed since speclint read it; not fixed (run --fix again)',
      'speclint: error: b.md: changed since speclint read it; not fixed (run --fix again)',
      'speclint: error: c.md: changed since speclint read it; not fixed (run --fix again)',
    ]);
    expect(r.status).toBe(2);
    expect(readFileSync(join(dir, 'a.md'), 'utf8')).toBe(fixable + 'edited while speclint ran\n');
    // sed without g: the first PostgreSQL of each line.
    expect(readFileSync(join(dir, 'b.md'), 'utf8')).toBe(fixable.split('\n').map((l) => l.replace('PostgreSQL', 'PostgreSQX')).join('\n'));
    expect(readFileSync(join(dir, 'c.md'), 'utf8')).toBe(fixable);
    expect(readFileSync(join(dir, 'd.md'), 'utf8')).toBe(fixedText);
    // The refused files are reported with their findings as read (the Detection field still missing).
    expect(r.stdout.match(/is missing the \*\*Detection:\*\* field/g)).toHaveLength(3);
  });

  it('refuses a read-only (0444) file even as root, one line and exit 2, and fixes the others', () => {
    const dir = tempDir('speclint-io-');
    writeFileSync(join(dir, 'ro.md'), fixable);
    writeFileSync(join(dir, 'rw.md'), fixable);
    sh('chmod 0444 ro.md', dir);
    const r = run(['--fix', 'ro.md', 'rw.md'], dir);
    expect(errorLines(r)).toEqual(['speclint: error: ro.md: file is read-only (mode 0444); not fixed']);
    expect(r.code).toBe(2);
    expect(readFileSync(join(dir, 'ro.md'), 'utf8')).toBe(fixable);
    expect(statSync(join(dir, 'ro.md')).mode & 0o777).toBe(0o444);
    expect(readFileSync(join(dir, 'rw.md'), 'utf8')).toBe(fixedText);
  });

  it('keeps the owner, group and mode of a file it rewrites (as root: someone else\'s file stays theirs)', (ctx) => {
    if (process.getuid?.() !== 0) ctx.skip('only root can make a file owned by someone else');
    const dir = tempDir('speclint-io-');
    writeFileSync(join(dir, 'spec.md'), fixable);
    sh('chown 65534:65534 spec.md && chmod 0604 spec.md', dir);
    const before = statSync(join(dir, 'spec.md'));
    const r = run(['--fix', 'spec.md'], dir);
    expect(errorLines(r)).toEqual([]);
    const after = statSync(join(dir, 'spec.md'));
    expect(readFileSync(join(dir, 'spec.md'), 'utf8')).toBe(fixedText);
    expect(after.ino).not.toBe(before.ino);
    expect([after.uid, after.gid, after.mode & 0o7777]).toEqual([65534, 65534, 0o604]);
  });
});

describe('discovery: symlink loops, bad names, unreadable directories', () => {
  /** The files a JSON report lists, relative to `dir`. */
  // ESLint's filePath is absolute: the paths relative to where speclint ran.
  const reported = (r: Run): string[] => (JSON.parse(r.stdout) as Array<{filePath: string}>).map((x) => relative(r.cwd, x.filePath));

  it('a directory with symlink loops (two links to ".", a link to its parent, a self-link) ends, and each real file is linted once', () => {
    const dir = tempDir('speclint-io-');
    mkdirSync(join(dir, 'L', 'sub'), {recursive: true});
    writeFileSync(join(dir, 'L', 'spec.md'), brokenSpec);
    writeFileSync(join(dir, 'L', 'sub', 'other.md'), okSpec);
    sh('ln -s . L/a && ln -s . L/b && ln -s .. L/sub/up && ln -s loop L/loop && ln -s spec.md L/link.md', dir);
    const r = run(['-f', 'json', 'L'], dir, {timeout: 20_000});
    expect(errorLines(r)).toEqual([]);
    expect(r.code).toBe(1);
    expect(reported(r)).toEqual(['L/spec.md', 'L/sub/other.md']);
    // A self-link alone: the file once, not once per level until ELOOP.
    const self = tempDir('speclint-io-');
    writeFileSync(join(self, 'spec.md'), brokenSpec);
    sh('ln -s . self', self);
    const s = run(['-f', 'json', '.'], self, {timeout: 20_000});
    expect(reported(s)).toEqual(['spec.md']);
  });

  it('a loop elsewhere in the working directory does not hang a glob run or the default sweep', () => {
    const dir = tempDir('speclint-io-');
    mkdirSync(join(dir, 'docs'));
    mkdirSync(join(dir, 'elsewhere'));
    writeFileSync(join(dir, 'docs', 'spec.md'), brokenSpec);
    sh('ln -s . elsewhere/a && ln -s . elsewhere/b && ln -s .. elsewhere/up', dir);
    const glob = run(['-f', 'json', 'docs/**/*.md'], dir, {timeout: 20_000});
    expect(errorLines(glob)).toEqual([]);
    expect(reported(glob)).toEqual(['docs/spec.md']);
    const sweep = run(['-f', 'json'], dir, {timeout: 20_000});
    expect(errorLines(sweep)).toEqual([]);
    expect(reported(sweep)).toEqual(['docs/spec.md']);
  });

  it('a missing file, an unmatched glob, an empty directory and a symlink loop are one line each; the other files are still linted; exit 2', () => {
    const dir = tempDir('speclint-io-');
    writeFileSync(join(dir, 'spec.md'), brokenSpec);
    mkdirSync(join(dir, 'empty'));
    sh('ln -s loop.md loop.md', dir);
    const r = run(['-f', 'json', 'missing.md', 'nothing-*.md', 'empty', 'loop.md', 'spec.md'], dir, {timeout: 20_000});
    expect(errorLines(r)).toEqual([
      'speclint: error: missing.md: no such file or directory',
      'speclint: error: nothing-*.md: no files match this pattern (use --no-error-on-unmatched-pattern to allow this)',
      'speclint: error: empty: no Markdown files in this directory (use --no-error-on-unmatched-pattern to allow this)',
      'speclint: error: loop.md: too many levels of symbolic links (a symlink loop)',
    ]);
    expect(r.code).toBe(2);
    expect(reported(r)).toEqual(['spec.md']);
    expect(r.stdout).toContain('Timeout \\"5000\\" of \\"Kafka\\" is not a duration');
    // Allowed: the unmatched ones say nothing, the missing file and the loop are still errors.
    const allowed = run(['--no-error-on-unmatched-pattern', 'nothing-*.md', 'empty', 'spec.md'], dir);
    expect(errorLines(allowed)).toEqual([]);
    expect(allowed.code).toBe(1);
  });

  it('an unreadable directory or .gitignore is one line each, and the rest of the tree is linted (run as an unprivileged user)', (ctx) => {
    const dir = tempDir('speclint-io-');
    sh(`chmod 755 ${dir}`, dir);
    mkdirSync(join(dir, 'docs', 'locked'), {recursive: true});
    mkdirSync(join(dir, 'docs', 'open'));
    writeFileSync(join(dir, 'docs', 'open', 'spec.md'), brokenSpec);
    writeFileSync(join(dir, 'docs', 'locked', 'hidden.md'), brokenSpec);
    writeFileSync(join(dir, 'docs', 'open', '.gitignore'), 'x.md\n');
    sh('chmod 000 docs/locked && chmod 000 docs/open/.gitignore', dir);
    // Root reads any directory: run as nobody (the unit test below covers the same path as root).
    const asNobody = process.getuid?.() === 0 ? {uid: 65534, gid: 65534} : {};
    if (spawnSync(process.execPath, ['-e', '0'], asNobody).status !== 0) ctx.skip('cannot run node as an unprivileged user here');
    const r = run(['-f', 'json', 'docs'], dir, {...asNobody, timeout: 20_000});
    sh('chmod 755 docs/locked && chmod 644 docs/open/.gitignore', dir);
    expect(errorLines(r)).toEqual([
      'speclint: error: docs/locked: cannot read directory (EACCES)',
      'speclint: error: docs/open/.gitignore: cannot read (EACCES)',
    ]);
    expect(r.code).toBe(2);
    expect(reported(r)).toEqual(['docs/open/spec.md']);
  });
});

describe('--fix keeps the line endings: LF, CRLF and a lone CR', () => {
  it('fixes a lone-CR file as its LF twin (same insertions, at the same places, in CR), and a second and third run change nothing', () => {
    const dir = tempDir('speclint-io-');
    // Missing sections, a table short of columns (the delimiter row gets cells too), a checklist short of items, a missing field.
    const docs = {
      'sections.md': ['# Payments', '', '## Overview', '', 'Takes card payments.', '', '## Dependencies', '', '| Dependency | Type |', '| --- | --- |', '| Redis | Sync |', ''].join('\n'),
      'gate.md': readFileSync(join(fixtures, 'broken-quality-gate.md'), 'utf8'),
      'fields.md': readFileSync(join(fixtures, 'broken-failure-mode-fields.md'), 'utf8'),
    };
    const names = Object.keys(docs);
    for (const [name, text] of Object.entries(docs)) {
      writeFileSync(join(dir, `lf-${name}`), text);
      writeFileSync(join(dir, `cr-${name}`), text.replace(/\n/g, '\r'));
      writeFileSync(join(dir, `crlf-${name}`), text.replace(/\n/g, '\r\n'));
    }
    const all = names.flatMap((n) => [`lf-${n}`, `cr-${n}`, `crlf-${n}`]);
    const first = run(['--fix', '-p', 'service-design', ...all], dir);
    expect(errorLines(first)).toEqual([]);
    const after = (file: string) => readFileSync(join(dir, file), 'utf8');
    for (const name of names) {
      const lf = after(`lf-${name}`);
      expect(lf).not.toBe(docs[name as keyof typeof docs]);
      expect(after(`cr-${name}`)).toBe(lf.replace(/\n/g, '\r'));
      expect(after(`crlf-${name}`)).toBe(lf.replace(/\n/g, '\r\n'));
    }
    // The delimiter row got its cells (not the end of the file).
    expect(after('cr-sections.md')).toContain('| Dependency | Type | Criticality | Timeout | Fallback |\r| --- | --- | --- | --- | --- |\r| Redis | Sync | | | |\r');
    const settled = all.map((f) => [f, after(f), statSync(join(dir, f)).mtimeMs]);
    for (let i = 0; i < 2; i++) {
      run(['--fix', '-p', 'service-design', ...all], dir);
      expect(all.map((f) => [f, after(f), statSync(join(dir, f)).mtimeMs])).toEqual(settled);
    }
    // Findings left are the same, at the same lines and columns, whatever the line endings.
    const report = run(['-f', 'json', '-p', 'service-design', ...all], dir);
    const byFile = new Map((JSON.parse(report.stdout) as Array<{filePath: string; messages: Array<{line: number; column: number; ruleId: string; message: string}>}>).map((r) => [r.filePath, r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`)]));
    for (const name of names) {
      expect(byFile.get(`cr-${name}`)).toEqual(byFile.get(`lf-${name}`));
      expect(byFile.get(`crlf-${name}`)).toEqual(byFile.get(`lf-${name}`));
    }
  });
});

describe('extends is a graph: diamonds are fine, cycles are named', () => {
  it('a config whose bases share a base (a diamond) loads; a cycle is one line naming it', () => {
    const dir = tempDir('speclint-io-');
    writeFileSync(join(dir, 'spec.md'), brokenSpec);
    writeFileSync(join(dir, 'base.yaml'), 'rules:\n  dependency-table: warn\nignores: ["archive/**"]\n');
    writeFileSync(join(dir, 'b.yaml'), 'extends: ./base.yaml\nrules:\n  section-order: off\n');
    writeFileSync(join(dir, 'c.yaml'), 'extends: ./base.yaml\nrules:\n  empty-section: off\n');
    writeFileSync(join(dir, '.speclintrc.yaml'), 'extends: [./b.yaml, ./c.yaml]\n');
    const r = run(['-f', 'json', 'spec.md'], dir);
    expect(errorLines(r)).toEqual([]);
    // base's setting reached through both b and c: the Kafka findings are warnings now.
    const [result] = JSON.parse(r.stdout) as Array<{errorCount: number; warningCount: number}>;
    expect(result).toMatchObject({errorCount: 0, warningCount: 2});
    expect(r.code).toBe(0);
    // A real cycle: base extends c, which extends base (found from b, the first base).
    writeFileSync(join(dir, 'base.yaml'), 'extends: ./c.yaml\n');
    const cycle = run(['spec.md'], dir);
    expect(errorLines(cycle)).toEqual(['speclint: error: base.yaml: /extends: config extends itself: base.yaml -> c.yaml -> base.yaml']);
    expect(cycle.code).toBe(2);
  });

  it('custom profiles: two extending one base load; a cycle names its path', () => {
    const dir = tempDir('speclint-io-');
    writeFileSync(join(dir, 'spec.md'), brokenSpec);
    writeFileSync(
      join(dir, '.speclintrc.yaml'),
      'profiles:\n  base: {extends: service-design}\n  left: {extends: base}\n  right: {extends: base}\n  "spec.md": right\n',
    );
    const r = run(['-f', 'json', 'spec.md'], dir);
    expect(errorLines(r)).toEqual([]);
    expect((JSON.parse(r.stdout) as Array<{profile: {name: string}}>)[0]!.profile.name).toBe('right');
    writeFileSync(join(dir, '.speclintrc.yaml'), 'profiles:\n  a: {extends: b}\n  b: {extends: c}\n  c: {extends: a}\n');
    const cycle = run(['spec.md'], dir);
    expect(errorLines(cycle)).toEqual([`speclint: error: ${join(dir, '.speclintrc.yaml')}: /profiles/a/extends: profile "a" extends itself: a -> b -> c -> a`]);
  });
});

describe('compact output stays one line per finding', () => {
  it('a newline or another control character in a file name is escaped', () => {
    const dir = tempDir('speclint-io-');
    const name = 'evil\nname\t\u0007.md';
    writeFileSync(join(dir, name), brokenSpec);
    const r = run(['-f', 'compact', name], dir);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    // ESLint's compact format: absolute paths, then a blank line and the count.
    expect(lines).toEqual([
      `${dir}/evil\\nname\\t\\x07.md: line 46, col 34, Error - Timeout "5000" of "Kafka" is not a duration (dependency-table)`,
      `${dir}/evil\\nname\\t\\x07.md: line 46, col 41, Error - Non-critical dependency "Kafka" has no fallback (dependency-table)`,
      '',
      '2 problems',
    ]);
  });
});

describe('config files are read like specs', () => {
  it('a config or profile file that is a FIFO is one line and exit 2, not a hang', () => {
    const dir = tempDir('speclint-io-');
    writeFileSync(join(dir, 'spec.md'), okSpec);
    expect(sh('mkfifo config.yaml && mkfifo profile.yaml', dir)).toBe(true);
    const r = run(['-c', 'config.yaml', 'spec.md'], dir, {timeout: 15_000});
    expect(errorLines(r)).toEqual([`speclint: error: cannot read config ${join(dir, 'config.yaml')}: not a regular file (a FIFO)`]);
    expect(r.code).toBe(2);
    writeFileSync(join(dir, '.speclintrc.yaml'), 'profiles:\n  mine: ./profile.yaml\n');
    const p = run(['spec.md'], dir, {timeout: 15_000});
    expect(errorLines(p)).toEqual([`speclint: error: ${join(dir, '.speclintrc.yaml')}: /profiles/mine: cannot read profile file ${join(dir, 'profile.yaml')} (not a regular file (a FIFO))`]);
    expect(p.code).toBe(2);
  });
});

describe('--fix settles in one run', () => {
  it('a fix held back beside another one that brought a finding of its kind is tried again in the same run (it used to need a second --fix)', () => {
    const dir = tempDir('speclint-io-');
    const ok = readFileSync(join(repo, 'fixtures', 'tech-spec', 'ok-notification-delivery.md'), 'utf8');
    // The approval table loses its first column (the column fix restores it) and its row a cell; a row of another table loses a cell too:
    // both short rows give the same finding text, and padding them in the pass that adds the column leaves one of them short again.
    const damaged = ok
      .replace('| Approved By | Approved At | Note |\n| --- | --- | --- |\n| | | |\n', '| Approved At | Note |\n| --- | --- |\n| |\n')
      .replace('| Over 5% for 15 minutes | Page |', '| Over 5% for 15 minutes |');
    expect(damaged).not.toBe(ok);
    writeFileSync(join(dir, 'spec.md'), damaged);
    const first = run(['--fix', '-f', 'json', 'spec.md'], dir);
    expect(errorLines(first)).toEqual([]);
    const [left] = JSON.parse(first.stdout) as Array<{messages: Array<{fix?: unknown; ruleId: string}>}>;
    expect(left!.messages.filter((m) => m.fix)).toEqual([]);
    expect(left!.messages.map((m) => m.ruleId)).not.toContain('table-shape');
    const settled = readFileSync(join(dir, 'spec.md'), 'utf8');
    expect(settled).toContain('| Delivery failure rate per provider | Over 5% for 15 minutes | |');
    const mtime = statSync(join(dir, 'spec.md')).mtimeMs;
    run(['--fix', 'spec.md'], dir);
    expect(readFileSync(join(dir, 'spec.md'), 'utf8')).toBe(settled);
    expect(statSync(join(dir, 'spec.md')).mtimeMs).toBe(mtime);
  });
});
