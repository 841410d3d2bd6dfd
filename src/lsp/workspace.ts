/**
 * Linting an editor's document as the CLI lints the file: the config is the
 * nearest `.speclintrc.*` or package.json "speclint" above the file, the
 * file's profile comes from that config's `profiles` globs or `profile`,
 * else from detection, and the config's rule settings apply. An editor's
 * file is treated like one swept in by a directory or a glob, not like one
 * named on the command line: Markdown that matches no profile (a README) is
 * left alone, with no diagnostics and no profile-match warning, unless the
 * config maps it to a profile. Files the config's `ignores` leave out, and
 * files outside its `files` globs when it has them, get no diagnostics
 * either (`speclint` with no arguments would not lint them).
 */
import {statSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname, relative, sep} from 'node:path';
import type picomatchType from 'picomatch';
import {findConfigFile, loadConfig, type ResolvedConfig} from '../config/load.js';
import {describeError} from '../lib/errors.js';
import {fixText} from '../fix/apply.js';
import {lintText, type LintMessage, type LintOptions, type LintOutcome} from '../engine/lint.js';
import {lintOptionsFor} from '../run/runner.js';

export type EditorLint =
  /** Linted: the findings, and what linting it took (for fixing). */
  | {kind: 'result'; messages: LintMessage[]; options: LintOptions; outcome: LintOutcome}
  /** Not linted, and rightly silent: looks like no spec, ignored by config, outside config "files". */
  | {kind: 'none'; reason: string}
  /** The config that applies to the file cannot be used (one line, as the CLI prints it). */
  | {kind: 'config-error'; message: string}
  /** Over the config's maxFileSize: reported, not parsed (as the CLI does). */
  | {kind: 'too-large'; message: string};

const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**'];

let picomatchFn: typeof picomatchType | undefined;
function matcher(globs: string[]): (path: string) => boolean {
  picomatchFn ??= createRequire(import.meta.url)('picomatch') as typeof picomatchType;
  return picomatchFn(globs, {dot: true});
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

function mtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
}

interface CachedConfig {
  /** The config file found for the directory (undefined: none, defaults apply). */
  path: string | undefined;
  /** Modification times of the config file and the profile files it names, when loaded. */
  stamp: string;
  loaded: {config: ResolvedConfig} | {error: string};
}

export class Workspace {
  private readonly configs = new Map<string, CachedConfig>();

  /** `root`: where a document with no file path (untitled) looks for its config. */
  constructor(private readonly root: string) {}

  /** Forget every loaded config: the next lint of each document loads its config again. */
  reload(): void {
    this.configs.clear();
  }

  /** Config files the loaded configs use (for telling whether a saved file is one). */
  configFiles(): Set<string> {
    const files = new Set<string>();
    for (const cached of this.configs.values()) {
      if (cached.path) files.add(cached.path);
      if ('config' in cached.loaded) for (const f of cached.loaded.config.profileFiles) files.add(f);
    }
    return files;
  }

  private stampOf(path: string | undefined, profileFiles: string[]): string {
    return path ? [path, ...profileFiles].map((f) => `${f}:${mtime(f)}`).join('\0') : '';
  }

  /**
   * The config for files in `dir`. Looked up again on every call (a few
   * stat calls): a config created, deleted or edited since is picked up even
   * when the editor sends no file-watch notifications.
   */
  configFor(dir: string): {config: ResolvedConfig} | {error: string} {
    const path = findConfigFile(dir);
    const cached = this.configs.get(dir);
    if (cached && cached.path === path) {
      const profileFiles = 'config' in cached.loaded ? cached.loaded.config.profileFiles : [];
      if (cached.stamp === this.stampOf(path, profileFiles)) return cached.loaded;
    }
    let loaded: CachedConfig['loaded'];
    try {
      loaded = {config: loadConfig({cwd: dir, configPath: path, useConfigFile: path !== undefined})};
    } catch (error) {
      loaded = {error: describeError(error)};
    }
    const profileFiles = 'config' in loaded ? loaded.config.profileFiles : [];
    this.configs.set(dir, {path, stamp: this.stampOf(path, profileFiles), loaded});
    return loaded;
  }

  /** Why a file is not linted under `config` (ignored, outside `files`), or undefined when it is. */
  private leftOut(path: string, config: ResolvedConfig): string | undefined {
    const rel = toPosix(relative(config.baseDir, path));
    if (matcher(ALWAYS_IGNORED)(toPosix(path))) return 'in node_modules or .git';
    if (rel.startsWith('../')) return undefined;
    if (config.ignores.length && matcher(config.ignores)(rel)) return 'ignored by config "ignores"';
    if (config.files?.length && !matcher(config.files)(rel)) return 'not in config "files"';
    return undefined;
  }

  /**
   * Lint a document's text (BOM removed). `path`: the file's absolute path,
   * or undefined for a document not saved to a file. Throws only when
   * linting itself fails (a bug); a config problem is an outcome.
   */
  async lint(path: string | undefined, text: string): Promise<EditorLint> {
    const loaded = this.configFor(path ? dirname(path) : this.root);
    if ('error' in loaded) return {kind: 'config-error', message: loaded.error};
    const {config} = loaded;
    if (path) {
      const reason = this.leftOut(path, config);
      if (reason) return {kind: 'none', reason};
    }
    const bytes = Buffer.byteLength(text);
    if (bytes > config.maxFileSize) {
      return {
        kind: 'too-large',
        message: `speclint: not linted: the file is ${(bytes / 1048576).toFixed(1)} MiB, over the ${(config.maxFileSize / 1048576).toFixed(1)} MiB limit (set maxFileSize in config to lint it)`,
      };
    }
    // Not `explicit`: like a file swept in by a glob (a document not saved yet is matched by no glob).
    const options = lintOptionsFor({path: path ?? this.root, explicit: false}, path ?? 'untitled.md', config);
    const outcome = await lintText(text, options);
    if (!outcome.result) return {kind: 'none', reason: outcome.skippedReason ?? 'looks like no spec'};
    return {kind: 'result', messages: outcome.result.messages, options, outcome};
  }
}

/** What `speclint --fix` makes of a linted text (BOM-less): every pass, as the CLI runs them. */
export async function fixAll(text: string, linted: Extract<EditorLint, {kind: 'result'}>): Promise<string> {
  return (await fixText(text, linted.options, linted.outcome)).output;
}
