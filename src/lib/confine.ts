/**
 * Confinement to one directory: what speclint reads when the files it is
 * given, and the config naming them, come from someone else (the GitHub
 * Action on a pull request, or `--confine DIR`). A pull request controls
 * its config's `files` (absolute paths, `../`), `extends` and profile file
 * paths, and can add symbolic links (`docs/notes.md -> ../.git/config`); a
 * rule that quotes what it matches would then print another file, git
 * credentials included, into the log, the annotations and the job summary.
 *
 * Confined, a path is read only when its real path (symbolic links
 * resolved) is inside the directory and not inside a `.git` directory;
 * anything else is refused, with one line saying why, before it is opened.
 * Config search stops at the directory, and directory sweeps do not follow
 * symbolic links (a link to `/` would walk the whole disk).
 */
import {realpathSync} from 'node:fs';
import {createRequire} from 'node:module';
import {isAbsolute, relative, resolve, sep} from 'node:path';
import type picomatchType from 'picomatch';
import {UsageError} from './errors.js';

/** A `..` path segment anywhere in a glob, braces included: `../x`, `a/../../b`, `{../a,b}`. */
const PARENT_SEGMENT = /(?:^|[/\\{,])\.\.(?:$|[/\\},])/;

export class Confinement {
  /** The directory's real path. */
  readonly root: string;

  constructor(
    dir: string,
    /** How messages name the directory: "the workspace", "--confine DIR". */
    readonly label = `the directory ${dir}`,
  ) {
    try {
      this.root = realpathSync.native(resolve(dir));
    } catch (error) {
      throw new UsageError(`cannot confine reading to ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }

  /** Whether a directory (as given, or its real path) is the root or inside it. */
  holdsDirectory(dir: string): boolean {
    const abs = resolve(dir);
    if (this.contains(abs)) return true;
    try {
      return this.contains(realpathSync.native(abs));
    } catch {
      return false;
    }
  }

  /** Whether a (real) path is the root or inside it. */
  private contains(real: string): boolean {
    const rel = relative(this.root, real);
    return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
  }

  /**
   * Why `path` may not be read (one line, no path in it), or undefined when
   * it may. A path that does not exist may be read: reading it reports that.
   */
  refusal(path: string): string | undefined {
    const abs = resolve(path);
    let real: string;
    try {
      real = realpathSync.native(abs);
    } catch {
      // Not there (or a dangling link): refuse only what is outside even before resolving.
      return this.contains(abs) ? undefined : `outside ${this.label}; not read`;
    }
    const link = real !== abs && this.contains(abs) ? ', through a symbolic link' : '';
    if (!this.contains(real)) return `outside ${this.label}${link}; not read`;
    if (relative(this.root, real).split(sep).includes('.git')) return `inside a .git directory${link}; not read`;
    return undefined;
  }

  /**
   * Why a file, directory or glob (relative to `cwd`) may not be searched,
   * or undefined when it may: its fixed leading part must be inside, and a
   * glob part may not climb out with `..`. Negated patterns only exclude.
   */
  patternRefusal(pattern: string, cwd: string): string | undefined {
    const scan = (createRequire(import.meta.url)('picomatch') as typeof picomatchType).scan(pattern);
    if (scan.negated) return undefined;
    if (PARENT_SEGMENT.test(scan.glob)) return `climbs out with ".." in its glob part; not searched under ${this.label}`;
    const why = this.refusal(resolve(cwd, scan.base || '.'));
    return why?.replace(/; not read$/, '; not searched');
  }

  /** Throw a UsageError when `path` may not be read. `what` names it: "config file ../x.json". */
  check(path: string, what: string): void {
    const why = this.refusal(path);
    if (why) throw new UsageError(`${what}: ${why}`);
  }
}
