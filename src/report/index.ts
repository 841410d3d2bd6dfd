/**
 * Report formats. Each format lives in its own module, loaded only when
 * asked for, so a one-file pre-commit run pays for the stylish reporter only.
 * `--format` also takes a formatter module (a path, or a package name),
 * as ESLint does: its default export is a function of ESLint-shaped results.
 */
import {createRequire} from 'node:module';
import {isAbsolute, join, resolve} from 'node:path';
import {pathToFileURL} from 'node:url';
import type {ChalkInstance} from 'chalk';
import {UsageError} from '../lib/errors.js';
import type {FileResult} from '../engine/lint.js';
import type {RuleInfo} from '../engine/registry.js';
import type {RecordedRun} from '../run/shard.js';
import type {ResolvedConfig} from '../config/load.js';
import type {Summary} from './stylish.js';

export type {RuleInfo};

export interface ReportContext {
  /** Directory file paths in results are relative to. */
  cwd: string;
  chalk: ChalkInstance;
  summary: Summary;
  /** Every rule (and engine finding id) speclint knows, for formats that describe rules. */
  rules: RuleInfo[];
  version: string;
  /** The run being reported (the record format writes it whole); a lint run's carries its config (the HTML report's graph uses its profiles). */
  run?: RecordedRun & {config?: Pick<ResolvedConfig, 'profiles'>};
  /** Files that could not be linted (path as reported, one-line reason): ESLint-shaped formats report each as a fatal message. */
  problems?: Array<{path: string; reason: string}>;
  /** The text a result's file held when linted (without a BOM), for formats that carry it (ESLint's `source`). */
  sourceOf?: (filePath: string) => string | undefined;
}

export type Reporter = (results: FileResult[], context: ReportContext) => string | Promise<string>;

const loaders: Record<string, () => Promise<{default: Reporter}>> = {
  stylish: () => import('./stylish.js'),
  compact: () => import('./compact.js'),
  json: () => import('./json.js'),
  sarif: () => import('./sarif.js'),
  github: () => import('./github.js'),
  gitlab: () => import('./gitlab.js'),
  rdjson: () => import('./rdjson.js'),
  junit: () => import('./junit.js'),
  html: () => import('./html.js'),
  markdown: () => import('./markdown.js'),
  record: () => import('./record.js'),
};

export function formatNames(): string[] {
  return Object.keys(loaders);
}

/** Whether a --format value names a file rather than a package: `./x.js`, `/abs/x.mjs`, `dir/x.cjs`. */
function isPath(name: string): boolean {
  return name.startsWith('.') || isAbsolute(name) || /\.(c|m)?js$/.test(name);
}

/**
 * A formatter module: a file path (relative to cwd) or a package name
 * resolved from cwd (then `eslint-formatter-NAME`, as ESLint resolves
 * formatter names). A missing or broken one is a one-line usage error.
 */
async function loadFormatterModule(name: string, cwd: string): Promise<Reporter> {
  let url: string | undefined;
  if (isPath(name)) {
    url = pathToFileURL(resolve(cwd, name)).href;
  } else {
    const require = createRequire(join(cwd, 'noop.js'));
    for (const candidate of name.startsWith('eslint-formatter-') || name.startsWith('@') ? [name] : [name, `eslint-formatter-${name}`]) {
      try {
        url = pathToFileURL(require.resolve(candidate)).href;
        break;
      } catch {
        // Try the next name.
      }
    }
    if (!url) {
      throw new UsageError(`unknown format "${name}": not a built-in format (${formatNames().join(', ')}) and no package "${name}" or "eslint-formatter-${name}" is installed here`);
    }
  }
  let loaded: unknown;
  try {
    loaded = await import(url);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && isPath(name)) throw new UsageError(`cannot load formatter ${name}: no such file`);
    throw new UsageError(`cannot load formatter ${name}: ${(error as Error).message?.split('\n')[0] ?? String(error)}`);
  }
  const mod = loaded as {default?: unknown};
  const fn = typeof mod.default === 'function' ? mod.default : typeof (mod.default as {default?: unknown})?.default === 'function' ? (mod.default as {default: unknown}).default : undefined;
  if (typeof fn !== 'function') throw new UsageError(`formatter ${name} has no default export function (a formatter is a function of the results returning a string)`);
  const formatter = fn as (results: unknown[], data: unknown) => unknown;
  return async (results, context) => {
    const {toEslintResults, rulesMeta} = await import('./eslint.js');
    const output = await formatter(toEslintResults(results, context), {cwd: context.cwd, rulesMeta: rulesMeta(context)});
    if (typeof output !== 'string') throw new UsageError(`formatter ${name} returned ${output === undefined ? 'nothing' : typeof output}, not a string`);
    return output;
  };
}

export async function loadReporter(name: string, cwd = process.cwd()): Promise<Reporter> {
  const load = loaders[name];
  if (load) return (await load()).default;
  return loadFormatterModule(name, cwd);
}
