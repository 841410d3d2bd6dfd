/**
 * The `speclint` command: one commander program, its subcommands, and the
 * one place errors become exit codes. Exit codes: 0 clean (warnings allowed
 * unless over --max-warnings), 1 lint errors, 2 usage / config / input
 * failure. Any failure prints one line on stderr, never a stack trace.
 */
import {Command, Option} from '../lib/vendor.js';
import {describeError, UsageError} from '../lib/errors.js';
import {packageVersion} from '../lib/paths.js';
import {logSafe} from '../lib/text.js';
import {deriveCommand, initCommand, type DeriveOptions, type InitOptions} from './authoring-commands.js';
import {listProfiles, listRules} from './info-commands.js';
import {defaultIO, type CliIO} from './io.js';
import {addLintOptions, lintCommand, mergeReportsCommand, type LintOptions} from './lint-command.js';
import {addReportOptions, commanderExitCode, commandSettings} from './options.js';

export type {CliIO} from './io.js';
export {resolveInitProfile} from './authoring-commands.js';

const USAGE =
  '[options] [files, directories or globs...]\n       speclint rules | profiles' +
  '\n       speclint init [--profile NAME] [--name TITLE] [-o FILE] [--force]   (a new spec skeleton)' +
  '\n       speclint profile derive SPEC.md [--name NAME] [-o FILE]            (a profile inferred from a spec)' +
  '\n       speclint lsp                                                      (the language server, on stdio)' +
  '\n       speclint graph [files...] [--format mermaid|dot]                  (the service graph of the specs)' +
  '\n       speclint merge-reports RECORD.json... [-f FORMAT [-o FILE]]...    (one report from --shard runs)';

const PROFILE_USAGE = 'speclint profile derive SPEC.md [--name NAME] [-o FILE] [--force]';

/** The program: the lint run's options on the program itself, every other command a commander subcommand. */
function buildProgram(io: CliIO, done: (code: number) => void): Command {
  const program = commandSettings(new Command('speclint'), '', io)
    .description('Lint Markdown backend design specs against the template they were written from.')
    .usage(USAGE)
    // Options after a subcommand's name are the subcommand's: `graph --format dot` is not the report --format.
    .enablePositionalOptions()
    // Subcommands by name only in the list, so the option column keeps its width; `speclint NAME --help` has the rest.
    .configureHelp({subcommandTerm: (command) => command.name()});
  const lintTargets = addLintOptions(program);
  program.version(packageVersion(), '--version').action(async (patterns: string[]) => {
    const options = program.opts<LintOptions>();
    if (patterns.includes('-')) {
      // `speclint -`: stdin, as many tools spell it.
      options.stdin = true;
      patterns = patterns.filter((p) => p !== '-');
    }
    done(await lintCommand(patterns, options, lintTargets(), io));
  });

  const textOrJson = () => new Option('--format <name>', 'output format').choices(['text', 'json']).default('text');
  commandSettings(program.command('rules'), 'rules', io)
    .summary('list the rules')
    .description('List the rules: id and description (--format json: with docs, fixable, and the severity in each built-in profile).')
    .addOption(textOrJson())
    .action(async (options: {format: 'text' | 'json'}) => done(await listRules(options, io)));
  commandSettings(program.command('profiles'), 'profiles', io)
    .summary('list the profiles, built-in and from config')
    .description("List the profiles: the built-in ones, then the config's own.")
    .addOption(textOrJson())
    .addOption(new Option('-c, --config <path>', 'config file whose profiles to list (default: the nearest one)'))
    .action(async (options: {format: 'text' | 'json'; config?: string}) => done(await listProfiles(options, io)));

  commandSettings(program.command('init'), 'init', io)
    .summary('write a new spec skeleton from a profile')
    .description('Write a new spec skeleton from a profile: its required and recommended sections in order, tables with their header rows, fields, checklist and diagrams, with TODO placeholders to fill in.')
    .usage('[--profile NAME] [--variant TYPE] [--name TITLE] [-o FILE] [--force]')
    .addOption(new Option('-p, --profile <name>', 'profile to follow, built-in or from config (see "speclint profiles"); a variant as tech-spec:ddd'))
    .addOption(new Option('--variant <type>', 'variant of the profile (tech-spec: standard, ddd, clean, microservices, event-sourcing, soa, document, monolith, timeseries)'))
    .addOption(new Option('-n, --name <title>', 'title of the spec, its "# " heading (default: the profile title)'))
    .addOption(new Option('-o, --output <file>', 'write the skeleton to this file instead of stdout'))
    .addOption(new Option('--force', 'overwrite the --output file if it exists'))
    .addOption(new Option('-c, --config <path>', 'config file whose profiles to offer (default: the nearest one)'))
    .action(async (options: InitOptions) => done(await initCommand(options, io)));

  const profile = commandSettings(program.command('profile'), 'profile', io)
    .summary('derive: a profile inferred from a spec')
    .description('Work with profiles: "derive" prints a profile inferred from a spec.')
    .usage('derive SPEC.md [--name NAME] [-o FILE] [--force]')
    .argument('[subcommand]')
    .allowExcessArguments()
    .action((name: string | undefined) => {
      throw new UsageError(name === undefined ? `profile needs a subcommand: ${PROFILE_USAGE}` : `unknown profile subcommand "${name}" (known: derive)`);
    });
  commandSettings(profile.command('derive'), 'profile derive', io)
    .description("Print a profile inferred from a spec: its heading tree as sections, its tables with their columns, its **Field:** labels and its checklist. A starting point to edit, not a finished profile.")
    .usage('SPEC.md [--name NAME] [-o FILE] [--force]')
    .argument('<spec>', 'the Markdown spec to read')
    .addOption(new Option('--name <name>', 'profile name (default: from the file name)'))
    .addOption(new Option('-o, --output <file>', 'write the profile to this file instead of stdout'))
    .addOption(new Option('--force', 'overwrite the --output file if it exists'))
    .action(async (spec: string, options: DeriveOptions) => done(await deriveCommand(spec, options, io)));

  commandSettings(program.command('lsp'), 'lsp', io)
    .summary('the language server, on stdio')
    .description('Run the speclint language server on stdin and stdout (the Language Server Protocol, JSON-RPC with Content-Length headers). Editors start it for you: see docs/editors.md for VS Code, Neovim and Helix.')
    .addOption(new Option('--stdio', 'speak over stdin and stdout (the only transport; accepted because clients pass it)'))
    // vscode-languageclient adds the editor's process id; the server library reads it from process.argv.
    .addOption(new Option('--clientProcessId <pid>').hideHelp())
    .action(async () => done(await (await import('../lsp/server.js')).lspCommand()));

  commandSettings(program.command('graph'), 'graph', io)
    .summary('the service graph of the specs, as mermaid or DOT')
    .description('Print the service graph of the specs: dependencies and events between them, with what the system checks find marked on the edges.')
    .usage('[files, directories or globs...] [--format mermaid|dot] [options]')
    .argument('[patterns...]', 'files, directories or globs (default: config "files", else **/*.md)')
    .addOption(new Option('--format <name>', 'graph format').choices(['mermaid', 'dot']).default('mermaid'))
    .addOption(new Option('-c, --config <path>', 'config file (default: nearest .speclintrc.* or package.json "speclint")'))
    .addOption(new Option('-p, --profile <name>', 'use this profile for every file'))
    .action(async (patterns: string[], options: {format: 'mermaid' | 'dot'; config?: string; profile?: string}) =>
      done(await (await import('../system/graph.js')).graphCommand(patterns, options, io)),
    );

  const merge = commandSettings(program.command('merge-reports'), 'merge-reports', io)
    .summary('one report from the records of --shard runs')
    .usage('RECORD.json... [-f FORMAT [-o FILE]]... [options]')
    .description('Merge the run records of --shard runs (written with -f record -o FILE) into one report, as one run over all the files would give it.')
    .argument('<records...>', 'run records, one per shard');
  const mergeTargets = addReportOptions(merge);
  merge
    .addOption(new Option('-v, --verbose', 'also list files skipped as not specs and files ignored by config'))
    .action(async (records: string[], options: LintOptions) => done(await mergeReportsCommand(records, options, mergeTargets(), io)));
  return program;
}

export async function main(argv: string[], io: CliIO = defaultIO): Promise<number> {
  let exitCode = 0;
  try {
    const program = buildProgram(io, (code) => (exitCode = code));
    try {
      await program.parseAsync(argv, {from: 'user'});
    } catch (error) {
      const code = commanderExitCode(error);
      if (code !== undefined) return code;
      throw error;
    }
    return exitCode;
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
