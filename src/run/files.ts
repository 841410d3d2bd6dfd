/**
 * File discovery: named files, directories (their Markdown files) and globs,
 * with node_modules, .git and .gitignore'd paths left out and config
 * `ignores` applied. Output is sorted so reports are deterministic.
 *
 * The walk is speclint's own (a few dozen lines over readdir, picomatch for
 * globs and `ignore` for .gitignore rules) because it must survive what a
 * checkout can hold:
 * - symlinks are followed, but every directory is walked once per pattern,
 *   by its real path, so a loop (`ln -s . a`) ends at once; and each real
 *   file is linted once, whatever number of links lead to it (found by its
 *   own path first, through a link only when no walked directory holds it);
 * - .gitignore files are read only in the directories walked (and those
 *   above the walk's start up to the git root), never by a sweep of the
 *   whole working directory;
 * - a directory that cannot be read, a name that does not exist, a pattern
 *   or directory that matches nothing, a symlink loop named on the command
 *   line: each is a problem (one line, exit 2 at the end), and the other
 *   names are still linted.
 *
 * Over 300 lines: the walk, its link and loop handling and the ignore
 * rules are one algorithm; each guarantee above depends on the others.
 */
import {lstatSync, readdirSync, realpathSync, statSync, type Dirent, type Stats} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname, isAbsolute, join, relative, resolve, sep} from 'node:path';
import type picomatchType from 'picomatch';
import type ignoreType from 'ignore';
import {errorCode, FileRefused, readRegularFile} from '../lib/safe-io.js';

export interface Target {
  /** Absolute path, as found (through symlinks). */
  path: string;
  /** Named on the command line (not swept in by a directory, a glob or the default). */
  explicit: boolean;
  /** Its real path (symlinks resolved), when discovery found it. */
  realPath?: string;
  /** The path to report, when not the path relative to the working directory (`<stdin>`). */
  display?: string;
}

/** A name or a directory that could not be used: one line each, exit 2 at the end of the run. */
export interface DiscoveryProblem {
  /** The pattern as given, or the absolute path of a directory found in a walk. */
  path: string;
  reason: string;
}

export interface Discovery {
  targets: Target[];
  /** Files left out by config `ignores`. */
  ignored: string[];
  /** Patterns that matched nothing (only when not an error). */
  unmatched: string[];
  /** Names that are missing, loop, match nothing (when that is an error); directories that cannot be read. */
  problems: DiscoveryProblem[];
}

const MARKDOWN = ['**/*.md', '**/*.markdown'];
const ALWAYS_IGNORED_DIRS = new Set(['node_modules', '.git']);
/** A .gitignore larger than this is not read (real ones are a few KB). */
const MAX_GITIGNORE_BYTES = 1024 * 1024;

export interface DiscoveryOptions {
  cwd: string;
  /** Globs to lint when no pattern is given (config `files`), relative to `baseDir`. */
  defaultFiles?: string[];
  ignores: string[];
  /** Directory config globs are relative to. */
  baseDir: string;
  errorOnUnmatchedPattern: boolean;
  /** For tests: the directory reader (to inject an error such as EACCES, which root never gets). */
  readdir?: (path: string) => Dirent[];
  /** Descend into symbolic links to directories (default true; false when confined, see confine.ts). */
  followSymlinks?: boolean;
  /** `--ignore-pattern`: more globs never linted, relative to `cwd`. */
  ignorePatterns?: string[];
  /** `--no-ignore`: false to read no .gitignore (config ignores and ignorePatterns are then left empty by the caller). */
  gitignore?: boolean;
}

// picomatch and ignore are loaded only when a directory, a glob, config globs or no file at all is given: `speclint spec.md` needs neither.
const require = createRequire(import.meta.url);
let picomatchFn: typeof picomatchType | undefined;
function picomatch(...args: Parameters<typeof picomatchType>): ReturnType<typeof picomatchType> {
  picomatchFn ??= require('picomatch') as typeof picomatchType;
  return picomatchFn(...args);
}
function scan(pattern: string): ReturnType<typeof picomatchType.scan> {
  picomatchFn ??= require('picomatch') as typeof picomatchType;
  return picomatchFn.scan(pattern);
}
let ignoreFn: typeof ignoreType | undefined;
function ignore(): ReturnType<typeof ignoreType> {
  ignoreFn ??= require('ignore') as typeof ignoreType;
  return ignoreFn();
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

function realPath(path: string): string {
  return realpathSync.native(path);
}

/** What an errno code means for a name: one line. */
function nameProblem(code: string): string {
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'no such file or directory';
  if (code === 'ELOOP') return 'too many levels of symbolic links (a symlink loop)';
  return `cannot read (${code})`;
}

/** The .gitignore rules of one directory: patterns relative to it. */
interface IgnoreLevel {
  dir: string;
  rules: ReturnType<typeof ignoreType>;
}

/** Whether the .gitignore levels (outermost first) leave out `path` (a directory when `isDir`): the last rule that matches wins, as in git. */
function gitignored(levels: IgnoreLevel[], path: string, isDir: boolean): boolean {
  let ignored = false;
  for (const level of levels) {
    const rel = toPosix(relative(level.dir, path));
    if (!rel || rel.startsWith('..')) continue;
    const result = level.rules.test(isDir ? `${rel}/` : rel);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

/** One walk: the files under a directory that `accept` takes, each real directory entered once. */
interface Walk {
  root: string;
  /** Whether a file (path relative to the root, POSIX) is wanted. */
  accept: (rel: string) => boolean;
  /** Deepest directory level to enter below the root (Infinity for `**`). */
  maxDepth: number;
  /** Enter directories whose name starts with a dot (a pattern names one). */
  dotDirs: boolean;
}

class Walker {
  problems: DiscoveryProblem[] = [];
  private readonly reported = new Set<string>();
  private readonly gitignoreCache = new Map<string, IgnoreLevel | null>();

  constructor(
    private readonly readdir: (path: string) => Dirent[],
    /** Descend into directories reached through a symbolic link (not when confined: see confine.ts). */
    private readonly followDirLinks = true,
    /** Obey .gitignore files (not with --no-ignore). */
    private readonly useGitignore = true,
  ) {}

  private problem(path: string, reason: string): void {
    if (this.reported.has(path)) return;
    this.reported.add(path);
    this.problems.push({path, reason});
  }

  /** The rules of `dir/.gitignore`, or null when there is none (an unreadable one is a problem). */
  private gitignoreOf(dir: string): IgnoreLevel | null {
    if (!this.useGitignore) return null;
    const hit = this.gitignoreCache.get(dir);
    if (hit !== undefined) return hit;
    let level: IgnoreLevel | null = null;
    const path = join(dir, '.gitignore');
    try {
      const {buffer} = readRegularFile(path, MAX_GITIGNORE_BYTES, '; not read');
      level = {dir, rules: ignore().add(buffer.toString('utf8'))};
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (error instanceof FileRefused) {
        if (!/^not a regular file/.test(error.message)) this.problem(path, error.message);
      } else if (code !== 'ENOENT' && code !== 'ENOTDIR') {
        this.problem(path, `cannot read (${errorCode(error)})`);
      }
    }
    this.gitignoreCache.set(dir, level);
    return level;
  }

  /** The .gitignore levels that apply at `dir`, from the git root (the nearest ancestor holding .git) down; none above `dir` outside a repository. */
  private ancestorLevels(dir: string): IgnoreLevel[] {
    const chain: string[] = [];
    let gitRoot: string | undefined;
    for (let at = dir; ; at = dirname(at)) {
      chain.push(at);
      try {
        lstatSync(join(at, '.git'));
        gitRoot = at;
        break;
      } catch {
        // Not the root of a repository; go up.
      }
      if (dirname(at) === at) break;
    }
    const dirs = gitRoot ? chain.reverse() : [dir];
    return dirs.map((d) => this.gitignoreOf(d)).filter((l): l is IgnoreLevel => l !== null);
  }

  /** Files under `walk.root`, by path, with their real paths. */
  run(walk: Walk): Array<{path: string; realPath: string; viaLink: boolean}> {
    const found: Array<{path: string; realPath: string; viaLink: boolean}> = [];
    const seenDirs = new Set<string>();
    let rootReal: string;
    try {
      rootReal = realPath(walk.root);
    } catch (error) {
      this.problem(walk.root, nameProblem(errorCode(error)));
      return found;
    }
    // Real directories first, then those reached through a link, so a file is found by its own path when it can be.
    const queue: Array<{dir: string; real: string; depth: number; levels: IgnoreLevel[]; viaLink: boolean}> = [];
    const later: typeof queue = [];
    queue.push({dir: walk.root, real: rootReal, depth: 0, levels: this.ancestorLevels(walk.root), viaLink: false});
    while (queue.length || later.length) {
      const next = queue.pop() ?? later.shift()!;
      if (seenDirs.has(next.real)) continue;
      seenDirs.add(next.real);
      let entries: Dirent[];
      try {
        entries = this.readdir(next.dir);
      } catch (error) {
        this.problem(next.dir, `cannot read directory (${errorCode(error)})`);
        continue;
      }
      const own = next.depth === 0 ? null : this.gitignoreOf(next.dir);
      const levels = own ? [...next.levels, own] : next.levels;
      const subdirs: typeof queue = [];
      for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        const path = join(next.dir, entry.name);
        let isDir = entry.isDirectory();
        let isFile = entry.isFile();
        const link = entry.isSymbolicLink();
        let stat: Stats | undefined;
        if (link) {
          try {
            stat = statSync(path);
          } catch {
            continue; // A dangling link, or a link to itself: nothing to lint there.
          }
          isDir = stat.isDirectory();
          isFile = stat.isFile();
        }
        if (isDir) {
          if (link && !this.followDirLinks) continue;
          if (ALWAYS_IGNORED_DIRS.has(entry.name) || (entry.name.startsWith('.') && !walk.dotDirs)) continue;
          if (next.depth + 1 > walk.maxDepth || gitignored(levels, path, true)) continue;
          let real: string;
          try {
            real = link ? realPath(path) : join(next.real, entry.name);
          } catch {
            continue;
          }
          if (seenDirs.has(real)) continue;
          (link ? later : subdirs).push({dir: path, real, depth: next.depth + 1, levels, viaLink: next.viaLink || link});
        } else if (isFile) {
          const rel = toPosix(relative(walk.root, path));
          if (!walk.accept(rel) || gitignored(levels, path, false)) continue;
          let real: string;
          try {
            real = link ? realPath(path) : join(next.real, entry.name);
          } catch {
            continue;
          }
          found.push({path, realPath: real, viaLink: next.viaLink || link});
        }
        // FIFOs, sockets and devices swept in are not Markdown files: left out.
      }
      // Depth first, in name order.
      for (let i = subdirs.length - 1; i >= 0; i--) queue.push(subdirs[i]!);
    }
    return found;
  }
}

/** A walk for a glob relative to `cwd`: from its static base, as deep as it reaches. */
function globWalk(pattern: string, cwd: string): Walk & {negated: boolean} {
  const posix = toPosix(pattern);
  const negated = posix.startsWith('!');
  const positive = negated ? posix.slice(1) : posix;
  const {base, glob} = scan(positive);
  const root = resolve(cwd, base || '.');
  const unbounded = glob.includes('**') || /[{}()]/.test(glob);
  const matcher = picomatch(glob || '**', {dot: false});
  return {
    root,
    accept: matcher,
    maxDepth: unbounded ? Infinity : Math.max(0, glob.split('/').length - 1),
    dotDirs: /(^|\/)\./.test(glob),
    negated,
  };
}

function isGlob(pattern: string): boolean {
  return scan(toPosix(pattern)).isGlob;
}

const markdownWalk = (root: string): Walk => ({root, accept: picomatch(MARKDOWN, {dot: false}), maxDepth: Infinity, dotDirs: false});

/** A `!pattern` from the command line: a glob (or a file or directory name) relative to `cwd`, as a test on absolute paths. */
function negationMatcher(pattern: string, cwd: string): (path: string) => boolean {
  const positive = toPosix(pattern).slice(1);
  if (isGlob(positive)) {
    const walk = globWalk(positive, cwd);
    return (path) => {
      const rel = toPosix(relative(walk.root, path));
      return !rel.startsWith('../') && walk.accept(rel);
    };
  }
  const abs = resolve(cwd, positive);
  return (path) => path === abs || path.startsWith(abs + sep);
}

/** A glob test on a path: an absolute glob against the absolute path, else against the path relative to `baseDir`. */
export function globTest(globs: string[], baseDir: string): (path: string) => boolean {
  const absolute = globs.filter((g) => isAbsolute(g));
  const relativeGlobs = globs.filter((g) => !isAbsolute(g));
  const abs = absolute.length ? picomatch(absolute.map(toPosix), {dot: true}) : () => false;
  const rel = relativeGlobs.length ? picomatch(relativeGlobs, {dot: true}) : () => false;
  return (path) => {
    if (abs(toPosix(path))) return true;
    const r = toPosix(relative(baseDir, path));
    return !r.startsWith('../') && rel(r);
  };
}

export async function discoverFiles(patterns: string[], options: DiscoveryOptions): Promise<Discovery> {
  /** By real path: each real file once. */
  const found = new Map<string, Target & {realPath: string; viaLink: boolean}>();
  const unmatched: string[] = [];
  const problems: DiscoveryProblem[] = [];
  const walker = new Walker(options.readdir ?? ((path) => readdirSync(path, {withFileTypes: true})), options.followSymlinks ?? true, options.gitignore ?? true);
  // Patterns are taken together, as markdownlint-cli2 takes them: a `!glob` leaves out what the others find, and
  // negations alone mean "the default files except these" (never every file of every kind).
  const negations = patterns.filter((p) => toPosix(p).startsWith('!')).map((p) => negationMatcher(p, options.cwd));
  patterns = patterns.filter((p) => !toPosix(p).startsWith('!'));
  const add = (path: string, realPath: string, explicit: boolean, viaLink: boolean) => {
    const prev = found.get(realPath);
    // Keep the first path found, unless it came through a link and this one did not.
    const keep = prev && !(prev.viaLink && !viaLink) ? prev : undefined;
    found.set(realPath, {path: keep?.path ?? path, realPath, explicit: explicit || (prev?.explicit ?? false), viaLink: keep ? keep.viaLink : viaLink});
  };
  const noMatch = (pattern: string, what: string) => {
    if (!options.errorOnUnmatchedPattern) unmatched.push(pattern);
    else problems.push({path: pattern, reason: `${what} (use --no-error-on-unmatched-pattern to allow this)`});
  };

  if (patterns.length === 0) {
    if (options.defaultFiles?.length) {
      // Config `files`: globs relative to the config's directory; a `!glob` leaves files out.
      const walks = options.defaultFiles.map((p) => ({pattern: p, ...globWalk(p, options.baseDir)}));
      const excluded = walks.filter((w) => w.negated);
      for (const walk of walks.filter((w) => !w.negated)) {
        const files = walker.run(walk).filter((f) => !excluded.some((x) => x.accept(toPosix(relative(x.root, f.path)))));
        for (const f of files) add(f.path, f.realPath, false, f.viaLink);
      }
    } else {
      for (const f of walker.run(markdownWalk(options.cwd))) add(f.path, f.realPath, false, f.viaLink);
    }
  }

  for (const pattern of patterns) {
    const abs = resolve(options.cwd, pattern);
    let stat: Stats | undefined;
    let code: string | undefined;
    try {
      stat = statSync(abs);
    } catch (error) {
      code = errorCode(error);
    }
    if (stat?.isDirectory()) {
      const before = walker.problems.length;
      const files = walker.run(markdownWalk(abs));
      if (files.length === 0 && walker.problems.length === before) noMatch(pattern, 'no Markdown files in this directory');
      for (const f of files) add(f.path, f.realPath, false, f.viaLink);
    } else if (stat) {
      // A file named explicitly, of any kind: linting refuses what is no regular file, in one line.
      let real = abs;
      try {
        real = realPath(abs);
      } catch {
        // Reported when it is read.
      }
      add(abs, real, true, false);
    } else if ((code === 'ENOENT' || code === 'ENOTDIR') && isGlob(pattern)) {
      const walk = globWalk(pattern, options.cwd);
      const before = walker.problems.length;
      let baseExists = true;
      try {
        statSync(walk.root);
      } catch {
        baseExists = false;
      }
      const files = walk.negated || !baseExists ? [] : walker.run(walk);
      if (files.length === 0 && walker.problems.length === before) noMatch(pattern, 'no files match this pattern');
      for (const f of files) add(f.path, f.realPath, false, f.viaLink);
    } else {
      problems.push({path: pattern, reason: nameProblem(code ?? 'ENOENT')});
    }
  }
  problems.push(...walker.problems);

  const isIgnored = options.ignores.length ? globTest(options.ignores, options.baseDir) : () => false;
  const isIgnoredByFlag = options.ignorePatterns?.length ? globTest(options.ignorePatterns, options.cwd) : () => false;
  const targets: Target[] = [];
  const ignored: string[] = [];
  for (const {viaLink: _viaLink, ...target} of found.values()) {
    if (negations.some((excluded) => excluded(target.path))) continue;
    if (isIgnored(target.path) || isIgnoredByFlag(target.path)) ignored.push(target.path);
    else targets.push(target);
  }
  targets.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  ignored.sort();
  return {targets, ignored, unmatched, problems};
}

/** Profile a config `profiles` glob assigns to a file, first match wins. */
export function mappedProfile(
  path: string,
  profileMap: Array<[string, string]>,
  baseDir: string,
): {name: string; reason: string} | undefined {
  for (const [glob, name] of profileMap) {
    if (globTest([glob], baseDir)(path)) return {name, reason: `config maps "${glob}"`};
  }
  return undefined;
}
