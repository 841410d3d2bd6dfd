/**
 * Option parsing shared by the commands: value parsers, the report options
 * (`-f`, `-o`, `-q`, `--max-warnings`, colour) and the pairing of each
 * `--output-file` with its `--format`, `--rule` values, and the settings
 * every speclint command's parser has (one-line errors, exit codes).
 */
import {lstatSync, statSync} from 'node:fs';
import {Command, CommanderError, InvalidArgumentError, Option} from '../lib/vendor.js';
import {UsageError} from '../lib/errors.js';
import {fileKind} from '../lib/safe-io.js';
import {parseShard, type Shard} from '../run/shard.js';
import {formatNames} from '../report/index.js';
import type {ReportTarget} from '../report/types.js';
import type {RuleSetting} from '../profiles/types.js';
import type {CliIO} from './io.js';

/** Repeatable option: collect values in order (commander's default keeps the last). */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number >= 0');
  return n;
}

export function parseMilliseconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of milliseconds >= 1');
  return n;
}

export function parseShardOption(value: string): Shard {
  const shard = parseShard(value);
  if (!shard) throw new InvalidArgumentError('expected I/N with 1 <= I <= N, e.g. 2/4');
  return shard;
}

export function parseJobs(value: string): number | 'auto' {
  if (value === 'auto') return value;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected "auto" or a whole number >= 1');
  return n;
}

/** The report options of a run, as parsed. */
export interface ReportOptions {
  format?: string[];
  outputFile?: string[];
  quiet?: boolean;
  maxWarnings?: number;
  color?: boolean;
}

/**
 * Add the options that say how a run is reported (the same for a lint run
 * and for merge-reports); the returned function gives the report targets.
 *
 * Each --output-file goes with the nearest --format before it, in the order
 * commander reads them: `-f json -o out.json -f sarif -o out.sarif -f
 * stylish` writes two files and prints stylish. An -o before any -f goes
 * with the default format, stylish.
 */
export function addReportOptions(command: Command): () => ReportTarget[] {
  const seen: Array<{kind: 'format' | 'output-file'; value: string}> = [];
  command
    .addOption(
      new Option('-f, --format <name>', `report format, repeatable: ${formatNames().join(', ')}, or a formatter module (./my-formatter.js, a package name) (default: stylish)`).argParser(
        collect,
      ),
    )
    .addOption(new Option('-o, --output-file <path>', 'write the preceding --format to a file (repeatable)').argParser(collect))
    .addOption(new Option('-q, --quiet', 'report errors only'))
    .addOption(new Option('--max-warnings <n>', 'exit 1 when there are more warnings than this').argParser(parseCount))
    .addOption(new Option('--color', 'force colour'))
    .addOption(new Option('--no-color', 'no colour'));
  command.on('option:format', (value: string) => seen.push({kind: 'format', value}));
  command.on('option:output-file', (value: string) => seen.push({kind: 'output-file', value}));
  return () => pairReportTargets(seen);
}

function pairReportTargets(seen: Array<{kind: 'format' | 'output-file'; value: string}>): ReportTarget[] {
  const targets: ReportTarget[] = [];
  let defaultTarget: ReportTarget | undefined;
  for (const {kind, value} of seen) {
    if (kind === 'format') {
      targets.push({format: value});
      continue;
    }
    const last = targets[targets.length - 1];
    if (last && last.outputFile === undefined) last.outputFile = value;
    else if (!last && !defaultTarget) defaultTarget = {format: 'stylish', outputFile: value};
    else throw new UsageError(`--output-file ${value} has no --format before it to write`);
  }
  if (defaultTarget) targets.unshift(defaultTarget);
  if (targets.length === 0) targets.push({format: 'stylish'});
  const toStdout = targets.filter((t) => t.outputFile === undefined);
  if (toStdout.length > 1) {
    throw new UsageError(`only one format can go to stdout (${toStdout.map((t) => t.format).join(', ')}); give the others --output-file`);
  }
  return targets;
}

/** `--rule` values: YAML or JSON mappings of rule id to setting, later ones over earlier. */
export async function parseRuleFlags(values: string[] | undefined): Promise<Record<string, RuleSetting> | undefined> {
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

/**
 * A path speclint is to write (a report, the cache) that exists and is no
 * regular file is refused before any file is linted: writing replaces the
 * file, and /dev/null or a FIFO must never be replaced.
 */
export function checkWritable(path: string, what: string): void {
  let stat;
  try {
    stat = lstatSync(path).isSymbolicLink() ? statSync(path) : lstatSync(path);
  } catch {
    return; // Missing (written new), or a problem the write itself reports.
  }
  if (!stat.isFile()) throw new UsageError(`${what} ${path}: not a regular file (${fileKind(stat)}); speclint writes only regular files`);
}

/** What every speclint parser does: -h, suggestions, no process.exit, one-line errors that name the command's help. */
export function commandSettings(command: Command, name: string, io: CliIO): Command {
  const help = name ? `speclint ${name} --help` : 'speclint --help';
  return command
    .helpOption('-h, --help')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({writeOut: io.stdout, writeErr: io.stderr, outputError: (str, write) => write(`speclint: ${str.split('\n')[0]} (see ${help})\n`)});
}

/** The exit code when commander ended the parse itself: 0 for help and --version, 2 for a usage error. */
export function commanderExitCode(error: unknown): number | undefined {
  if (!(error instanceof CommanderError)) return undefined;
  return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' ? 0 : 2;
}
