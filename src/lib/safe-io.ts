/**
 * Reading and writing files without surprises, for every file speclint
 * reads as input (specs, the cache) or writes (the cache, `-o` reports,
 * `--fix`, `init -o`, `profile derive -o`):
 *
 * - Reading: the file is opened non-blocking and checked with fstat before
 *   a byte is read, so a FIFO, a device (`/dev/zero`) or a directory is
 *   refused at once instead of hanging or reading without end, and a file
 *   over the size limit is refused from its size, never read in full. At
 *   most `limit + 1` bytes are read even when the file grows meanwhile.
 * - Writing: only regular files (or a new path) are written, and always
 *   atomically: a temporary file in the same directory, written, fsynced,
 *   given the original's mode (and owner, which only root can keep when it
 *   is someone else's), then renamed over the target (a symlink's target is
 *   replaced, the link kept); the directory is fsynced after the rename. A
 *   target that is a FIFO, a device or a directory is refused, so
 *   `--cache-location /dev/null` never replaces /dev/null with a file.
 */
import {randomBytes} from 'node:crypto';
import {
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fstatSync,
  fsyncSync,
  linkSync,
  lstatSync,
  openSync,
  readSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import {basename, dirname, join} from 'node:path';

/** An input or output that is refused for what it is (not a regular file, too large, read-only): `message` is one line. */
export class FileRefused extends Error {
  override name = 'FileRefused';
}

/** What a non-regular file is, for messages: "a directory", "a FIFO", "a character device". */
export function fileKind(stat: Stats): string {
  if (stat.isFile()) return 'a regular file';
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** One line for an errno error: its code, or its message. */
export function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException)?.code ?? (error instanceof Error ? error.message : String(error));
}

export interface ReadFile {
  buffer: Buffer;
  /** The file's stat when it was opened (size, mtime, mode, owner). */
  stat: Stats;
}

/** Open flags for reading that never block on a FIFO (O_NONBLOCK is 0 where the platform has none). */
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}

/** The message for a file over the size limit. */
export function tooLarge(size: number, limit: number, hint = ' (set maxFileSize in config to lint it)'): string {
  return `file is ${mib(size)}, over the ${mib(limit)} limit${hint}`;
}

/**
 * Read a regular file of at most `limit` bytes. Throws FileRefused for a
 * file that is no regular file or is too large (checked before reading),
 * and the errno error for one that cannot be opened or read.
 */
export function readRegularFile(path: string, limit: number, tooLargeHint?: string): ReadFile {
  const fd = openSync(path, READ_FLAGS);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new FileRefused(`not a regular file (${fileKind(stat)})`);
    if (stat.size > limit) throw new FileRefused(tooLarge(stat.size, limit, tooLargeHint));
    // The size may change between fstat and the reads: read to the end, but never more than limit + 1 bytes.
    let buffer = Buffer.allocUnsafe(Math.min(limit + 1, stat.size + 1));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (buffer.length > limit) break;
        const grown = Buffer.allocUnsafe(Math.min(limit + 1, buffer.length * 2));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > limit) throw new FileRefused(tooLarge(length, limit, tooLargeHint));
    return {buffer: buffer.subarray(0, length), stat};
  } finally {
    closeSync(fd);
  }
}

export interface WriteOptions {
  /** Fail with EEXIST when the target exists (`init -o` without `--force`). */
  exclusive?: boolean;
  /**
   * Called with the target's stat (after following a symlink) before the
   * temporary file is made, for a caller's own checks (`--fix`: unchanged,
   * not read-only); throw to refuse.
   */
  check?: (target: string, stat: Stats) => void;
  /**
   * Refuse (FileRefused) when the owner of the file replaced cannot be kept
   * (`--fix`: a user's spec must stay theirs). Otherwise the owner is kept
   * where possible and the write goes on.
   */
  requireOwner?: boolean;
  /** For tests: the rename step. */
  rename?: (from: string, to: string) => void;
}

/** The path to write for `path`: a symlink's target, else the path itself; with its stat when it exists. */
function writeTarget(path: string): {target: string; stat?: Stats} {
  let link: Stats;
  try {
    link = lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {target: path};
    throw error;
  }
  if (!link.isSymbolicLink()) return {target: path, stat: link};
  const target = realpathSync(path);
  return {target, stat: statSync(target)};
}

function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, constants.O_RDONLY);
    fsyncSync(fd);
  } catch {
    // Not every platform can open or fsync a directory (Windows): the rename itself is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Write `data` to `path` atomically, as described above. Throws FileRefused
 * for a target that is no regular file, an errno error when a step fails;
 * the target is then untouched and no temporary file is left.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, options: WriteOptions = {}): void {
  const {target, stat} = writeTarget(path);
  if (stat && !stat.isFile()) throw new FileRefused(`not a regular file (${fileKind(stat)}); speclint writes only regular files`);
  if (stat && options.exclusive) throw Object.assign(new Error(`EEXIST: file already exists, ${path}`), {code: 'EEXIST'});
  if (stat) options.check?.(target, stat);
  const dir = dirname(target);
  const temp = join(dir, `.${basename(target)}.speclint-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let fd: number | undefined;
  try {
    fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, stat ? 0o600 : 0o666);
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
    if (stat) {
      // Root makes the file root's: give it back to its owner. Anyone else can only keep an owner that is theirs.
      if (process.platform !== 'win32' && (stat.uid !== process.getuid?.() || stat.gid !== process.getgid?.())) {
        try {
          fchownSync(fd, stat.uid, stat.gid);
        } catch (error) {
          if (options.requireOwner) throw new FileRefused(`cannot keep its owner (uid ${stat.uid}, gid ${stat.gid}: ${errorCode(error)}); not written`);
        }
      }
      fchmodSync(fd, stat.mode & 0o7777);
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    if (options.exclusive) {
      // A hard link fails if the target appeared meanwhile, where a rename would replace it.
      try {
        linkSync(temp, target);
        unlinkSync(temp);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
        (options.rename ?? renameSync)(temp, target); // A file system without hard links.
      }
    } else {
      (options.rename ?? renameSync)(temp, target);
    }
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // Never made, or already renamed.
    }
    throw error;
  }
  fsyncDirectory(dir);
}

const utf8 = new TextDecoder('utf-8', {fatal: true});

/** The encoding a byte order mark or the pattern of NUL bytes gives away: UTF-16 and UTF-32 are not read. */
function wideEncoding(head: Uint8Array): string | undefined {
  const [a, b, c, d] = head;
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return 'UTF-32';
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return 'UTF-32';
  if ((a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff)) return 'UTF-16';
  // Without a BOM: ASCII text in UTF-16 has a NUL in every other byte, all on one side.
  if (head.length < 8) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < head.length; i++) if (head[i] === 0) i % 2 ? odd++ : even++;
  const pairs = Math.floor(head.length / 2);
  if ((even === 0 && odd >= pairs * 0.7) || (odd === 0 && even >= pairs * 0.7)) return 'UTF-16';
  return undefined;
}

/**
 * Decode a file as UTF-8 text (a BOM dropped). Returns a reason instead when
 * it is UTF-16 or UTF-32, binary (a NUL byte in its first 8 KiB) or not
 * valid UTF-8.
 */
export function decodeText(buffer: Uint8Array): {text: string} | {reason: string} {
  const head = buffer.subarray(0, 8192);
  const wide = wideEncoding(head);
  if (wide) return {reason: `${wide} text, not supported; save it as UTF-8`};
  if (head.includes(0)) return {reason: 'binary file (contains NUL bytes), not Markdown'};
  try {
    let text = utf8.decode(buffer);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return {text};
  } catch {
    return {reason: 'not valid UTF-8 text (speclint reads Markdown as UTF-8)'};
  }
}

/** Read a Markdown file as text with every check linting applies (regular file, size limit, encoding); a reason instead when one fails. */
export function readTextFile(path: string, limit: number): {text: string} | {reason: string} {
  let buffer: Buffer;
  try {
    buffer = readRegularFile(path, limit).buffer;
  } catch (error) {
    if (error instanceof FileRefused) return {reason: error.message};
    const code = errorCode(error);
    return {reason: code === 'ENOENT' ? 'no such file' : code};
  }
  return decodeText(buffer);
}
