/**
 * `--cache` (ESLint-style): the results of the last run, kept in one JSON
 * file (`.speclintcache` in the working directory by default), so a re-run
 * over an unchanged tree parses nothing.
 *
 * A file's stored outcome is reused only when both of these are unchanged:
 * - the file's content (SHA-256 of its bytes; mtimes are never trusted), and
 *   whether it was named on the command line (that decides skip or report);
 * - the run's key: speclint's version, pinned dependencies and compiled
 *   code (fingerprint.ts), the rule ids, the resolved config (rule settings, profile globs,
 *   base directory) with every profile it makes available (built-in and
 *   custom, whether inline or from a profile file: their resolved content),
 *   and the options that change results (`--profile`), and the shape of the
 *   spec facts stored with a result (SPEC_FACTS_FORMAT). A different key
 *   drops every entry.
 *
 * `--quiet`, `--max-warnings` and the report formats are applied after the
 * results and are not part of the key. Files that could not be read are
 * never stored. The file is written atomically (temporary file in the same
 * directory, fsync, rename; see safe-io.ts); a corrupt, unreadable or
 * foreign cache file is ignored and rebuilt, never fatal, and so is every
 * entry of a good file that does not have the shape of an entry (each is
 * checked on load, down to every message). A cache location that is no
 * regular file (a FIFO, /dev/null, a directory) is a usage error: it is
 * never read (no hang) nor replaced.
 *
 * Over 300 lines: the cache file's format, its key and the check of every
 * stored outcome on load (a foreign or corrupt entry is linted again) are
 * one contract; read apart, a change to one would silently break another.
 */
import {createHash} from 'node:crypto';
import {existsSync, readFileSync, statSync} from 'node:fs';
import {join, resolve} from 'node:path';
import type {ResolvedConfig} from '../config/load.js';
import type {FileResult} from '../engine/lint.js';
import {codeFingerprint} from './fingerprint.js';
import {SPEC_FACTS_FORMAT, type SpecFacts} from '../system/model.js';
import {packageRoot, packageVersion} from '../lib/paths.js';
import {RULES} from '../engine/registry.js';
import {errorCode, FileRefused, readRegularFile, writeFileAtomic} from '../lib/safe-io.js';
import {UsageError} from '../lib/errors.js';

export const DEFAULT_CACHE_FILE = '.speclintcache';

/** Bumped when the cache file's layout changes (2: a result's entry holds the spec's facts for the system checks). */
const CACHE_FORMAT = 2;

/** A cache file larger than this is ignored (10,000 specs make about 30 MB). */
const MAX_CACHE_BYTES = 512 * 1024 * 1024;

/**
 * What is stored for one file: its result (without the path, which depends
 * on the working directory) and, when a system-* rule was on, the spec's
 * facts for the checks across specs (without their file, the same path), or
 * why it was skipped.
 */
export type CachedOutcome = {kind: 'result'; result: Omit<FileResult, 'filePath'>; facts?: Omit<SpecFacts, 'file'>} | {kind: 'skipped'; reason: string};

interface CacheEntry {
  hash: string;
  explicit: boolean;
  outcome: CachedOutcome;
}

interface CacheFile {
  format: number;
  key: string;
  entries: Record<string, CacheEntry>;
}

/**
 * The cache file for `--cache-location`: a path to a file, or to a
 * directory (existing, or written with a trailing slash) that gets a
 * `.speclintcache` inside it. Default: `.speclintcache` in `cwd`.
 */
export function resolveCacheLocation(cwd: string, location?: string): string {
  const path = resolve(cwd, location ?? DEFAULT_CACHE_FILE);
  if (location !== undefined && (/[\\/]$/.test(location) || isDirectory(path))) return join(path, DEFAULT_CACHE_FILE);
  return path;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** JSON with sorted object keys (Maps keep their order, which detection's tie-breaks follow), so equal data gives equal text. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Map) return {'<map>': [...v.entries()]};
    if (v instanceof Set) return {'<set>': [...v]};
    if (v instanceof RegExp) return {'<regexp>': String(v)};
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
    }
    return v;
  });
}

/** The run's key: everything besides a file's own bytes that its result depends on. */
export function cacheKey(config: ResolvedConfig, options: {profile?: string; inlineConfig?: boolean; reportUnusedDisableDirectives?: boolean}): string {
  let dependencies: unknown = null;
  try {
    dependencies = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).dependencies ?? null;
  } catch {
    // Without package.json the version check below fails loudly anyway.
  }
  return createHash('sha256')
    .update(
      stableStringify({
        format: CACHE_FORMAT,
        facts: SPEC_FACTS_FORMAT,
        version: packageVersion(),
        dependencies,
        code: codeFingerprint(),
        rules: RULES.map((r) => r.meta.id),
        config: {
          baseDir: config.baseDir,
          profile: config.profile ?? null,
          profileMap: config.profileMap,
          rules: config.rules,
          maxFileSize: config.maxFileSize,
          maxFileTime: config.maxFileTime,
          profiles: config.profiles,
          onlyRules: config.onlyRules ?? null,
        },
        forcedProfile: options.profile ?? null,
        inlineConfig: options.inlineConfig !== false,
        reportUnusedDisableDirectives: Boolean(options.reportUnusedDisableDirectives),
      }),
    )
    .digest('hex');
}

export class LintCache {
  /** Entries of the loaded file (when its key matched). */
  private readonly old: Map<string, CacheEntry>;
  /** Entries for the files of this run. */
  private readonly next = new Map<string, CacheEntry>();
  /** Files of this run that could not be linted: never stored. */
  private readonly dropped = new Set<string>();
  private changed: boolean;
  reused = 0;
  stored = 0;

  private constructor(
    readonly location: string,
    private readonly key: string,
    old: Map<string, CacheEntry>,
    changed: boolean,
  ) {
    this.old = old;
    this.changed = changed;
  }

  /** Load the cache at `location`; anything unusable (missing, unreadable, corrupt, another key) gives an empty cache. */
  static load(location: string, key: string): LintCache {
    let data: CacheFile | undefined;
    try {
      data = JSON.parse(readRegularFile(location, MAX_CACHE_BYTES).buffer.toString('utf8')) as CacheFile;
    } catch (error) {
      if (error instanceof FileRefused && !/^file is /.test(error.message)) {
        throw new UsageError(`--cache-location ${location}: ${error.message}; speclint writes only regular files`);
      }
      data = undefined;
    }
    const usable =
      data !== null &&
      typeof data === 'object' &&
      data.format === CACHE_FORMAT &&
      data.key === key &&
      data.entries !== null &&
      typeof data.entries === 'object';
    const old = new Map<string, CacheEntry>();
    if (usable) {
      for (const [path, entry] of Object.entries(data!.entries)) if (isEntry(entry)) old.set(path, entry);
    }
    return new LintCache(location, key, old, !usable);
  }

  /** The stored outcome of `path` when its content and explicitness are unchanged (and `usable` accepts it). */
  get(path: string, hash: string, explicit: boolean, usable: (outcome: CachedOutcome) => boolean = () => true): CachedOutcome | undefined {
    const entry = this.old.get(path);
    if (!entry || entry.hash !== hash || entry.explicit !== explicit || !usable(entry.outcome)) return undefined;
    this.next.set(path, entry);
    this.reused++;
    return entry.outcome;
  }

  set(path: string, hash: string, explicit: boolean, outcome: CachedOutcome): void {
    this.next.set(path, {hash, explicit, outcome});
    this.changed = true;
    this.stored++;
  }

  /** Forget a file (it could not be linted this time). */
  delete(path: string): void {
    this.dropped.add(path);
    if (this.old.has(path)) this.changed = true;
  }

  /**
   * Write the cache when anything changed: this run's entries, plus those of
   * files not linted this time that still exist (a run over part of the tree
   * keeps the rest). Returns an error message instead of throwing.
   */
  save(): string | undefined {
    for (const [path, entry] of this.old) {
      if (this.next.has(path) || this.dropped.has(path)) continue;
      if (existsSync(path)) this.next.set(path, entry);
      else this.changed = true;
    }
    if (!this.changed) return undefined;
    const data: CacheFile = {format: CACHE_FORMAT, key: this.key, entries: Object.fromEntries(this.next)};
    try {
      writeFileAtomic(this.location, JSON.stringify(data));
      return undefined;
    } catch (error) {
      return error instanceof FileRefused ? error.message : errorCode(error);
    }
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isPosition = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) >= 0;
const optional = (v: unknown, check: (v: unknown) => boolean) => v === undefined || check(v);
const isString = (v: unknown) => typeof v === 'string';
const PROFILE_SOURCES = new Set(['cli', 'front-matter', 'config', 'detected']);

/** A stored message as lintText makes them: every field the reporters read, of its type. */
function isMessage(value: unknown): boolean {
  if (!isObject(value)) return false;
  const m = value;
  if (!(m['ruleId'] === null || isString(m['ruleId'])) || (m['severity'] !== 1 && m['severity'] !== 2) || !isString(m['message'])) return false;
  if (!isPosition(m['line']) || !isPosition(m['column']) || !optional(m['endLine'], isPosition) || !optional(m['endColumn'], isPosition)) return false;
  if (!optional(m['hint'], isString) || !optional(m['url'], isString) || !optional(m['fatal'], (v) => typeof v === 'boolean')) return false;
  return optional(m['fix'], (fix) => {
    if (!isObject(fix) || !isString(fix['text']) || !Array.isArray(fix['range']) || fix['range'].length !== 2) return false;
    const [start, end] = fix['range'] as unknown[];
    return isCount(start) && isCount(end) && (start as number) <= (end as number);
  });
}

/**
 * An entry as `set` stores them, checked field by field (a cache file is
 * data from disk: a hand-edited, truncated or foreign one must not reach
 * the reporters); the counts must agree with the messages, as lintText
 * computes them. Anything else is ignored, and the file linted again.
 */
export function isEntry(value: unknown): value is CacheEntry {
  if (!isObject(value) || typeof value['hash'] !== 'string' || typeof value['explicit'] !== 'boolean' || !isObject(value['outcome'])) return false;
  const o = value['outcome'];
  if (o['kind'] === 'skipped') return typeof o['reason'] === 'string';
  if (o['kind'] !== 'result' || !isObject(o['result'])) return false;
  const r = o['result'];
  const messages = r['messages'];
  if (!Array.isArray(messages) || !messages.every(isMessage)) return false;
  if (!Array.isArray(r['rulesRun']) || !r['rulesRun'].every(isString)) return false;
  if (r['suppressedMessages'] !== undefined && !(Array.isArray(r['suppressedMessages']) && r['suppressedMessages'].every(isMessage))) return false;
  const profile = r['profile'];
  if (!(profile === null || (isObject(profile) && isString(profile['name']) && isString(profile['reason']) && PROFILE_SOURCES.has(profile['source'] as string)))) return false;
  if (o['facts'] !== undefined && !isFacts(o['facts'])) return false;
  const msgs = messages as Array<{severity: number; fix?: unknown}>;
  const errors = msgs.filter((m) => m.severity === 2).length;
  return (
    r['errorCount'] === errors &&
    r['warningCount'] === msgs.length - errors &&
    r['fixableErrorCount'] === msgs.filter((m) => m.fix && m.severity === 2).length &&
    r['fixableWarningCount'] === msgs.filter((m) => m.fix && m.severity === 1).length
  );
}

const isPlace = (v: unknown): boolean => isObject(v) && isPosition(v['line']) && isPosition(v['column']);
const isBoolean = (v: unknown) => typeof v === 'boolean';
const isNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
const listOf = (v: unknown, check: (item: Record<string, unknown>) => boolean) => Array.isArray(v) && v.every((item) => isObject(item) && check(item));
const strings = (v: unknown) => Array.isArray(v) && v.every(isString);

/** Stored spec facts (model.ts, without `file`): every field the system checks read, of its type. */
function isFacts(value: unknown): boolean {
  if (!isObject(value)) return false;
  const f = value;
  if (!optional(f['service'], (s) => isObject(s) && isString(s['name']) && isPlace(s['at']))) return false;
  if (!strings(f['keys'])) return false;
  const dependency = (d: Record<string, unknown>) =>
    isString(d['name']) &&
    isString(d['type']) &&
    isBoolean(d['critical']) &&
    isBoolean(d['sync']) &&
    optional(d['timeoutMs'], isNumber) &&
    optional(d['timeoutAt'], isPlace) &&
    isString(d['fallback']) &&
    isPlace(d['at']) &&
    isString(d['rowKey']);
  if (!listOf(f['dependencies'], dependency)) return false;
  if (!listOf(f['latency'], (t) => isString(t['operation']) && isNumber(t['p99Ms']) && isPlace(t['at']))) return false;
  if (!optional(f['availability'], (a) => isObject(a) && isNumber(a['percent']) && isString(a['text']) && isPlace(a['at']))) return false;
  const event = (e: Record<string, unknown>) => isString(e['name']) && (e['direction'] === 'published' || e['direction'] === 'consumed') && strings(e['peers']) && isPlace(e['at']);
  if (!listOf(f['events'], event)) return false;
  const tables = f['eventTables'];
  if (!(isObject(tables) && optional(tables['published'], isPlace) && optional(tables['consumed'], isPlace))) return false;
  if (!listOf(f['headings'], (h) => isString(h['slug']) && isString(h['text']) && isPosition(h['line'])) || !strings(f['anchors'])) return false;
  return listOf(f['links'], (l) => isString(l['href']) && isString(l['path']) && isString(l['anchor']) && isPlace(l['at']));
}
