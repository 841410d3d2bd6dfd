/**
 * The `speclint` command. Exit codes: 0 clean (warnings allowed unless over
 * --max-warnings), 1 lint errors, 2 usage / config / input failure. Any
 * failure prints one line on stderr, never a stack trace.
 */
import {lstatSync, mkdirSync, statSync} from 'node:fs';
import {dirname, resolve, sep} from 'node:path';
import {Chalk, Command, CommanderError, InvalidArgumentError, Option, type ChalkInstance} from '../lib/vendor.js';
import {describeError, UsageError} from '../lib/errors.js';
import {packageVersion} from '../lib/paths.js';
import {logSafe} from '../lib/text.js';
import {formatNames, loadReporter, type Reporter} from '../report/index.js';
import type {FixedFile, RunResult} from '../run/runner.js';
import {mergeRecords, parseShard, type Shard} from '../run/shard.js';
import {errorCode, fileKind, FileRefused, readTextFile, writeFileAtomic} from '../lib/safe-io.js';
import {severityOf, type Profile, type RuleSetting} from '../profiles/types.js';

export interface CliIO {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is a colour terminal (chalk's own detection when undefined). */
  color?: boolean;
  /** Whether stdin is a terminal, so `init` may prompt (default: process.stdin.isTTY). */
  stdinIsTTY?: boolean;
  /** Ask one question, return the answer (default: node:readline on stdin, the question on stderr). */
  ask?: (question: string) => Promise<string>;
  /** Whether stderr is a terminal, for the progress line (default: process.stderr.isTTY). */
  stderrIsTTY?: boolean;
  /** All of stdin, for --stdin (default: read process.stdin). */
  readStdin?: () => Promise<string>;
}

const defaultIO: CliIO = {
  cwd: process.cwd(),
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

/** Repeatable option: collect values in order (commander's default keeps the last). */
function collect(choices?: string[]) {
  return (value: string, previous: string[] | undefined): string[] => {
    if (choices && !choices.includes(value)) {
      throw new InvalidArgumentError(`Allowed choices are ${choices.join(', ')}.`);
    }
    // The default ['stylish'] is replaced by the first explicit value.
    return previous && previous !== DEFAULT_FORMATS ? [...previous, value] : [value];
  };
}

const DEFAULT_FORMATS = ['stylish'];

export interface ReportTarget {
  format: string;
  /** File to write, or undefined for stdout. */
  outputFile?: string;
}

/**
 * Pair each --output-file with the nearest --format before it, in argv
 * order: `-f json -o out.json -f sarif -o out.sarif -f stylish` writes two
 * files and prints stylish. An -o before any -f goes with the default format.
 */
export function reportTargets(argv: string[]): ReportTarget[] {
  const targets: ReportTarget[] = [];
  let defaultTarget: ReportTarget | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    const long = /^--(format|output-file)=(.*)$/.exec(arg);
    const kind = long ? long[1] : arg === '-f' || arg === '--format' ? 'format' : arg === '-o' || arg === '--output-file' ? 'output-file' : undefined;
    if (!kind) continue;
    const value = long ? long[2]! : argv[++i];
    if (value === undefined) continue;
    if (kind === 'format') {
      targets.push({format: value});
    } else {
      const last = targets[targets.length - 1];
      if (last && last.outputFile === undefined) last.outputFile = value;
      else if (!last && !defaultTarget) defaultTarget = {format: 'stylish', outputFile: value};
      else throw new UsageError(`--output-file ${value} has no --format before it to write`);
    }
  }
  if (defaultTarget) targets.unshift(defaultTarget);
  if (targets.length === 0) targets.push({format: 'stylish'});
  const toStdout = targets.filter((t) => t.outputFile === undefined);
  if (toStdout.length > 1) {
    throw new UsageError(`only one format can go to stdout (${toStdout.map((t) => t.format).join(', ')}); give the others --output-file`);
  }
  return targets;
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number >= 0');
  return n;
}

function parseMilliseconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of milliseconds >= 1');
  return n;
}

function parseShardOption(value: string): Shard {
  const shard = parseShard(value);
  if (!shard) throw new InvalidArgumentError('expected I/N with 1 <= I <= N, e.g. 2/4');
  return shard;
}

function parseJobs(value: string): number | 'auto' {
  if (value === 'auto') return value;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected "auto" or a whole number >= 1');
  return n;
}

interface MainOptions {
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
  format: string[];
  outputFile?: string[];
  quiet?: boolean;
  maxWarnings?: number;
  color?: boolean;
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

/** The options that say how a run is reported, the same for a lint run and for merge-reports. */
function addReportOptions(command: Command): Command {
  return command
    .addOption(
      new Option('-f, --format <name>', `report format, repeatable: ${formatNames().join(', ')}, or a formatter module (./my-formatter.js, a package name)`)
        .argParser(collect())
        .default(['stylish']),
    )
    .addOption(new Option('-o, --output-file <path>', 'write the preceding --format to a file (repeatable)').argParser(collect()))
    .addOption(new Option('-q, --quiet', 'report errors only'))
    .addOption(new Option('--max-warnings <n>', 'exit 1 when there are more warnings than this').argParser(parseCount))
    .addOption(new Option('--color', 'force colour'))
    .addOption(new Option('--no-color', 'no colour'));
}

function buildProgram(io: CliIO): Command {
  const program = new Command('speclint');
  program
    .description('Lint Markdown backend design specs against the template they were written from.')
    .usage(
      '[options] [files, directories or globs...]\n       speclint rules | profiles' +
        '\n       speclint init [--profile NAME] [--name TITLE] [-o FILE] [--force]   (a new spec skeleton)' +
        '\n       speclint profile derive SPEC.md [--name NAME] [-o FILE]            (a profile inferred from a spec)' +
        '\n       speclint lsp                                                      (the language server, on stdio)' +
        '\n       speclint graph [files...] [--format mermaid|dot]                  (the service graph of the specs)' +
        '\n       speclint merge-reports RECORD.json... [-f FORMAT [-o FILE]]...    (one report from --shard runs)',
    )
    .argument('[patterns...]', 'files, directories or globs (default: config "files", else **/*.md)')
    .addOption(new Option('-p, --profile <name>', 'use this profile for every file: a name (see "speclint profiles") or a profile file (./my-profile.yaml)'))
    .addOption(new Option('-c, --config <path>', 'config file (default: nearest .speclintrc.* or package.json "speclint")'))
    .addOption(new Option('--no-config-lookup', 'use no config file').conflicts('config'))
    .addOption(new Option('--stdin', 'lint the text on stdin (also: "speclint -")'))
    .addOption(new Option('--stdin-filename <path>', 'with --stdin: the file name the text has, for config "profiles", "ignores" and reports'));
  addReportOptions(program);
  program
    .addOption(new Option('--no-error-on-unmatched-pattern', 'do not fail when a glob or directory matches no file'))
    .addOption(new Option('--ignore-pattern <pattern>', 'never lint files matching this glob (relative to the working directory; repeatable)').argParser(collect()))
    .addOption(new Option('--no-ignore', 'obey no ignores: config "ignores", --ignore-pattern, .gitignore files'))
    .addOption(new Option('--rule <setting>', "rule setting over the config's, repeatable: 'id: severity', 'id: [severity, {options}]' or JSON").argParser(collect()))
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
    )
    .version(packageVersion(), '--version')
    .helpOption('-h, --help')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({writeOut: io.stdout, writeErr: io.stderr, outputError: (str, write) => write(`speclint: ${str.split('\n')[0]} (see speclint --help)\n`)});
  return program;
}

export async function main(argv: string[], io: CliIO = defaultIO): Promise<number> {
  try {
    if (argv[0] === 'rules') return await listRules(argv.slice(1), io);
    if (argv[0] === 'profiles') return await listProfiles(argv.slice(1), io);
    if (argv[0] === 'init') return await initCommand(argv.slice(1), io);
    if (argv[0] === 'profile') return await profileCommand(argv.slice(1), io);
    if (argv[0] === 'merge-reports') return await mergeReportsCommand(argv.slice(1), io);
    if (argv[0] === 'lsp') return await (await import('../lsp/server.js')).lspCommand(argv.slice(1), io);
    if (argv[0] === 'graph') return await (await import('../system/graph.js')).graphCommand(argv.slice(1), io);
    const program = buildProgram(io);
    try {
      program.parse(argv, {from: 'user'});
    } catch (error) {
      if (error instanceof CommanderError) {
        return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' ? 0 : 2;
      }
      throw error;
    }
    const options = program.opts<MainOptions>();
    let patterns = program.args;
    if (patterns.includes('-')) {
      // `speclint -`: stdin, as many tools spell it.
      options.stdin = true;
      patterns = patterns.filter((p) => p !== '-');
    }
    return await lintCommand(patterns, options, reportTargets(argv), io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`speclint: error: ${logSafe(error.message)}\n`);
    } else {
      io.stderr(`speclint: internal error: ${logSafe(describeError(error))} (please report it; set SPECLINT_DEBUG=1 for a stack trace)\n`);
      if (process.env['SPECLINT_DEBUG']) io.stderr(`${(error as Error)?.stack ?? ''}\n`);
    }
    return 2;
  }
}

/**
 * Colour: --color / --no-color, else FORCE_COLOR (0 or false: none; 1, 2, 3
 * or empty: that level), else NO_COLOR (set and not empty: none), else
 * whether stdout is a colour terminal.
 */
function makeChalk(options: {color?: boolean}, io: CliIO, env: NodeJS.ProcessEnv = process.env): ChalkInstance {
  if (options.color === false) return new Chalk({level: 0});
  if (options.color === true) return new Chalk({level: 1});
  const force = env['FORCE_COLOR'];
  if (force !== undefined) {
    if (force === '0' || force === 'false') return new Chalk({level: 0});
    const level = Number(force);
    return new Chalk({level: level >= 1 && level <= 3 ? (level as 1 | 2 | 3) : 1});
  }
  if (env['NO_COLOR']) return new Chalk({level: 0});
  if (io.color !== undefined) return new Chalk({level: io.color ? 1 : 0});
  return new Chalk();
}

/** `--rule` values: YAML or JSON mappings of rule id to setting, later ones over earlier. */
async function parseRuleFlags(values: string[] | undefined): Promise<Record<string, RuleSetting> | undefined> {
  if (!values?.length) return undefined;
  const {configYaml, oneLine} = await import('../lib/yaml.js');
  const rules: Record<string, RuleSetting> = {};
  for (const value of values) {
    let parsed: unknown;
    try {
      parsed = value.trim().startsWith('{') ? JSON.parse(value) : configYaml(value);
    } catch (error) {
      // JSON is YAML too; a mapping YAML reads is fine.
      try {
        parsed = configYaml(value);
      } catch {
        throw new UsageError(`--rule ${JSON.stringify(value)}: not a rule setting (${oneLine(error)}); write 'id: severity' or 'id: [severity, {options}]'`);
      }
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new UsageError(`--rule ${JSON.stringify(value)}: not a rule setting; write 'id: severity' or 'id: [severity, {options}]'`);
    }
    const {ruleSettingSchema, validateOrThrow} = await import('../profiles/schema.js');
    for (const [id, setting] of Object.entries(parsed)) {
      validateOrThrow(ruleSettingSchema, setting, '--rule', `/${id}`);
      rules[id] = setting as RuleSetting;
    }
  }
  return rules;
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

/**
 * A path speclint is to write (a report, the cache) that exists and is no
 * regular file is refused before any file is linted: writing replaces the
 * file, and /dev/null or a FIFO must never be replaced.
 */
function checkWritable(path: string, what: string): void {
  let stat;
  try {
    stat = lstatSync(path).isSymbolicLink() ? statSync(path) : lstatSync(path);
  } catch {
    return; // Missing (written new), or a problem the write itself reports.
  }
  if (!stat.isFile()) throw new UsageError(`${what} ${path}: not a regular file (${fileKind(stat)}); speclint writes only regular files`);
}

async function lintCommand(patterns: string[], options: MainOptions, targets: ReportTarget[], io: CliIO): Promise<number> {
  const {runLint} = await import('../run/runner.js');
  if (options.printConfig !== undefined) return printConfig(options, io);
  if (options.explain) return explain(patterns, options, io);
  if (options.stdinFilename !== undefined && !options.stdin) throw new UsageError('--stdin-filename needs --stdin');
  if (options.stdin && patterns.length) throw new UsageError(`--stdin lints stdin only; name no files besides it (got ${patterns.join(' ')})`);
  if (options.stdin && (options.fixDryRun || options.cache)) throw new UsageError(`--stdin cannot be used with ${options.fixDryRun ? '--fix-dry-run (use --fix: the fixed text goes to stdout)' : '--cache'}`);
  for (const target of targets) if (target.outputFile) checkWritable(resolve(io.cwd, target.outputFile), '--output-file');
  // Every formatter is loaded before any file is linted: a missing one is a usage error, not a lost run.
  const reporters = new Map<string, Awaited<ReturnType<typeof loadReporter>>>();
  for (const target of targets) if (!reporters.has(target.format)) reporters.set(target.format, await loadReporter(target.format, io.cwd));
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

/** What the CLI does with a run, linted or merged from records: fixes written, reports, stderr lines, the exit code. */
async function finishRun(
  run: Pick<RunResult, 'results' | 'skipped' | 'ignored' | 'problems' | 'nameProblems' | 'shard' | 'fixed' | 'stats'>,
  options: Pick<MainOptions, 'fix' | 'fixDryRun' | 'verbose' | 'quiet' | 'maxWarnings' | 'color'>,
  targets: ReportTarget[],
  io: CliIO,
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
    const chalk = makeChalk(target.outputFile ? {color: false} : options, io);
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

  const errors = results.reduce((n, r) => n + r.errorCount, 0);
  const warnings = results.reduce((n, r) => n + r.warningCount, 0);
  if (errors > 0) return 1;
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) {
    io.stderr(`speclint: ${warnings} warnings, more than --max-warnings ${options.maxWarnings}\n`);
    return 1;
  }
  return 0;
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
async function writeFixes(fixed: FixedFile[], io: CliIO, verbose: boolean): Promise<Array<{path: string; reason: string; file: FixedFile}>> {
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
async function printFixDiffs(fixed: FixedFile[], io: CliIO): Promise<void> {
  const {createTwoFilesPatch} = await import('diff');
  for (const file of fixed) {
    const path = file.display.split(sep).join('/');
    const patch = createTwoFilesPatch(`a/${path}`, `b/${path}`, file.original, file.output, undefined, undefined, {context: 3});
    io.stdout(patch.replace(/^=+\n/, ''));
  }
}

async function printConfig(options: MainOptions, io: CliIO): Promise<number> {
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

async function explain(files: string[], options: MainOptions, io: CliIO): Promise<number> {
  if (files.length === 0) throw new UsageError('--explain needs the files to explain');
  const {explainDetection, formatExplanation} = await import('../config/print.js');
  const explained = files.map((file) => explainDetection(file, {cwd: io.cwd, configPath: options.config}));
  if (options.format.includes('json')) io.stdout(JSON.stringify(explained, null, 2) + '\n');
  else io.stdout(explained.map(formatExplanation).join('\n'));
  return 0;
}

async function listRules(argv: string[], io: CliIO): Promise<number> {
  const json = argv.includes('--format=json') || (argv.includes('--format') && argv[argv.indexOf('--format') + 1] === 'json');
  const {RULES, ENGINE_RULES} = await import('../engine/registry.js');
  const {builtinProfiles} = await import('../profiles/built-in.js');
  const profiles = [...builtinProfiles().values()].filter((p) => !p.extends);
  const rows = [
    ...RULES.map((r) => ({
      id: r.meta.id,
      description: r.meta.description,
      fixable: Boolean(r.meta.fixable),
      docs: `rules/${r.meta.id}.md`,
      profiles: Object.fromEntries(profiles.map((p) => [p.name, severityLabel(p.rules[r.meta.id])])),
    })),
    ...ENGINE_RULES.map((r) => ({id: r.id, description: r.description, fixable: false, docs: `rules/${r.id}.md`, profiles: {}})),
  ];
  if (json) {
    io.stdout(JSON.stringify(rows, null, 2) + '\n');
    return 0;
  }
  const width = Math.max(...rows.map((r) => r.id.length));
  for (const r of rows) io.stdout(`${r.id.padEnd(width)}  ${r.description}\n`);
  return 0;
}

function severityLabel(setting: RuleSetting | undefined): string {
  return (['off', 'warn', 'error'] as const)[severityOf(setting)];
}

async function listProfiles(argv: string[], io: CliIO): Promise<number> {
  const json = argv.includes('--format=json') || (argv.includes('--format') && argv[argv.indexOf('--format') + 1] === 'json');
  // The config's own profiles are listed after the built-in ones.
  const {loadConfig} = await import('../config/load.js');
  const configIndex = argv.findIndex((a) => a === '-c' || a === '--config');
  const config = loadConfig({cwd: io.cwd, configPath: configIndex >= 0 ? argv[configIndex + 1] : undefined});
  const custom = new Set(config.customProfiles);
  const profiles = [...config.profiles.values()];
  if (json) {
    io.stdout(
      JSON.stringify(
        profiles.map((p) => ({name: p.name, title: p.title, extends: p.extends ?? null, template: p.template ?? null, source: custom.has(p.name) ? 'config' : 'built-in'})),
        null,
        2,
      ) + '\n',
    );
    return 0;
  }
  const width = Math.max(...profiles.map((p) => p.name.length));
  for (const p of profiles) {
    io.stdout(`${p.name.padEnd(width)}  ${p.title}${p.extends ? ` (extends ${p.extends})` : ''}${custom.has(p.name) ? ' [config]' : ''}\n`);
  }
  return 0;
}

/** A subcommand's parser: same one-line errors and exit codes as the main command. */
function subcommand(name: string, io: CliIO): Command {
  return new Command(`speclint ${name}`)
    .helpOption('-h, --help')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({writeOut: io.stdout, writeErr: io.stderr, outputError: (str, write) => write(`speclint: ${str.split('\n')[0]} (see speclint ${name} --help)\n`)});
}

/** Parse a subcommand's argv; a number is the exit code when parsing ended the command (help, a usage error). */
function parseSubcommand(program: Command, argv: string[]): number | undefined {
  try {
    program.parse(argv, {from: 'user'});
    return undefined;
  } catch (error) {
    if (error instanceof CommanderError) return error.code === 'commander.helpDisplayed' || error.code === 'commander.help' ? 0 : 2;
    throw error;
  }
}

/** Write generated text to `-o FILE` (never over an existing file unless `force`), or to stdout. */
function writeGenerated(text: string, output: string | undefined, force: boolean | undefined, io: CliIO): void {
  if (output === undefined) {
    io.stdout(text);
    return;
  }
  try {
    writeFileAtomic(resolve(io.cwd, output), text, {exclusive: !force});
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(`${output} already exists; use --force to overwrite it`);
    throw new UsageError(`cannot write ${output}: ${error instanceof FileRefused ? error.message : errorCode(error)}`);
  }
}

/**
 * The profile `init` should use: `tech-spec:ddd`, or `tech-spec` with
 * `--variant ddd`; the variant `standard` is the base profile itself.
 */
export function resolveInitProfile(requested: string, variant: string | undefined, profiles: Map<string, Profile>): Profile {
  const colon = requested.indexOf(':');
  const base = colon >= 0 ? requested.slice(0, colon) : requested;
  let type = colon >= 0 ? requested.slice(colon + 1) : undefined;
  if (variant !== undefined) {
    if (type !== undefined && type !== variant) throw new UsageError(`--profile ${requested} and --variant ${variant} name different variants`);
    type = variant;
  }
  let name = type === undefined ? base : `${base}:${type}`;
  if (!profiles.has(name) && type === 'standard' && profiles.has(base)) name = base;
  const profile = profiles.get(name);
  if (profile) return profile;
  const variants = [...profiles.keys()].filter((n) => n.startsWith(`${base}:`)).map((n) => n.slice(base.length + 1));
  if (type !== undefined && profiles.has(base)) {
    throw new UsageError(
      variants.length
        ? `profile "${base}" has no variant "${type}" (variants: standard, ${variants.join(', ')})`
        : `profile "${base}" has no variants (asked for "${type}")`,
    );
  }
  throw new UsageError(`unknown profile "${requested}" (known: ${[...profiles.keys()].join(', ')})`);
}

/**
 * Questions on stderr, answers from stdin. One interface for all questions,
 * read as a stream of lines: readline reads ahead, and a line typed (or
 * pasted) before its question is asked must wait for it, not be lost.
 */
async function terminalPrompter(): Promise<{ask: (question: string) => Promise<string>; close: () => void}> {
  const {createInterface} = await import('node:readline/promises');
  const rl = createInterface({input: process.stdin, output: process.stderr});
  const lines = rl[Symbol.asyncIterator]();
  return {
    ask: async (question) => {
      process.stderr.write(question);
      const next = await lines.next();
      if (next.done) throw new UsageError('no answer (input closed)');
      return next.value;
    },
    close: () => rl.close(),
  };
}

interface InitOptions {
  profile?: string;
  variant?: string;
  name?: string;
  output?: string;
  force?: boolean;
  config?: string;
}

/**
 * `speclint init`: print (or write with -o) a spec skeleton for a profile.
 * Without a terminal on stdin it never prompts: a missing --profile is a
 * usage error. On a terminal, a missing --profile is asked for, and then
 * the title too (unless --name gave it).
 */
async function initCommand(argv: string[], io: CliIO): Promise<number> {
  const program = subcommand('init', io)
    .description('Write a new spec skeleton from a profile: its required and recommended sections in order, tables with their header rows, fields, checklist and diagrams, with TODO placeholders to fill in.')
    .usage('[--profile NAME] [--variant TYPE] [--name TITLE] [-o FILE] [--force]')
    .addOption(new Option('-p, --profile <name>', 'profile to follow, built-in or from config (see "speclint profiles"); a variant as tech-spec:ddd'))
    .addOption(new Option('--variant <type>', 'variant of the profile (tech-spec: standard, ddd, clean, microservices, event-sourcing, soa, document, monolith, timeseries)'))
    .addOption(new Option('-n, --name <title>', 'title of the spec, its "# " heading (default: the profile title)'))
    .addOption(new Option('-o, --output <file>', 'write the skeleton to this file instead of stdout'))
    .addOption(new Option('--force', 'overwrite the --output file if it exists'))
    .addOption(new Option('-c, --config <path>', 'config file whose profiles to offer (default: the nearest one)'));
  const ended = parseSubcommand(program, argv);
  if (ended !== undefined) return ended;
  const options = program.opts<InitOptions>();
  const {loadConfig} = await import('../config/load.js');
  const config = loadConfig({cwd: io.cwd, configPath: options.config});
  let title = options.name;
  let profile: Profile;
  if (options.profile !== undefined) {
    profile = resolveInitProfile(options.profile, options.variant, config.profiles);
  } else {
    if (!(io.stdinIsTTY ?? process.stdin.isTTY)) {
      throw new UsageError('init needs --profile NAME when stdin is not a terminal (see "speclint profiles" for the names)');
    }
    const prompter = io.ask ? {ask: io.ask, close: () => {}} : await terminalPrompter();
    try {
      const requested = (await prompter.ask(`Profile (${[...config.profiles.keys()].join(', ')}): `)).trim();
      if (!requested) throw new UsageError('no profile given');
      profile = resolveInitProfile(requested, options.variant, config.profiles);
      if (title === undefined) title = (await prompter.ask(`Title [${profile.title}]: `)).trim() || undefined;
    } finally {
      prompter.close();
    }
  }
  const {skeletonFor} = await import('../authoring/init.js');
  writeGenerated(skeletonFor(profile, {name: title, ruleOverrides: config.rules}), options.output, options.force, io);
  if (options.output !== undefined) {
    io.stderr(`speclint: wrote ${options.output} (profile ${profile.name}); replace each TODO, then run: speclint ${options.output}\n`);
  }
  return 0;
}

interface DeriveOptions {
  name?: string;
  output?: string;
  force?: boolean;
}

/** `speclint profile derive SPEC.md`: print a profile inferred from a spec, as a starting point. */
async function profileCommand(argv: string[], io: CliIO): Promise<number> {
  const usage = 'speclint profile derive SPEC.md [--name NAME] [-o FILE] [--force]';
  if (argv[0] === '-h' || argv[0] === '--help') {
    io.stdout(`Usage: ${usage}\n\nPrint a profile (YAML) inferred from a spec's headings, tables, fields and checklist.\n`);
    return 0;
  }
  if (argv[0] !== 'derive') {
    throw new UsageError(argv[0] === undefined ? `profile needs a subcommand: ${usage}` : `unknown profile subcommand "${argv[0]}" (known: derive)`);
  }
  const program = subcommand('profile derive', io)
    .description("Print a profile inferred from a spec: its heading tree as sections, its tables with their columns, its **Field:** labels and its checklist. A starting point to edit, not a finished profile.")
    .usage('SPEC.md [--name NAME] [-o FILE] [--force]')
    .argument('<spec>', 'the Markdown spec to read')
    .addOption(new Option('--name <name>', 'profile name (default: from the file name)'))
    .addOption(new Option('-o, --output <file>', 'write the profile to this file instead of stdout'))
    .addOption(new Option('--force', 'overwrite the --output file if it exists'));
  const ended = parseSubcommand(program, argv.slice(1));
  if (ended !== undefined) return ended;
  const options = program.opts<DeriveOptions>();
  const spec = program.args[0]!;
  // The same checks as linting: a regular file, within the default size limit, UTF-8 text.
  const {DEFAULT_MAX_FILE_SIZE} = await import('../config/load.js');
  const read = readTextFile(resolve(io.cwd, spec), DEFAULT_MAX_FILE_SIZE);
  if ('reason' in read) throw new UsageError(`cannot read ${spec}: ${read.reason}`);
  const {text} = read;
  const {deriveProfileYaml} = await import('../authoring/derive.js');
  writeGenerated(deriveProfileYaml(text, {filePath: spec, name: options.name}), options.output, options.force, io);
  return 0;
}

/**
 * `speclint merge-reports RECORD.json...`: one report from the records of
 * `--shard I/N` runs (`-f record -o FILE`), in any format, with the exit
 * code and stderr lines of one run over all the files.
 */
async function mergeReportsCommand(argv: string[], io: CliIO): Promise<number> {
  const program = new Command('speclint merge-reports')
    .usage('RECORD.json... [-f FORMAT [-o FILE]]... [options]')
    .description('Merge the run records of --shard runs (written with -f record -o FILE) into one report, as one run over all the files would give it.')
    .argument('<records...>', 'run records, one per shard');
  addReportOptions(program)
    .addOption(new Option('-v, --verbose', 'also list files skipped as not specs and files ignored by config'))
    .helpOption('-h, --help')
    .exitOverride()
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      outputError: (str, write) => write(`speclint: ${str.split('\n')[0]} (see speclint merge-reports --help)\n`),
    });
  try {
    program.parse(argv, {from: 'user'});
  } catch (error) {
    if (error instanceof CommanderError) return error.code === 'commander.helpDisplayed' || error.code === 'commander.help' ? 0 : 2;
    throw error;
  }
  const targets = reportTargets(argv);
  for (const target of targets) if (target.outputFile) checkWritable(resolve(io.cwd, target.outputFile), '--output-file');
  const reporters = new Map<string, Reporter>();
  for (const target of targets) if (!reporters.has(target.format)) reporters.set(target.format, await loadReporter(target.format, io.cwd));
  const merged = mergeRecords(program.args, io.cwd, packageVersion());
  return finishRun({...merged, fixed: [], stats: {jobs: 1}}, program.opts<MainOptions>(), targets, io, reporters);
}
