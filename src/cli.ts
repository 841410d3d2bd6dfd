/**
 * The `speclint` command. Exit codes: 0 clean (warnings allowed unless over
 * --max-warnings), 1 lint errors, 2 usage / config / input failure. Any
 * failure prints one line on stderr, never a stack trace.
 */
import {writeFileSync} from 'node:fs';
import {resolve} from 'node:path';
import {Chalk, type ChalkInstance} from 'chalk';
import {Command, CommanderError, InvalidArgumentError, Option} from 'commander';
import {describeError, UsageError} from './errors.js';
import {packageVersion} from './paths.js';
import {formatNames, loadReporter} from './reporters/index.js';
import {severityOf, type RuleSetting} from './profile.js';

export interface CliIO {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is a colour terminal (chalk's own detection when undefined). */
  color?: boolean;
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

interface MainOptions {
  profile?: string;
  config?: string;
  format: string[];
  outputFile?: string[];
  quiet?: boolean;
  maxWarnings?: number;
  color?: boolean;
  errorOnUnmatchedPattern: boolean;
  printConfig?: string;
  verbose?: boolean;
}

function buildProgram(io: CliIO): Command {
  const program = new Command('speclint');
  program
    .description('Lint Markdown backend design specs against the template they were written from.')
    .usage('[options] [files, directories or globs...]\n       speclint rules | profiles')
    .argument('[patterns...]', 'files, directories or globs (default: config "files", else **/*.md)')
    .addOption(new Option('-p, --profile <name>', 'use this profile for every file (see "speclint profiles")'))
    .addOption(new Option('-c, --config <path>', 'config file (default: nearest .speclintrc.* or package.json "speclint")'))
    .addOption(
      new Option('-f, --format <name>', `report format, repeatable: ${formatNames().join(', ')}`)
        .choices(formatNames())
        .argParser(collect(formatNames()))
        .default(['stylish']),
    )
    .addOption(new Option('-o, --output-file <path>', 'write the preceding --format to a file (repeatable)').argParser(collect()))
    .addOption(new Option('-q, --quiet', 'report errors only'))
    .addOption(new Option('--max-warnings <n>', 'exit 1 when there are more warnings than this').argParser(parseCount))
    .addOption(new Option('--color', 'force colour'))
    .addOption(new Option('--no-color', 'no colour'))
    .addOption(new Option('--no-error-on-unmatched-pattern', 'do not fail when a glob or directory matches no file'))
    .addOption(new Option('--print-config <file>', 'print the profile and rule settings used for a file, then exit'))
    .addOption(new Option('-v, --verbose', 'also list files skipped as not specs and files ignored by config'))
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
    const program = buildProgram(io);
    try {
      program.parse(argv, {from: 'user'});
    } catch (error) {
      if (error instanceof CommanderError) {
        return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' ? 0 : 2;
      }
      throw error;
    }
    return await lintCommand(program.args, program.opts<MainOptions>(), reportTargets(argv), io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`speclint: error: ${error.message}\n`);
    } else {
      io.stderr(`speclint: internal error: ${describeError(error)} (please report it; set SPECLINT_DEBUG=1 for a stack trace)\n`);
      if (process.env['SPECLINT_DEBUG']) io.stderr(`${(error as Error)?.stack ?? ''}\n`);
    }
    return 2;
  }
}

function makeChalk(options: {color?: boolean}, io: CliIO): ChalkInstance {
  if (options.color === false) return new Chalk({level: 0});
  if (options.color === true) return new Chalk({level: 1});
  if (io.color !== undefined) return new Chalk({level: io.color ? 1 : 0});
  return new Chalk();
}

async function lintCommand(patterns: string[], options: MainOptions, targets: ReportTarget[], io: CliIO): Promise<number> {
  const {runLint} = await import('./runner.js');
  if (options.printConfig !== undefined) return printConfig(options, io);
  const run = await runLint({
    cwd: io.cwd,
    patterns,
    configPath: options.config,
    profile: options.profile,
    errorOnUnmatchedPattern: options.errorOnUnmatchedPattern,
  });
  let results = run.results;
  if (options.quiet) {
    results = results.map((r) => ({...r, messages: r.messages.filter((m) => m.severity === 2), warningCount: 0}));
  }
  const summary = {
    filesLinted: results.length,
    skipped: run.skipped.length,
    ignored: run.ignored.length,
    unreadable: run.problems.length,
  };
  const rules = (await import('./rules.js')).ruleCatalogue();
  for (const target of targets) {
    const reporter = await loadReporter(target.format);
    const chalk = makeChalk(target.outputFile ? {color: false} : options, io);
    const report = reporter(results, {cwd: io.cwd, chalk, summary, rules, version: packageVersion()});
    if (target.outputFile) {
      try {
        writeFileSync(resolve(io.cwd, target.outputFile), report);
      } catch (error) {
        throw new UsageError(`cannot write ${target.outputFile}: ${(error as NodeJS.ErrnoException).code ?? describeError(error)}`);
      }
    } else if (report) {
      io.stdout(report);
    }
  }
  if (options.verbose) {
    for (const s of run.skipped) io.stderr(`speclint: skipped ${s.path}: ${s.reason}\n`);
    for (const p of run.ignored) io.stderr(`speclint: ignored ${p} (config "ignores")\n`);
  }
  for (const problem of run.problems) io.stderr(`speclint: error: ${problem.path}: ${problem.reason}\n`);
  if (run.problems.length) return 2;

  const errors = results.reduce((n, r) => n + r.errorCount, 0);
  const warnings = results.reduce((n, r) => n + r.warningCount, 0);
  if (errors > 0) return 1;
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) {
    io.stderr(`speclint: ${warnings} warnings, more than --max-warnings ${options.maxWarnings}\n`);
    return 1;
  }
  return 0;
}

async function printConfig(options: MainOptions, io: CliIO): Promise<number> {
  const {printConfigFor} = await import('./print-config.js');
  io.stdout(JSON.stringify(await printConfigFor(options.printConfig!, {cwd: io.cwd, configPath: options.config, profile: options.profile}), null, 2) + '\n');
  return 0;
}

async function listRules(argv: string[], io: CliIO): Promise<number> {
  const json = argv.includes('--format=json') || (argv.includes('--format') && argv[argv.indexOf('--format') + 1] === 'json');
  const {RULES, ENGINE_RULES} = await import('./rules.js');
  const {builtinProfiles} = await import('./profiles.js');
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
  const {builtinProfiles} = await import('./profiles.js');
  const profiles = [...builtinProfiles().values()];
  if (json) {
    io.stdout(JSON.stringify(profiles.map((p) => ({name: p.name, title: p.title, extends: p.extends ?? null, template: p.template ?? null})), null, 2) + '\n');
    return 0;
  }
  const width = Math.max(...profiles.map((p) => p.name.length));
  for (const p of profiles) io.stdout(`${p.name.padEnd(width)}  ${p.title}${p.extends ? ` (extends ${p.extends})` : ''}\n`);
  return 0;
}
