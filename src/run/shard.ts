/**
 * Sharding a run across a CI matrix, and merging the shards' records.
 *
 * `--shard I/N` lints the I-th of N parts of the files the run would lint.
 * The split depends only on the set of files and their sizes, never on the
 * order they were found in: files are dealt largest first (ties by path) to
 * the shard with the fewest bytes so far (ties to the lowest number), so
 * every file is in exactly one shard and the shards hold about the same
 * number of bytes (lint time follows bytes).
 *
 * `-f record` writes what a report needs of a run, losslessly (results with
 * the rules that ran, skipped and ignored files, problems), and
 * `speclint merge-reports` reads the N records back into one run, in the
 * unsharded run's order, for any format: the merged report is byte for
 * byte the report of one run over all the files.
 */
import {readFileSync} from 'node:fs';
import {resolve} from 'node:path';
import type {FileResult} from '../engine/lint.js';
import type {FileProblem, RunResult, Shard} from './types.js';
import {UsageError} from '../lib/errors.js';
import {compareIds} from '../lib/text.js';

export type {Shard} from './types.js';

/** `I/N` with 1 <= I <= N; null when it is not that. */
export function parseShard(value: string): Shard | null {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  if (!m) return null;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (!Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) return null;
  return {index, count};
}

/** The shard (1-based) of each path: largest first to the lightest shard. */
export function assignShards(files: Array<{path: string; size: number}>, count: number): Map<string, number> {
  const order = [...files].sort((a, b) => b.size - a.size || compareIds(a.path, b.path));
  const load = new Array<number>(count).fill(0);
  const shardOf = new Map<string, number>();
  for (const file of order) {
    let lightest = 0;
    for (let s = 1; s < count; s++) if (load[s]! < load[lightest]!) lightest = s;
    load[lightest]! += file.size;
    shardOf.set(file.path, lightest + 1);
  }
  return shardOf;
}

const RECORD_KIND = 'speclint-run-record';
const RECORD_VERSION = 1;

interface RunRecord {
  kind: typeof RECORD_KIND;
  version: number;
  speclint: string;
  shard: Shard | null;
  /** The working directory display paths are relative to. */
  cwd: string;
  results: FileResult[];
  skipped: RunResult['skipped'];
  ignored: string[];
  /** Problems with names and patterns: the same in every shard (every shard discovers all files). */
  nameProblems: FileProblem[];
  /** Problems with files of this shard. */
  fileProblems: FileProblem[];
}

/** What a record holds of a run. */
export type RecordedRun = Pick<RunResult, 'results' | 'skipped' | 'ignored' | 'problems' | 'nameProblems' | 'shard'>;

/** The `record` format: a run, losslessly, for merge-reports. */
export function formatRecord(run: RecordedRun, cwd: string, version: string): string {
  const record: RunRecord = {
    kind: RECORD_KIND,
    version: RECORD_VERSION,
    speclint: version,
    shard: run.shard ?? null,
    cwd,
    results: run.results,
    skipped: run.skipped,
    ignored: run.ignored,
    nameProblems: run.problems.slice(0, run.nameProblems),
    fileProblems: run.problems.slice(run.nameProblems),
  };
  return `${JSON.stringify(record)}\n`;
}

function readRecord(path: string, cwd: string): RunRecord {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(resolve(cwd, path), 'utf8'));
  } catch (error) {
    const why = error instanceof SyntaxError ? 'not JSON' : ((error as NodeJS.ErrnoException).code ?? String(error));
    throw new UsageError(`merge-reports: cannot read ${path}: ${why}`);
  }
  const r = data as Partial<RunRecord> | null;
  if (!r || r.kind !== RECORD_KIND || !Array.isArray(r.results) || !Array.isArray(r.skipped) || !Array.isArray(r.ignored)) {
    throw new UsageError(`merge-reports: ${path} is not a speclint run record (write one with -f record -o FILE)`);
  }
  if (r.version !== RECORD_VERSION) throw new UsageError(`merge-reports: ${path} is a record of version ${String(r.version)}; this speclint reads version ${RECORD_VERSION}`);
  return r as RunRecord;
}

/** Code-unit order of a key, as discovery sorts files (files.ts). */
const byPath =
  <T>(key: (item: T) => string) =>
  (a: T, b: T) =>
    compareIds(key(a), key(b));

/**
 * One run from the records of its shards (or of any runs over disjoint
 * files). Sharded records must be all N shards of one split, each once, and
 * from the same working directory.
 */
export function mergeRecords(paths: string[], cwd: string, version: string): RecordedRun {
  if (paths.length === 0) throw new UsageError('merge-reports: name the run records to merge (written with -f record -o FILE)');
  const records = paths.map((p) => readRecord(p, cwd));
  const first = records[0]!;
  for (const [i, r] of records.entries()) {
    if (r.cwd !== first.cwd) throw new UsageError(`merge-reports: ${paths[i]} was written in ${r.cwd}, ${paths[0]} in ${first.cwd}; merge records of one checkout`);
    if (r.speclint !== version) throw new UsageError(`merge-reports: ${paths[i]} was written by speclint ${r.speclint}, this is ${version}`);
  }
  const sharded = records.filter((r) => r.shard);
  if (sharded.length) {
    const count = sharded[0]!.shard!.count;
    const seen = new Set<number>();
    for (const [i, r] of records.entries()) {
      if (!r.shard || r.shard.count !== count) throw new UsageError(`merge-reports: ${paths[i]} is not a shard of ${count} like ${paths[0]}`);
      if (seen.has(r.shard.index)) throw new UsageError(`merge-reports: shard ${r.shard.index}/${count} is given twice`);
      seen.add(r.shard.index);
    }
    const missing = Array.from({length: count}, (_, i) => i + 1).filter((i) => !seen.has(i));
    if (missing.length) throw new UsageError(`merge-reports: shard ${missing.map((i) => `${i}/${count}`).join(', ')} missing`);
  }
  // The unsharded run lists files in the order of their absolute paths.
  const absolute = (display: string) => resolve(first.cwd, display);
  const results = records.flatMap((r) => r.results).sort(byPath((x) => absolute(x.filePath)));
  const skipped = records.flatMap((r) => r.skipped).sort(byPath((x) => absolute(x.path)));
  const fileProblems = records.flatMap((r) => r.fileProblems).sort(byPath((x) => absolute(x.path)));
  // Every shard found the same names, ignored files and name problems; unsharded records add theirs.
  const nameProblems = sharded.length ? first.nameProblems : records.flatMap((r) => r.nameProblems);
  const ignored = sharded.length ? first.ignored : [...new Set(records.flatMap((r) => r.ignored))].sort();
  return {results, skipped, ignored, problems: [...nameProblems, ...fileProblems], nameProblems: nameProblems.length};
}
