/**
 * `--cache`: a second run reuses the stored results (shown by the -v line
 * "N files reused, M linted", never by timing) and reports exactly what a
 * run without the cache reports; a changed file (even with its mtime put
 * back), config, custom profile file, `--profile` or speclint version
 * lints again; a corrupt cache is ignored; the file is written atomically
 * and is never linted itself. Runs the built bin (npm run build first).
 */
import {spawnSync} from 'node:child_process';
import {copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {tempDirs} from './helpers.js';
import {codeFiles} from '../src/run/fingerprint.js';

const repo = join(import.meta.dirname, '..');
const bin = join(repo, 'bin', 'speclint.js');
const fixtures = join(repo, 'fixtures', 'service-design');
const tempDir = tempDirs();

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], cwd: string, speclint = bin): Run {
  const r = spawnSync(process.execPath, [speclint, ...args], {cwd, encoding: 'utf8', env: {...process.env, NO_COLOR: '1', FORCE_COLOR: '0'}});
  return {code: r.status, stdout: r.stdout, stderr: r.stderr};
}

/** What the -v line says the cache gave: [reused, linted]. */
function cacheUse(r: Run): [number, number] {
  const m = /^speclint: cache .+: (\d+) files reused, (\d+) linted$/m.exec(r.stderr);
  if (!m) throw new Error(`no cache line in stderr:\n${r.stderr}`);
  return [Number(m[1]), Number(m[2])];
}

/** A project with four service-design specs (two broken) and a note that is no spec. */
function project(): string {
  const dir = tempDir('speclint-cache-');
  mkdirSync(join(dir, 'specs'));
  for (const name of ['ok-payments-service.md', 'ok-failure-table-and-front-matter.md', 'broken-dependency-row.md', 'broken-quality-gate.md']) {
    copyFileSync(join(fixtures, name), join(dir, 'specs', name));
  }
  writeFileSync(join(dir, 'specs', 'notes.md'), '# Meeting notes\n\nNothing to see.\n');
  return dir;
}

/** Run with --cache, and without it: the outputs must match whatever the cache held. */
function cachedRun(dir: string, args: string[]): Run {
  const cached = run(['-v', '--cache', ...args], dir);
  const fresh = run(['-v', ...args], dir);
  expect(cached.stdout).toBe(fresh.stdout);
  expect(cached.code).toBe(fresh.code);
  return cached;
}

// Each test runs speclint several times (each run a second or more on a busy machine).
describe('--cache', {timeout: 180_000}, () => {
  it('a second run reuses every result and reports byte for byte the same, in every format', () => {
    const dir = project();
    const first = cachedRun(dir, ['-f', 'json', 'specs/']);
    expect(cacheUse(first)).toEqual([0, 5]);
    expect(first.code).toBe(1);
    expect(existsSync(join(dir, '.speclintcache'))).toBe(true);
    const second = cachedRun(dir, ['-f', 'json', 'specs/']);
    expect(cacheUse(second)).toEqual([5, 0]);
    expect(second.stdout).toBe(first.stdout);
    // The file that is no spec is remembered as skipped, and still listed as skipped.
    expect(second.stderr).toContain('speclint: skipped specs/notes.md: looks like no spec');
    for (const format of ['stylish', 'sarif', 'junit', 'compact', 'github', 'markdown', 'html']) {
      expect(cacheUse(cachedRun(dir, ['-f', format, 'specs/']))).toEqual([5, 0]);
    }
  });

  it('--quiet and --max-warnings apply after the cache: they reuse it', () => {
    const dir = project();
    cachedRun(dir, ['specs/']);
    const quiet = cachedRun(dir, ['-q', '--max-warnings', '0', '-f', 'json', 'specs/']);
    expect(cacheUse(quiet)).toEqual([5, 0]);
    const results = JSON.parse(quiet.stdout) as Array<{warningCount: number; messages: Array<{severity: number}>}>;
    expect(results.every((r) => r.warningCount === 0 && r.messages.every((m) => m.severity === 2))).toBe(true);
  });

  it('a changed file is linted again, found by its content even when its size and mtime are put back', () => {
    const dir = project();
    const path = join(dir, 'specs', 'ok-payments-service.md');
    // A whole-second mtime: file systems keep sub-millisecond times that utimes cannot put back exactly.
    const stamp = new Date('2026-01-01T00:00:00Z');
    utimesSync(path, stamp, stamp);
    cachedRun(dir, ['-f', 'json', 'specs/']);
    const before = statSync(path);
    const text = readFileSync(path, 'utf8');
    // Same length, same mtime: a required heading misspelt.
    const changed = text.replace('## Overview', '## Oxxxview');
    expect(changed).not.toBe(text);
    expect(changed.length).toBe(text.length);
    writeFileSync(path, changed);
    utimesSync(path, before.atime, before.mtime);
    expect(statSync(path).mtimeMs).toBe(before.mtimeMs);
    const second = cachedRun(dir, ['-f', 'json', 'specs/']);
    expect(cacheUse(second)).toEqual([4, 1]);
    const result = (JSON.parse(second.stdout) as Array<{filePath: string; errorCount: number}>).find((r) => r.filePath.endsWith('ok-payments-service.md'))!;
    expect(result.errorCount).toBeGreaterThan(0);
  });

  it('a changed config lints everything again: a rule turned off, then turned back on', () => {
    const dir = project();
    writeFileSync(join(dir, '.speclintrc.json'), JSON.stringify({rules: {'dependency-table': 'error'}}));
    const first = cachedRun(dir, ['-f', 'json', 'specs/']);
    expect(first.stdout).toContain('"dependency-table"');
    writeFileSync(join(dir, '.speclintrc.json'), JSON.stringify({rules: {'dependency-table': 'off'}}));
    const off = cachedRun(dir, ['-f', 'json', 'specs/']);
    expect(cacheUse(off)).toEqual([0, 5]);
    expect(off.stdout).not.toContain('"dependency-table"');
    writeFileSync(join(dir, '.speclintrc.json'), '{}');
    const removed = cachedRun(dir, ['-f', 'json', 'specs/']);
    expect(cacheUse(removed)).toEqual([0, 5]);
    expect(removed.stdout).toContain('"dependency-table"');
    expect(cacheUse(cachedRun(dir, ['-f', 'json', 'specs/']))).toEqual([5, 0]);
  });

  it('a changed custom profile file lints again', () => {
    const dir = tempDir('speclint-cache-profile-');
    writeFileSync(join(dir, '.speclintrc.yaml'), 'profiles:\n  adr: ./profiles/adr.yaml\n  "adr/**": adr\n');
    mkdirSync(join(dir, 'profiles'));
    mkdirSync(join(dir, 'adr'));
    writeFileSync(join(dir, 'profiles', 'adr.yaml'), 'title: Decision record\nsections:\n  - name: Context\n  - name: Decision\n');
    writeFileSync(join(dir, 'adr', 'queues.md'), '# Use queues\n\n## Context\n\nWe poll every second.\n');
    const first = cachedRun(dir, ['-f', 'json', 'adr/']);
    expect(first.code).toBe(1);
    expect(first.stdout).toContain('"required-sections"');
    writeFileSync(join(dir, 'profiles', 'adr.yaml'), 'title: Decision record\nsections:\n  - name: Context\n');
    const second = cachedRun(dir, ['-f', 'json', 'adr/']);
    expect(cacheUse(second)).toEqual([0, 1]);
    expect(second.code).toBe(0);
    expect(cacheUse(cachedRun(dir, ['-f', 'json', 'adr/']))).toEqual([1, 0]);
  });

  it('--profile is part of the key; a file named explicitly is not the same as one swept in', () => {
    const dir = project();
    cachedRun(dir, ['-f', 'json', 'specs/']);
    const forced = cachedRun(dir, ['-f', 'json', '--profile', 'backend-spec', 'specs/']);
    expect(cacheUse(forced)).toEqual([0, 5]);
    expect(cacheUse(cachedRun(dir, ['-f', 'json', 'specs/']))).toEqual([0, 5]);
    // notes.md swept in is skipped; named, it gets a profile-match warning.
    const named = cachedRun(dir, ['-f', 'json', 'specs/notes.md']);
    expect(cacheUse(named)).toEqual([0, 1]);
    expect(named.stdout).toContain('"profile-match"');
    // One entry per file: swept in again, notes.md is linted again.
    expect(cacheUse(cachedRun(dir, ['-f', 'json', 'specs/']))).toEqual([4, 1]);
  });

  it('another speclint version lints again', () => {
    // A copy of the package with the version bumped, sharing node_modules.
    const copy = tempDir('speclint-cache-version-');
    for (const part of ['bin', 'dist', 'rules']) cpSync(join(repo, part), join(copy, part), {recursive: true});
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {version: string};
    writeFileSync(join(copy, 'package.json'), JSON.stringify({...pkg, version: `${pkg.version}-next`}));
    symlinkSync(join(repo, 'node_modules'), join(copy, 'node_modules'));
    const dir = project();
    expect(cacheUse(run(['-v', '--cache', 'specs/'], dir))).toEqual([0, 5]);
    expect(cacheUse(run(['-v', '--cache', 'specs/'], dir))).toEqual([5, 0]);
    const other = run(['-v', '--cache', 'specs/'], dir, join(copy, 'bin', 'speclint.js'));
    expect(other.stdout).toBe(run(['specs/'], dir).stdout);
    expect(cacheUse(other)).toEqual([0, 5]);
  });

  it('the code fingerprint lists the package\'s modules from its root, not from the folder of fingerprint.ts', () => {
    const root = tempDir('speclint-code-files-');
    for (const file of ['src/engine/lint.ts', 'src/cli/main.ts', 'rules/lib/slo.ts', 'rules/identifiers.ts', 'src/types.d.ts', 'rules/identifiers.md']) {
      mkdirSync(join(root, file, '..'), {recursive: true});
      writeFileSync(join(root, file), '');
    }
    // vitest runs the TypeScript sources: their code is src/ and rules/, declaration files and docs aside.
    expect(codeFiles(root)).toEqual(['rules/identifiers.ts', 'rules/lib/slo.ts', 'src/cli/main.ts', 'src/engine/lint.ts']);
    expect(codeFiles(repo)).toEqual(expect.arrayContaining(['src/run/cache.ts', 'src/run/fingerprint.ts', 'rules/identifiers.ts']));
  });

  it('changed compiled code lints again, wherever under dist/ the module sits', () => {
    // A copy of the built package sharing node_modules; its code is edited in place.
    const copy = tempDir('speclint-cache-code-');
    for (const part of ['bin', 'dist', 'rules']) cpSync(join(repo, part), join(copy, part), {recursive: true});
    copyFileSync(join(repo, 'package.json'), join(copy, 'package.json'));
    symlinkSync(join(repo, 'node_modules'), join(copy, 'node_modules'));
    const speclint = join(copy, 'bin', 'speclint.js');
    const dir = project();
    expect(cacheUse(run(['-v', '--cache', 'specs/'], dir, speclint))).toEqual([0, 5]);
    expect(cacheUse(run(['-v', '--cache', 'specs/'], dir, speclint))).toEqual([5, 0]);
    // A rule module edited after the build.
    writeFileSync(join(copy, 'dist', 'rules', 'identifiers.js'), readFileSync(join(copy, 'dist', 'rules', 'identifiers.js'), 'utf8') + '\n// rebuilt\n');
    expect(cacheUse(run(['-v', '--cache', 'specs/'], dir, speclint))).toEqual([0, 5]);
    expect(cacheUse(run(['-v', '--cache', 'specs/'], dir, speclint))).toEqual([5, 0]);
    // A module in a folder that did not exist before (as after moving files into src/engine/).
    mkdirSync(join(copy, 'dist', 'src', 'moved'));
    writeFileSync(join(copy, 'dist', 'src', 'moved', 'moved.js'), 'export const moved = 1;\n');
    expect(cacheUse(run(['-v', '--cache', 'specs/'], dir, speclint))).toEqual([0, 5]);
  });

  it('a corrupt, truncated or foreign cache file is ignored and rebuilt, never fatal', () => {
    const dir = project();
    const good = cachedRun(dir, ['-f', 'json', 'specs/']);
    const cacheFile = join(dir, '.speclintcache');
    const stored = readFileSync(cacheFile, 'utf8');
    const entries = Object.keys((JSON.parse(stored) as {entries: object}).entries);
    const broken = [
      'not json at all \u0000\u00ff',
      stored.slice(0, stored.length / 2),
      '[]',
      'null',
      JSON.stringify({format: 1, key: 'another key', entries: {}}),
      // The right key, but entries of the wrong shape.
      stored.replace(/"messages":\[/g, '"messages":{"x":['),
    ];
    for (const text of broken) {
      writeFileSync(cacheFile, text);
      const r = cachedRun(dir, ['-f', 'json', 'specs/']);
      expect(r.stdout).toBe(good.stdout);
      expect(r.stderr).not.toContain('warning');
      expect(cacheUse(r)).toEqual([0, 5]);
      // Rebuilt: the next run reuses it.
      expect(Object.keys((JSON.parse(readFileSync(cacheFile, 'utf8')) as {entries: object}).entries)).toEqual(entries);
    }
    // A directory where the cache file should be: the cache goes inside it (like --cache-location DIR).
    const asDir = project();
    mkdirSync(join(asDir, 'cache'));
    expect(cacheUse(run(['-v', '--cache', '--cache-location', 'cache', 'specs/'], asDir))).toEqual([0, 5]);
    expect(existsSync(join(asDir, 'cache', '.speclintcache'))).toBe(true);
  });

  it('--cache-location: a file, or a directory (existing, or ending in a slash) holding .speclintcache', () => {
    const dir = project();
    const file = run(['-v', '--cache', '--cache-location', 'build/lint.cache', 'specs/'], dir);
    // A missing directory is not created: the run warns and goes on.
    expect(file.stderr).toMatch(/^speclint: warning: cannot write the cache file .+build\/lint\.cache \(ENOENT\); results were not cached$/m);
    expect(file.code).toBe(1);
    mkdirSync(join(dir, 'build'));
    expect(cacheUse(run(['-v', '--cache', '--cache-location', 'build/lint.cache', 'specs/'], dir))).toEqual([0, 5]);
    expect(cacheUse(run(['-v', '--cache', '--cache-location', 'build/lint.cache', 'specs/'], dir))).toEqual([5, 0]);
    expect(existsSync(join(dir, 'build', 'lint.cache'))).toBe(true);
    expect(cacheUse(run(['-v', '--cache', '--cache-location', 'build/', 'specs/'], dir))).toEqual([0, 5]);
    expect(existsSync(join(dir, 'build', '.speclintcache'))).toBe(true);
    expect(existsSync(join(dir, '.speclintcache'))).toBe(false);
    // Without --cache, --cache-location does nothing.
    expect(run(['-v', '--cache-location', 'other', 'specs/'], dir).stderr).not.toContain('speclint: cache');
    expect(existsSync(join(dir, 'other'))).toBe(false);
  });

  it('is written atomically: a new file renamed into place, no temporary file left, not rewritten when nothing changed', () => {
    const dir = project();
    const cacheFile = join(dir, '.speclintcache');
    run(['--cache', 'specs/'], dir);
    const first = statSync(cacheFile);
    run(['--cache', 'specs/'], dir);
    // Nothing changed: the same file, untouched.
    expect(statSync(cacheFile).ino).toBe(first.ino);
    expect(statSync(cacheFile).mtimeMs).toBe(first.mtimeMs);
    writeFileSync(join(dir, 'specs', 'new.md'), readFileSync(join(fixtures, 'broken-dependency-row.md')));
    expect(cacheUse(run(['-v', '--cache', 'specs/'], dir))).toEqual([5, 1]);
    // Renamed over the old file (a new inode), not written in place: a reader never sees half a file.
    expect(statSync(cacheFile).ino).not.toBe(first.ino);
    expect(readdirSync(dir).sort()).toEqual(['.speclintcache', 'specs']);
    expect(Object.keys((JSON.parse(readFileSync(cacheFile, 'utf8')) as {entries: object}).entries)).toHaveLength(6);
  });

  it('keeps the entries of files not linted this time, and drops those of deleted files', () => {
    const dir = project();
    run(['--cache', 'specs/'], dir);
    expect(cacheUse(run(['-v', '--cache', 'specs/broken-quality-gate.md'], dir))).toEqual([0, 1]);
    expect(cacheUse(run(['-v', '--cache', 'specs/'], dir))).toEqual([4, 1]);
    rmSync(join(dir, 'specs', 'ok-payments-service.md'));
    run(['--cache', 'specs/broken-quality-gate.md'], dir);
    const entries = Object.keys((JSON.parse(readFileSync(join(dir, '.speclintcache'), 'utf8')) as {entries: object}).entries);
    expect(entries.some((p) => p.endsWith('ok-payments-service.md'))).toBe(false);
    expect(entries).toHaveLength(4);
  });

  it('the cache file is never linted, even when it is a .md file in the linted directory', () => {
    const dir = project();
    const first = run(['-v', '--cache', '--cache-location', 'specs/cache.md', '-f', 'json', 'specs/'], dir);
    expect(cacheUse(first)).toEqual([0, 5]);
    expect(existsSync(join(dir, 'specs', 'cache.md'))).toBe(true);
    const second = run(['-v', '--cache', '--cache-location', 'specs/cache.md', '-f', 'json', 'specs/'], dir);
    expect(cacheUse(second)).toEqual([5, 0]);
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).not.toMatch(/(skipped|error:) specs\/cache\.md/);
    expect(second.stdout).not.toContain('cache.md');
  });

  it('files that cannot be linted are not cached: a binary file is exit 2 every time', () => {
    const dir = project();
    writeFileSync(join(dir, 'specs', 'image.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]));
    for (let i = 0; i < 2; i++) {
      const r = run(['-v', '--cache', 'specs/'], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('speclint: error: specs/image.md: binary file (contains NUL bytes), not Markdown\n');
      expect(cacheUse(r)).toEqual(i === 0 ? [0, 5] : [5, 0]);
    }
  });

  it('works with the worker pool: the same results, only the changed files linted', () => {
    const dir = project();
    const cold = run(['-v', '--cache', '--jobs', '2', '-f', 'json', 'specs/'], dir);
    expect(cold.stderr).toContain('speclint: linted with 2 worker threads');
    expect(cacheUse(cold)).toEqual([0, 5]);
    const serial = run(['--jobs', '1', '-f', 'json', 'specs/'], dir);
    expect(cold.stdout).toBe(serial.stdout);
    const path = join(dir, 'specs', 'broken-quality-gate.md');
    writeFileSync(path, readFileSync(path, 'utf8') + '\nOne more line.\n');
    const warm = run(['-v', '--cache', '--jobs', '2', '-f', 'json', 'specs/'], dir);
    expect(cacheUse(warm)).toEqual([4, 1]);
    expect(warm.stdout).toBe(run(['--jobs', '1', '-f', 'json', 'specs/'], dir).stdout);
    // All from the cache: nothing left for a pool.
    const all = run(['-v', '--cache', '--jobs', '2', '-f', 'json', 'specs/'], dir);
    expect(cacheUse(all)).toEqual([5, 0]);
    expect(all.stderr).toContain('speclint: linted in-process');
  });
});
