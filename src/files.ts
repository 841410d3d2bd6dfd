/**
 * File discovery: named files, directories (their Markdown files) and globs,
 * with node_modules and .gitignore'd paths left out and config `ignores`
 * applied. Output is sorted so reports are deterministic.
 */
import {statSync} from 'node:fs';
import {createRequire} from 'node:module';
import {relative, resolve, sep} from 'node:path';
import type picomatchType from 'picomatch';
import {UsageError} from './errors.js';

export interface Target {
  /** Absolute path. */
  path: string;
  /** Named on the command line (not swept in by a directory, a glob or the default). */
  explicit: boolean;
}

export interface Discovery {
  targets: Target[];
  /** Files left out by config `ignores`. */
  ignored: string[];
  /** Patterns that matched nothing (only when not an error). */
  unmatched: string[];
}

const MARKDOWN = ['**/*.md', '**/*.markdown'];
const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**'];

export interface DiscoveryOptions {
  cwd: string;
  /** Globs to lint when no pattern is given (config `files`), relative to `baseDir`. */
  defaultFiles?: string[];
  ignores: string[];
  /** Directory config globs are relative to. */
  baseDir: string;
  errorOnUnmatchedPattern: boolean;
  /** Descend into symbolic links to directories (default true; false when confined, see confine.ts). */
  followSymlinks?: boolean;
}

// globby (~65 ms to load) and picomatch are loaded only when a directory, a
// glob, config globs or no file at all is given: `speclint spec.md` needs neither.
const globbyModule = () => import('globby');
let picomatchFn: typeof picomatchType | undefined;
function picomatch(...args: Parameters<typeof picomatchType>): ReturnType<typeof picomatchType> {
  picomatchFn ??= createRequire(import.meta.url)('picomatch') as typeof picomatchType;
  return picomatchFn(...args);
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

export async function discoverFiles(patterns: string[], options: DiscoveryOptions): Promise<Discovery> {
  const found = new Map<string, Target>();
  const unmatched: string[] = [];
  const add = (path: string, explicit: boolean) => {
    const prev = found.get(path);
    found.set(path, {path, explicit: explicit || (prev?.explicit ?? false)});
  };
  const sweep = async (globs: string[], cwd: string) => {
    const {globby} = await globbyModule();
    const follow = options.followSymlinks ?? true;
    // Not following links, fast-glob sees a link as neither file nor directory: ask for every entry
    // (links included, so the caller can refuse one that leads out) and drop the directories.
    const entries = await globby(globs, {cwd, gitignore: true, ignore: ALWAYS_IGNORED, absolute: true, dot: false, followSymbolicLinks: follow, onlyFiles: follow, markDirectories: !follow});
    return (follow ? entries : entries.filter((p) => !p.endsWith('/'))).map((p) => resolve(p));
  };

  if (patterns.length === 0) {
    const globs = options.defaultFiles?.length ? options.defaultFiles : MARKDOWN;
    const cwd = options.defaultFiles?.length ? options.baseDir : options.cwd;
    for (const p of await sweep(globs, cwd)) add(p, false);
  }

  for (const pattern of patterns) {
    const abs = resolve(options.cwd, pattern);
    let kind: 'file' | 'dir' | 'none' = 'none';
    try {
      const stat = statSync(abs);
      kind = stat.isDirectory() ? 'dir' : 'file';
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new UsageError(`cannot read ${pattern}: ${code}`);
    }
    if (kind === 'file') {
      add(abs, true);
    } else if (kind === 'dir') {
      const files = await sweep(MARKDOWN, abs);
      if (files.length === 0) unmatched.push(pattern);
      for (const p of files) add(p, false);
    } else if ((await globbyModule()).isDynamicPattern(toPosix(pattern))) {
      const files = await sweep([toPosix(pattern)], options.cwd);
      if (files.length === 0) unmatched.push(pattern);
      for (const p of files) add(p, false);
    } else {
      throw new UsageError(`no such file or directory: ${pattern}`);
    }
  }

  if (unmatched.length && options.errorOnUnmatchedPattern) {
    throw new UsageError(
      `no files matching ${unmatched.map((p) => `"${p}"`).join(', ')} were found (use --no-error-on-unmatched-pattern to allow this)`,
    );
  }

  const isIgnored = options.ignores.length ? picomatch(options.ignores, {dot: true}) : () => false;
  const targets: Target[] = [];
  const ignored: string[] = [];
  for (const target of found.values()) {
    const rel = toPosix(relative(options.baseDir, target.path));
    if (!rel.startsWith('../') && isIgnored(rel)) ignored.push(target.path);
    else targets.push(target);
  }
  targets.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  ignored.sort();
  return {targets, ignored, unmatched};
}

/** Profile a config `profiles` glob assigns to a file, first match wins. */
export function mappedProfile(
  path: string,
  profileMap: Array<[string, string]>,
  baseDir: string,
): {name: string; reason: string} | undefined {
  const rel = toPosix(relative(baseDir, path));
  for (const [glob, name] of profileMap) {
    if (picomatch(glob, {dot: true})(rel)) return {name, reason: `config maps "${glob}"`};
  }
  return undefined;
}
