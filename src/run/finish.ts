/**
 * What happens to a run once its files are linted (or merged from shard
 * records): fixes written, every report made, the lines on stderr and the
 * exit code. The CLI's lint command and merge-reports call `finishRun`; the
 * GitHub Action, which reports through annotations and a job summary
 * instead, shares the exit rules (`failures`).
 */
import {mkdirSync} from 'node:fs';
import {dirname, resolve, sep} from 'node:path';
import {UsageError} from '../lib/errors.js';
import {packageVersion} from '../lib/paths.js';
import {errorCode, FileRefused, readTextFile, writeFileAtomic} from '../lib/safe-io.js';
import {logSafe} from '../lib/text.js';
import {makeChalk} from '../report/color.js';
import type {Reporter, ReportTarget} from '../report/types.js';
import type {FileResult} from '../engine/lint.js';
import type {FixedFile, RunResult} from './types.js';

/** Where a finished run is written. */
export interface FinishIO {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is a colour terminal (chalk's own detection when undefined). */
  color?: boolean;
}

export interface FinishOptions {
  fix?: boolean;
  fixDryRun?: boolean;
  verbose?: boolean;
  quiet?: boolean;
  maxWarnings?: number;
  color?: boolean;
}

/** What fails a run: errors (fail-on: error, the CLI's rule), any finding (fail-on: warning), or more warnings than allowed. */
export type FailOn = 'error' | 'warning' | 'never';
export type Failure = {kind: 'errors'; errors: number} | {kind: 'findings'; errors: number; warnings: number} | {kind: 'max-warnings'; warnings: number; maxWarnings: number};

/** The exit rules, one place for the CLI and the Action: each reason the run fails, none when it passes. */
export function failures(results: readonly FileResult[], rules: {failOn: FailOn; maxWarnings?: number}): Failure[] {
  const errors = results.reduce((n, r) => n + r.errorCount, 0);
  const warnings = results.reduce((n, r) => n + r.warningCount, 0);
  const out: Failure[] = [];
  if (rules.failOn === 'error' && errors > 0) out.push({kind: 'errors', errors});
  if (rules.failOn === 'warning' && errors + warnings > 0) out.push({kind: 'findings', errors, warnings});
  if (rules.failOn !== 'never' && rules.maxWarnings !== undefined && warnings > rules.maxWarnings) out.push({kind: 'max-warnings', warnings, maxWarnings: rules.maxWarnings});
  return out;
}

/** What the CLI does with a run, linted or merged from records: fixes written, reports, stderr lines, the exit code. */
export async function finishRun(
  run: Pick<RunResult, 'results' | 'skipped' | 'ignored' | 'problems' | 'nameProblems' | 'shard' | 'fixed' | 'stats'> & Partial<Pick<RunResult, 'facts'>>,
  options: FinishOptions,
  targets: ReportTarget[],
  io: FinishIO,
  reporters: Map<string, Reporter>,
  stdinText?: string,
): Promise<number> {
  const fixStdin = Boolean(options.fix && stdinText !== undefined);
  if (fixStdin) {
    // --fix --stdin: the fixed text (or the text unchanged) is stdout; reports go only to --output-file.
    const fixed = run.fixed[0];
    io.stdout(fixed ? fixed.output : stdinText!);
  }
  const unwritten = options.fix && !fixStdin ? await writeFixes(run.fixed, io, Boolean(options.verbose)) : [];
  if (options.fixDryRun) await printFixDiffs(run.fixed, io);
  // A file --fix could not write keeps its findings from before fixing.
  let results = run.results.map((r) => unwritten.find((f) => f.file.display === r.filePath)?.file.before ?? r);
  if (options.quiet) {
    results = results.map((r) => ({...r, messages: r.messages.filter((m) => m.severity === 2), warningCount: 0, fixableWarningCount: 0}));
  }
  const summary = {
    filesLinted: results.length,
    skipped: run.skipped.length,
    ignored: run.ignored.length,
    unreadable: run.problems.length,
  };
  const catalogue = (await import('../engine/registry.js')).ruleCatalogue();
  const fileProblems = run.problems.filter((p) => p.file);
  const sourceOf = sourceReader(io.cwd, stdinText, run.fixed, unwritten.map((u) => u.file.display));
  for (const target of targets) {
    const reporter = reporters.get(target.format)!;
    const chalk = target.outputFile ? makeChalk(false, undefined) : makeChalk(options.color, io.color);
    const report = await reporter(results, {cwd: io.cwd, chalk, summary, rules: catalogue, version: packageVersion(), problems: fileProblems, sourceOf, run});
    if (target.outputFile) {
      const path = resolve(io.cwd, target.outputFile);
      try {
        // As ESLint does, a missing folder for the report is made.
        mkdirSync(dirname(path), {recursive: true});
        writeFileAtomic(path, report);
      } catch (error) {
        throw new UsageError(`cannot write ${target.outputFile}: ${error instanceof FileRefused ? error.message : errorCode(error)}`);
      }
    } else if (report && !options.fixDryRun && !fixStdin) {
      // With --fix-dry-run, stdout carries the diff.
      io.stdout(report);
    }
  }
  if (options.verbose) {
    for (const s of run.skipped) io.stderr(`speclint: skipped ${logSafe(s.path)}: ${logSafe(s.reason)}\n`);
    for (const p of run.ignored) io.stderr(`speclint: ignored ${logSafe(p)} (config "ignores")\n`);
    const {jobs, cache} = run.stats;
    io.stderr(`speclint: linted ${jobs > 1 ? `with ${jobs} worker threads` : 'in-process'}\n`);
    if (cache) io.stderr(`speclint: cache ${cache.location}: ${cache.reused} files reused, ${cache.linted} linted\n`);
  }
  if (run.stats.cache?.writeError) {
    io.stderr(`speclint: warning: cannot write the cache file ${run.stats.cache.location} (${run.stats.cache.writeError}); results were not cached\n`);
  }
  for (const problem of [...run.problems, ...unwritten]) io.stderr(`speclint: error: ${logSafe(problem.path)}: ${logSafe(problem.reason)}\n`);
  if (run.problems.length || unwritten.length) return 2;

  const failed = failures(results, {failOn: 'error', maxWarnings: options.maxWarnings});
  for (const failure of failed) {
    if (failure.kind === 'max-warnings') io.stderr(`speclint: ${failure.warnings} warnings, more than --max-warnings ${failure.maxWarnings}\n`);
  }
  return failed.length ? 1 : 0;
}

/**
 * The text each result was linted from, for reports that carry it: stdin's
 * text; with --fix the fixed text (the findings are those left after
 * fixing), unless it could not be written; else the file as it is now.
 */
function sourceReader(cwd: string, stdinText: string | undefined, fixed: FixedFile[], unwritten: string[]): (filePath: string) => string | undefined {
  const cache = new Map<string, string | undefined>();
  return (filePath) => {
    if (cache.has(filePath)) return cache.get(filePath);
    let text: string | undefined;
    const fix = fixed.find((f) => f.display === filePath);
    if (stdinText !== undefined) text = fix ? fix.output : stdinText;
    else if (fix) text = unwritten.includes(filePath) ? fix.original : fix.output;
    else {
      const read = readTextFile(resolve(cwd, filePath), Number.MAX_SAFE_INTEGER);
      text = 'reason' in read ? undefined : read.text;
    }
    cache.set(filePath, text);
    return text;
  };
}

/** --fix: write each fixed file atomically; a file that cannot be written is a problem (exit 2). */
async function writeFixes(fixed: FixedFile[], io: FinishIO, verbose: boolean): Promise<Array<{path: string; reason: string; file: FixedFile}>> {
  const {writeFixedFile} = await import('../fix/apply.js');
  const problems: Array<{path: string; reason: string; file: FixedFile}> = [];
  // For tests only: a shell command run before the fixes are written, to edit a file "while speclint runs".
  const hook = process.env['SPECLINT_TEST_BEFORE_FIX_WRITE'];
  if (hook && fixed.length) (await import('node:child_process')).execSync(hook, {cwd: io.cwd, stdio: 'ignore'});
  for (const file of fixed) {
    try {
      writeFixedFile(file);
      if (verbose) io.stderr(`speclint: fixed ${file.display}\n`);
    } catch (error) {
      problems.push({path: file.display, reason: error instanceof FileRefused ? error.message : `cannot write the fixed file (${errorCode(error)})`, file});
    }
  }
  return problems;
}

/** --fix-dry-run: the changes --fix would make, as a unified diff (a/ and b/ paths, like git). */
async function printFixDiffs(fixed: FixedFile[], io: FinishIO): Promise<void> {
  const {createTwoFilesPatch} = await import('diff');
  for (const file of fixed) {
    const path = file.display.split(sep).join('/');
    const patch = createTwoFilesPatch(`a/${path}`, `b/${path}`, file.original, file.output, undefined, undefined, {context: 3});
    io.stdout(patch.replace(/^=+\n/, ''));
  }
}
