/**
 * `--shard I/N` and `speclint merge-reports` (issue 15): the split puts
 * every file in exactly one shard whatever the discovery order, balanced by
 * bytes; four shards merged give byte for byte the reports, stderr and exit
 * code of one run, over the fixtures and over a generated corpus.
 */
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
// @ts-expect-error: a plain ESM script of the benchmark, no types.
import {generateCorpus} from '../scripts/bench/corpus.mjs';
import {assignShards, parseShard} from '../src/run/shard.js';

const repo = join(import.meta.dirname, '..');
const bin = join(repo, 'bin', 'speclint.js');
const work = mkdtempSync(join(tmpdir(), 'speclint-shard-'));
afterAll(() => rmSync(work, {recursive: true, force: true}));

function run(args: string[], cwd = repo) {
  const r = spawnSync(process.execPath, [bin, ...args], {cwd, encoding: 'utf8', env: {...process.env, NO_COLOR: '1', FORCE_COLOR: '0'}});
  return {code: r.status, stdout: r.stdout, stderr: r.stderr};
}

/** A seeded shuffle, so the test is the same every run. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('the split', () => {
  const files = Array.from({length: 200}, (_, i) => ({path: `/specs/${String(i).padStart(3, '0')}.md`, size: 3000 + ((i * 7919) % 37000)}));

  it('puts every file in exactly one shard, the same whatever the order', () => {
    const a = assignShards(files, 4);
    const b = assignShards(shuffled(files, 7), 4);
    expect(a.size).toBe(files.length);
    expect([...a.entries()].sort()).toEqual([...b.entries()].sort());
    expect(new Set(a.values())).toEqual(new Set([1, 2, 3, 4]));
  });

  it('balances bytes: shards differ by at most the largest file', () => {
    const shardOf = assignShards(files, 4);
    const load = [0, 0, 0, 0];
    for (const f of files) load[shardOf.get(f.path)! - 1]! += f.size;
    const largest = Math.max(...files.map((f) => f.size));
    expect(Math.max(...load) - Math.min(...load)).toBeLessThanOrEqual(largest);
  });

  it('reads I/N', () => {
    expect(parseShard('2/4')).toEqual({index: 2, count: 4});
    expect(parseShard('1/1')).toEqual({index: 1, count: 1});
    for (const bad of ['0/4', '5/4', '2', 'a/b', '1/0', '-1/2']) expect(parseShard(bad), bad).toBeNull();
  });
});

const FORMATS = ['json', 'sarif', 'stylish', 'compact', 'junit', 'markdown', 'html'];
const formatArgs = (tag: string) => FORMATS.flatMap((f) => ['-f', f, '-o', join(work, `${tag}.${f}`)]);

/** One run, then four shards merged: every report, stdout (github), stderr and the exit code compared. */
function compareShardedRun(tag: string, patterns: string[], cwd = repo): void {
  const whole = run(['--jobs', '1', ...formatArgs(`${tag}-whole`), '-f', 'github', ...patterns], cwd);
  const records: string[] = [];
  for (let i = 1; i <= 4; i++) {
    const record = join(work, `${tag}-shard-${i}.json`);
    run(['--jobs', '1', '--shard', `${i}/4`, '-f', 'record', '-o', record, ...patterns], cwd);
    records.push(record);
  }
  const counts = records.map((r) => (JSON.parse(readFileSync(r, 'utf8')) as {results: unknown[]}).results.length);
  // Every shard has work, and together they hold every linted file once.
  expect(counts.every((n) => n > 0)).toBe(true);
  const merged = run(['merge-reports', ...shuffled(records, 3), ...formatArgs(`${tag}-merged`), '-f', 'github'], cwd);
  for (const f of FORMATS) {
    expect(readFileSync(join(work, `${tag}-merged.${f}`), 'utf8'), f).toBe(readFileSync(join(work, `${tag}-whole.${f}`), 'utf8'));
  }
  expect(merged.stdout).toBe(whole.stdout);
  expect(merged.stderr).toBe(whole.stderr);
  expect(merged.code).toBe(whole.code);
}

describe('--shard and merge-reports through the CLI', () => {
  it('4 shards over fixtures/ and examples/ (a missing name too) merge into the one-run reports', () => {
    compareShardedRun('fixtures', ['fixtures', 'examples', 'no-such-spec.md']);
    const whole = JSON.parse(readFileSync(join(work, 'fixtures-whole.json'), 'utf8')) as unknown[];
    expect(whole.length).toBeGreaterThan(40);
  }, 240_000);

  it('4 shards over a generated corpus of 60 specs merge into the one-run reports', () => {
    const corpus = join(work, 'corpus');
    generateCorpus({fixturesDir: join(repo, 'fixtures'), dir: corpus, count: 60, seed: 15});
    compareShardedRun('corpus', ['.'], corpus);
  }, 240_000);

  it('refuses a bad --shard, a missing or repeated shard, and a file that is no record, with one line and exit 2', () => {
    const bad = run(['--shard', '5/4', 'fixtures']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^speclint: .*--shard.*expected I\/N with 1 <= I <= N/);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);

    const records = [1, 2].map((i) => {
      const path = join(work, `partial-${i}.json`);
      run(['--shard', `${i}/3`, '-f', 'record', '-o', path, 'fixtures/service-design']);
      return path;
    });
    const missing = run(['merge-reports', ...records]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('speclint: error: merge-reports: shard 3/3 missing\n');
    const twice = run(['merge-reports', records[0]!, records[0]!]);
    expect(twice.stderr).toBe('speclint: error: merge-reports: shard 1/3 is given twice\n');
    const eslintJson = join(work, 'eslint.json');
    writeFileSync(eslintJson, '[]\n');
    const notRecord = run(['merge-reports', eslintJson]);
    expect(notRecord.code).toBe(2);
    expect(notRecord.stderr).toMatch(/^speclint: error: merge-reports: .*eslint\.json is not a speclint run record \(write one with -f record -o FILE\)\n$/);
    const none = run(['merge-reports', join(work, 'nope.json')]);
    expect(none.stderr).toMatch(/^speclint: error: merge-reports: cannot read .*nope\.json: ENOENT\n$/);
  });
});
