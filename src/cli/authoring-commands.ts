/**
 * `speclint init` (a new spec skeleton from a profile) and `speclint
 * profile derive` (a profile inferred from a spec): the commands that write
 * something new for the author to edit.
 */
import {resolve} from 'node:path';
import {UsageError} from '../lib/errors.js';
import {errorCode, FileRefused, readTextFile, writeFileAtomic} from '../lib/safe-io.js';
import type {Profile} from '../profiles/types.js';
import type {CliIO} from './io.js';

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

export interface InitOptions {
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
export async function initCommand(options: InitOptions, io: CliIO): Promise<number> {
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

export interface DeriveOptions {
  name?: string;
  output?: string;
  force?: boolean;
}

/** `speclint profile derive SPEC.md`: print a profile inferred from a spec, as a starting point. */
export async function deriveCommand(spec: string, options: DeriveOptions, io: CliIO): Promise<number> {
  // The same checks as linting: a regular file, within the default size limit, UTF-8 text.
  const {DEFAULT_MAX_FILE_SIZE} = await import('../config/load.js');
  const read = readTextFile(resolve(io.cwd, spec), DEFAULT_MAX_FILE_SIZE);
  if ('reason' in read) throw new UsageError(`cannot read ${spec}: ${read.reason}`);
  const {deriveProfileYaml} = await import('../authoring/derive.js');
  writeGenerated(deriveProfileYaml(read.text, {filePath: spec, name: options.name}), options.output, options.force, io);
  return 0;
}
