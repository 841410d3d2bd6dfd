/**
 * `speclint [options] [patterns...]`: the lint run, and the two options that
 * describe it instead (--print-config, --explain).
 */
import {resolve} from 'node:path';
import {Command, Option} from '../lib/vendor.js';
import {UsageError} from '../lib/errors.js';
import {loadReporter, type Reporter} from '../report/index.js';
import type {ReportTarget} from '../report/types.js';
import {finishRun} from '../run/finish.js';
import type {Shard} from '../run/shard.js';
import type {CliIO} from './io.js';
import {addReportOptions, checkWritable, collect, parseJobs, parseMilliseconds, parseRuleFlags, parseShardOption, type ReportOptions} from './options.js';

export interface LintOptions extends ReportOptions {
  shard?: Shard;
  stdin?: boolean;
  stdinFilename?: string;
  ignorePattern?: string[];
  ignore: boolean;
  rule?: string[];
  configLookup: boolean;
  inlineConfig: boolean;
  reportUnusedDisableDirectives?: boolean;
  profile?: string;
  config?: string;
  errorOnUnmatchedPattern: boolean;
  printConfig?: string;
  explain?: boolean;
  verbose?: boolean;
  fix?: boolean;
  fixDryRun?: boolean;
  jobs: number | 'auto';
  cache?: boolean;
  cacheLocation?: string;
  confine?: string;
  maxFileTime?: number;
}

/** The lint run's options on the program; the returned function gives its report targets once parsed. */
export function addLintOptions(program: Command): () => ReportTarget[] {
  program
    .argument('[patterns...]', 'files, directories or globs (default: config "files", else **/*.md)')
    .addOption(new Option('-p, --profile <name>', 'use this profile for every file: a name (see "speclint profiles") or a profile file (./my-profile.yaml)'))
    .addOption(new Option('-c, --config <path>', 'config file (default: nearest .speclintrc.* or package.json "speclint")'))
    .addOption(new Option('--no-config-lookup', 'use no config file').conflicts('config'))
    .addOption(new Option('--stdin', 'lint the text on stdin (also: "speclint -")'))
    .addOption(new Option('--stdin-filename <path>', 'with --stdin: the file name the text has, for config "profiles", "ignores" and reports'));
  const targets = addReportOptions(program);
  program
    .addOption(new Option('--no-error-on-unmatched-pattern', 'do not fail when a glob or directory matches no file'))
    .addOption(new Option('--ignore-pattern <pattern>', 'never lint files matching this glob (relative to the working directory; repeatable)').argParser(collect))
    .addOption(new Option('--no-ignore', 'obey no ignores: config "ignores", --ignore-pattern, .gitignore files'))
    .addOption(new Option('--rule <setting>', "rule setting over the config's, repeatable: 'id: severity', 'id: [severity, {options}]' or JSON").argParser(collect))
    .addOption(new Option('--no-inline-config', 'ignore <!-- lint disable/enable/ignore --> comments'))
    .addOption(new Option('--report-unused-disable-directives', 'a <!-- lint disable/ignore --> comment that hides no finding is an error'))
    .addOption(new Option('--print-config <file>', 'print the profile and rule settings used for a file, then exit'))
    .addOption(new Option('--explain', "print each profile's detection score and evidence for the files named, then exit"))
    .addOption(new Option('-v, --verbose', 'also list files skipped as not specs and files ignored by config'))
    .addOption(new Option('--fix', 'repair what needs no new content (missing headings, columns, checklist items, field labels, short table rows), write the files, report what is left'))
    .addOption(new Option('--fix-dry-run', 'print the --fix changes as a unified diff instead of writing them').conflicts('fix'))
    .addOption(
      new Option('-j, --jobs <n>', 'worker threads: 1 lints in-process; auto uses one per CPU when there are enough files to pay for them')
        .argParser(parseJobs)
        .default('auto'),
    )
    .addOption(
      new Option('--shard <i/n>', 'lint only part i of n of the files (a CI matrix), split by bytes; merge the parts with speclint merge-reports').argParser(parseShardOption),
    )
    .addOption(new Option('--cache', 'reuse the results of files unchanged since the last --cache run (same config, profiles and speclint)'))
    .addOption(new Option('--cache-location <path>', 'cache file, or a directory for it, used with --cache (default: .speclintcache)'))
    .addOption(new Option('--confine <dir>', 'read nothing outside this directory (real paths: symbolic links out of it or into .git are refused), for specs and config from others'))
    .addOption(
      new Option('--max-file-time <ms>', 'per-file time budget: a file that takes longer is one file-budget error (default: config maxFileTime, else 10000)').argParser(
        parseMilliseconds,
      ),
    );
  return targets;
}

/** All of stdin, as UTF-8 (a BOM dropped). */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const {decodeText} = await import('../lib/safe-io.js');
  const decoded = decodeText(Buffer.concat(chunks));
  if ('reason' in decoded) throw new UsageError(`stdin: ${decoded.reason}`);
  return decoded.text;
}

/** Formats meant for people; any other format on stdout turns the progress line off. */
const HUMAN_FORMATS = new Set(['stylish', 'compact']);
const PROGRESS_MIN_FILES = 100;

/**
 * `speclint: 1234/10000 files` on stderr, updated in place at most every
 * 100 ms, for runs of more than 100 files when stderr is a terminal, not in
 * CI, and no machine format goes to stdout. `clear` erases it before the report.
 */
function progressLine(io: CliIO, targets: ReportTarget[]): {update: (done: number, total: number) => void; clear: () => void} | undefined {
  const ci = process.env['CI'];
  if (!(io.stderrIsTTY ?? process.stderr.isTTY) || (ci && ci !== 'false' && ci !== '0')) return undefined;
  if (targets.some((t) => t.outputFile === undefined && !HUMAN_FORMATS.has(t.format))) return undefined;
  let shown = false;
  let last = 0;
  return {
    update(done, total) {
      if (total <= PROGRESS_MIN_FILES) return;
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      shown = true;
      io.stderr(`\rspeclint: ${done}/${total} files`);
    },
    clear() {
      if (shown) io.stderr('\r\x1b[K');
    },
  };
}

/** Load every formatter before any file is linted: a missing one is a usage error, not a lost run. */
export async function loadReporters(targets: ReportTarget[], io: CliIO): Promise<Map<string, Reporter>> {
  for (const target of targets) if (target.outputFile) checkWritable(resolve(io.cwd, target.outputFile), '--output-file');
  const reporters = new Map<string, Reporter>();
  for (const target of targets) if (!reporters.has(target.format)) reporters.set(target.format, await loadReporter(target.format, io.cwd));
  return reporters;
}

export async function lintCommand(patterns: string[], options: LintOptions, targets: ReportTarget[], io: CliIO): Promise<number> {
  const {runLint} = await import('../run/runner.js');
  if (options.printConfig !== undefined) return printConfig(options, io);
  if (options.explain) return explain(patterns, options, io);
  if (options.stdinFilename !== undefined && !options.stdin) throw new UsageError('--stdin-filename needs --stdin');
  if (options.stdin && patterns.length) throw new UsageError(`--stdin lints stdin only; name no files besides it (got ${patterns.join(' ')})`);
  if (options.stdin && (options.fixDryRun || options.cache)) throw new UsageError(`--stdin cannot be used with ${options.fixDryRun ? '--fix-dry-run (use --fix: the fixed text goes to stdout)' : '--cache'}`);
  const reporters = await loadReporters(targets, io);
  const rules = await parseRuleFlags(options.rule);
  const stdinText = options.stdin ? await (io.readStdin ?? readStdin)() : undefined;
  const cacheLocation = options.cache ? (await import('../run/cache.js')).resolveCacheLocation(io.cwd, options.cacheLocation) : undefined;
  if (cacheLocation) checkWritable(cacheLocation, '--cache-location');
  const progress = progressLine(io, targets);
  const run = await runLint({
    cwd: io.cwd,
    patterns,
    configPath: options.config,
    profile: options.profile,
    errorOnUnmatchedPattern: options.errorOnUnmatchedPattern,
    fix: Boolean(options.fix || options.fixDryRun),
    jobs: options.jobs,
    shard: options.shard,
    cacheLocation,
    onProgress: progress?.update,
    confine:
      options.confine !== undefined
        ? new (await import('../lib/confine.js')).Confinement(resolve(io.cwd, options.confine), `the --confine directory ${options.confine}`)
        : undefined,
    maxFileTime: options.maxFileTime,
    stdin: stdinText !== undefined ? {text: stdinText, filename: options.stdinFilename} : undefined,
    ignorePatterns: options.ignorePattern,
    ignore: options.ignore,
    rules,
    configLookup: options.configLookup,
    inlineConfig: options.inlineConfig,
    reportUnusedDisableDirectives: options.reportUnusedDisableDirectives,
  }).finally(() => progress?.clear());
  return finishRun(run, options, targets, io, reporters, stdinText);
}

async function printConfig(options: LintOptions, io: CliIO): Promise<number> {
  const {printConfigFor} = await import('../config/print.js');
  const settings = {
    cwd: io.cwd,
    configPath: options.config,
    profile: options.profile,
    rules: await parseRuleFlags(options.rule),
    useConfigFile: options.configLookup === false ? false : undefined,
  };
  io.stdout(JSON.stringify(await printConfigFor(options.printConfig!, settings), null, 2) + '\n');
  return 0;
}

async function explain(files: string[], options: LintOptions, io: CliIO): Promise<number> {
  if (files.length === 0) throw new UsageError('--explain needs the files to explain');
  const {explainDetection, formatExplanation} = await import('../config/print.js');
  const explained = files.map((file) => explainDetection(file, {cwd: io.cwd, configPath: options.config}));
  if (options.format?.includes('json')) io.stdout(JSON.stringify(explained, null, 2) + '\n');
  else io.stdout(explained.map(formatExplanation).join('\n'));
  return 0;
}

/**
 * `speclint merge-reports RECORD.json...`: one report from the records of
 * `--shard I/N` runs (`-f record -o FILE`), in any format, with the exit
 * code and stderr lines of one run over all the files.
 */
export async function mergeReportsCommand(records: string[], options: ReportOptions & {verbose?: boolean}, targets: ReportTarget[], io: CliIO): Promise<number> {
  const reporters = await loadReporters(targets, io);
  const {mergeRecords} = await import('../run/shard.js');
  const {packageVersion} = await import('../lib/paths.js');
  const merged = mergeRecords(records, io.cwd, packageVersion());
  return finishRun({...merged, fixed: [], stats: {jobs: 1}}, options, targets, io, reporters);
}
