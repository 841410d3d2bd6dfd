/**
 * What every report format receives: the types the formats and the code
 * that calls them share, in a module of their own so that no format
 * imports the loader (src/report/index.ts) that imports it.
 */
import type {ChalkInstance} from 'chalk';
import type {FileResult} from '../engine/lint.js';
import type {RuleInfo} from '../engine/registry.js';
import type {RecordedRun} from '../run/shard.js';
import type {ResolvedConfig} from '../config/load.js';
import type {SpecFacts} from '../system/model.js';

/** One report to make: a format, written to a file or (outputFile undefined) to stdout. */
export interface ReportTarget {
  format: string;
  /** File to write, or undefined for stdout. */
  outputFile?: string;
}

/** The one-line totals under a report. */
export interface Summary {
  filesLinted: number;
  skipped: number;
  ignored: number;
  /** Files that could not be linted (their errors go to stderr). */
  unreadable?: number;
}

export type {RuleInfo};

export interface ReportContext {
  /** Directory file paths in results are relative to. */
  cwd: string;
  chalk: ChalkInstance;
  summary: Summary;
  /** Every rule (and engine finding id) speclint knows, for formats that describe rules. */
  rules: RuleInfo[];
  version: string;
  /**
   * The run being reported (the record format writes its results and files); a lint run's carries its config and, with
   * a system rule on, the facts its lint read of each spec (the HTML report's graph is drawn from them).
   */
  run?: RecordedRun & {config?: Pick<ResolvedConfig, 'profiles'>; facts?: readonly SpecFacts[]};
  /** Files that could not be linted (path as reported, one-line reason): ESLint-shaped formats report each as a fatal message. */
  problems?: Array<{path: string; reason: string}>;
  /** The text a result's file held when linted (without a BOM), for formats that carry it (ESLint's `source`). */
  sourceOf?: (filePath: string) => string | undefined;
}

export type Reporter = (results: FileResult[], context: ReportContext) => string | Promise<string>;

