/**
 * The shapes a run passes around: its options, its result, what becomes of
 * each file, and what a pool worker is given. In a module of their own so
 * that the runner, the pool, shards and --fix share them without importing
 * one another.
 */
import type {ResolvedConfig} from '../config/load.js';
import type {FileResult} from '../engine/lint.js';
import type {Confinement} from '../lib/confine.js';
import type {RuleSetting} from '../profiles/types.js';
import type {SpecFacts} from '../system/model.js';

/** `--shard I/N`: part I (1-based) of N. */
export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export interface RunOptions {
  cwd: string;
  patterns: string[];
  configPath?: string;
  profile?: string;
  errorOnUnmatchedPattern?: boolean;
  /** Compute `--fix` repairs (returned in `fixed`; nothing is written) and report the findings left after them. */
  fix?: boolean;
  /**
   * Worker threads to lint with: 1 (the default) lints in-process; `auto`
   * uses a pool of `os.availableParallelism()` workers when there are at
   * least `AUTO_POOL_MIN_CPUS` and the files to lint hold at least
   * `AUTO_POOL_MIN_BYTES`, else lints in-process.
   */
  jobs?: number | 'auto';
  /** `--shard I/N`: lint only this part of the files (see shard.ts). */
  shard?: Shard;
  /** Reuse and store results in this cache file (absolute path; see cache.ts). */
  cacheLocation?: string;
  /** Called after each file with the number done and the total (for a progress line). */
  onProgress?: (done: number, total: number) => void;
  /**
   * Read nothing outside this directory (see confine.ts): config, profile
   * files and the files to lint; a file or pattern outside it is a problem.
   */
  confine?: Confinement;
  /** `--max-file-time`: the per-file time budget in ms, over the config's `maxFileTime`. */
  maxFileTime?: number;
  /** `--stdin`: lint this text instead of files, as `filename` (relative to cwd; none: `<stdin>`, detection decides). */
  stdin?: {text: string; filename?: string};
  /** `--ignore-pattern`: globs relative to cwd never linted. */
  ignorePatterns?: string[];
  /** `--no-ignore`: false to obey neither config `ignores`, `--ignore-pattern` nor .gitignore files. */
  ignore?: boolean;
  /** `--rule`: rule settings over the config's. */
  rules?: Record<string, RuleSetting>;
  /** `--no-config-lookup`: false to use no config file. */
  configLookup?: boolean;
  /** `--no-inline-config`: false to ignore lint comments. */
  inlineConfig?: boolean;
  /** `--report-unused-disable-directives`. */
  reportUnusedDisableDirectives?: boolean;
  /** Read each spec's facts for the checks across specs (RunResult `facts`) even when no system-* rule is on (`speclint graph`). */
  systemFacts?: boolean;
}

/** A file `--fix` changes: its text before and after (without the BOM; `bom` says whether the file has one). */
export interface FixedFile {
  /** Absolute path. */
  path: string;
  /** Path as reported. */
  display: string;
  bom: boolean;
  original: string;
  output: string;
  /** The findings before fixing (reported instead when the fixed file cannot be written). */
  before: FileResult;
  /** The file as it was read (size, mtime, SHA-256 of its bytes): `--fix` writes only if it is still so. */
  read: ReadSignature;
}

/** What identifies the content of a file as read, to tell whether it changed since. */
export interface ReadSignature {
  size: number;
  mtimeMs: number;
  hash: string;
}

export interface FileProblem {
  path: string;
  /** One line: what is wrong with the input. */
  reason: string;
  /** A file found that could not be linted (unreadable, binary, too large...), not a name or pattern that found nothing. */
  file?: boolean;
}

export interface RunResult {
  results: FileResult[];
  /** Files swept in that look like no spec. */
  skipped: Array<{path: string; reason: string}>;
  /** Files left out by config `ignores`. */
  ignored: string[];
  /**
   * Names and files that could not be linted, in this order: names given
   * (missing, a symlink loop, a pattern or directory that matches nothing)
   * and directories that cannot be read, then files (unreadable, no regular
   * file, binary, not UTF-8, too large). Exit 2.
   */
  problems: FileProblem[];
  /** How many of `problems`, first, are about names and patterns rather than files. */
  nameProblems: number;
  /** With `--shard`: which part of the files this run linted. */
  shard?: Shard;
  config: ResolvedConfig;
  /** With `fix`: the files whose text the fixes change. */
  fixed: FixedFile[];
  /** How the run went: worker threads used (1: in-process), and with a cache, what it gave. */
  stats: RunStats;
  /** When a system-* rule is on (or `systemFacts` asked): the facts of each spec that has them, in the order of `results`. */
  facts?: SpecFacts[];
}

export interface RunStats {
  jobs: number;
  cache?: {
    location: string;
    /** Files whose results came from the cache. */
    reused: number;
    /** Files linted (not in the cache, or changed). */
    linted: number;
    /** Why the cache file could not be written (an errno code), when it could not. */
    writeError?: string;
  };
}

/** What became of one file: its result, a skip (it looks like no spec), or a problem that kept it from being linted. */
export type FileOutcome =
  | {kind: 'result'; result: FileResult; fixed?: FixedFile; hash?: string; facts?: SpecFacts}
  | {kind: 'skipped'; reason: string; hash?: string}
  | {kind: 'problem'; reason: string};

/** What a pool worker is given to lint files like the main thread: plain data (it loads the config itself). */
export interface WorkerSetup {
  cwd: string;
  /** The config file the main thread resolved (absolute), or undefined for none. */
  configPath?: string;
  profile?: string;
  fix?: boolean;
  /** Return each file's content hash (for the cache). */
  hash?: boolean;
  /** `--max-file-time`, when given (over the config's). */
  maxFileTime?: number;
  /** How the main thread loaded the config: `--rule` settings, `--no-config-lookup`, a `--profile` file. */
  rules?: Record<string, RuleSetting>;
  useConfigFile?: boolean;
  profileFile?: string;
  inlineConfig?: boolean;
  reportUnusedDisableDirectives?: boolean;
  /** Read each spec's facts for the checks across specs (a system-* rule is on): they come back in the outcome. */
  systemFacts?: boolean;
}

/** Everything linting one file needs besides the file. */
export interface FileContext extends Omit<WorkerSetup, 'configPath'> {
  config: ResolvedConfig;
}
