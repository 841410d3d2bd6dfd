/**
 * Lint a set of files: discover, read (with encoding and size checks), lint
 * each with its profile, and gather results in a stable order. Files are
 * linted in-process or by a pool of worker threads (`jobs`, see pool.ts),
 * and with `cache` the results of unchanged files come from the cache file
 * (see cache.ts); either way the results are the same, in the same order.
 *
 * Over 300 lines: the one place discovery, reading, the cache, the pool,
 * --fix, shards and the checks across specs meet, in the order a run does
 * them. Reading and caching one file (lintFile, remember) could move to a
 * module of their own next; their types are already in types.ts.
 */
import {statSync} from 'node:fs';
import {availableParallelism} from 'node:os';
import {isAbsolute, relative, resolve} from 'node:path';
import {cacheKey, contentHash, LintCache, type CachedOutcome} from './cache.js';
import {isProfileFileArg, loadConfig, type ResolvedConfig} from '../config/load.js';
import type {RuleSetting} from '../profiles/types.js';
import {UsageError} from '../lib/errors.js';
import {didYouMean} from '../lib/text.js';
import {discoverFiles, type Target} from './files.js';
import {configProfileFor} from '../engine/choose-profile.js';
import {lintText, type FileResult, type LintOptions} from '../engine/lint.js';
import {fixText} from '../fix/apply.js';
import {decodeText, errorCode, FileRefused, readRegularFile} from '../lib/safe-io.js';
import type {Confinement} from '../lib/confine.js';
import {assignShards, type Shard} from './shard.js';
import {addSystemFindings, systemRulesOn} from '../system/run.js';
import type {SpecFacts} from '../system/model.js';

export {decodeText} from '../lib/safe-io.js';

export type {FileContext, FileOutcome, FileProblem, FixedFile, ReadSignature, RunOptions, RunResult, RunStats, WorkerSetup} from './types.js';
import type {FileContext, FileOutcome, FileProblem, FixedFile, ReadSignature, RunOptions, RunResult, RunStats, WorkerSetup} from './types.js';

/**
 * `jobs: 'auto'` starts a pool only for at least this much Markdown to lint
 * (the work grows with the bytes, not the file count). Measured with
 * `npm run bench -- --threshold` on 2 cores (docs/benchmark.md): each worker
 * costs about 1 s of CPU to start (loading the linter, then mermaid's
 * parser on the first diagram, in a fresh isolate, and warming up the JIT),
 * and a pool of 2 only caught up with in-process linting at about 200
 * benchmark specs (3.1 MiB; at 100 specs, 1.4 MiB, it took 1.08x as
 * long). Below that a pool is slower; a pre-commit run never starts one.
 */
export const AUTO_POOL_MIN_BYTES = 3 * 1024 * 1024;

/**
 * `jobs: 'auto'` lints in-process on fewer CPUs than this, whatever the
 * bytes. Measured on 2 cores (docs/benchmark.md, "When `--jobs auto` starts
 * a pool"): one process already keeps 1.3-1.5 cores busy (V8's collector
 * and compiler threads), and since the grammar-level mermaid check made
 * each file cheap, two workers lost to one process at every size tried,
 * in CPU and in wall time.
 */
export const AUTO_POOL_MIN_CPUS = 3;

function displayPath(cwd: string, path: string): string {
  return relative(cwd, path) || path;
}

/** A file's bytes and stat, read only when it is a regular file within the size limit (checked first). */
export type KnownFile = {buffer: Buffer; size: number; mtimeMs: number; hash?: string};

function readTarget(path: string, limit: number): KnownFile | {reason: string} {
  try {
    const {buffer, stat} = readRegularFile(path, limit);
    return {buffer, size: stat.size, mtimeMs: stat.mtimeMs};
  } catch (error) {
    if (error instanceof FileRefused) return {reason: error.message};
    return {reason: `cannot read file (${errorCode(error)})`};
  }
}

/**
 * How a file at `target.path` is linted under `config`: its profile from the
 * config's `profiles` globs or `profile` (else detection), the config's rule
 * settings, and whether it must be reported even when it looks like no spec
 * (named explicitly, or mapped by config). The CLI and the language server
 * both lint through this.
 */
export function lintOptionsFor(
  target: Target,
  display: string,
  config: ResolvedConfig,
  run: Pick<LintOptions, 'forcedProfile' | 'maxFileTime' | 'inlineConfig' | 'reportUnusedDisableDirectives' | 'systemFacts'> = {},
): LintOptions {
  const configProfile = configProfileFor(target.path, config);
  return {
    filePath: display,
    profiles: config.profiles,
    forcedProfile: run.forcedProfile,
    configProfile,
    ruleOverrides: config.rules,
    explicit: target.explicit || configProfile !== undefined,
    maxFileTime: run.maxFileTime ?? config.maxFileTime,
    inlineConfig: run.inlineConfig,
    reportUnusedDisableDirectives: run.reportUnusedDisableDirectives,
    onlyRules: config.onlyRules,
    ...(run.systemFacts ? {systemFacts: true} : {}),
  };
}

/**
 * Read, check and lint one file, the same in-process and in a pool worker.
 * A problem with the file itself (unreadable, too large, binary, not UTF-8)
 * is an outcome, not an exception. `known`: the file's bytes (and hash)
 * when the caller has read them already.
 */
export async function lintFile(target: Target, context: FileContext, known?: KnownFile): Promise<FileOutcome> {
  const {config} = context;
  const display = target.display ?? displayPath(context.cwd, target.path);
  const read = known ?? readTarget(target.path, config.maxFileSize);
  if ('reason' in read) return {kind: 'problem', reason: read.reason};
  const {buffer} = read;
  const decoded = decodeText(buffer);
  if ('reason' in decoded) return {kind: 'problem', reason: decoded.reason};
  const hash = context.hash ? (known?.hash ?? contentHash(buffer)) : undefined;
  const lintOptions = lintOptionsFor(target, display, config, {
    forcedProfile: context.profile,
    maxFileTime: context.maxFileTime,
    inlineConfig: context.inlineConfig,
    reportUnusedDisableDirectives: context.reportUnusedDisableDirectives,
    systemFacts: context.systemFacts,
  });
  let outcome = await lintText(decoded.text, lintOptions);
  let fixed: FixedFile | undefined;
  if (context.fix && outcome.result?.messages.some((m) => m.fix)) {
    const before = outcome.result;
    const repaired = await fixText(decoded.text, lintOptions, outcome);
    outcome = repaired.outcome;
    if (repaired.output !== decoded.text) {
      const bom = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf;
      const signature: ReadSignature = {size: read.size, mtimeMs: read.mtimeMs, hash: hash ?? contentHash(buffer)};
      fixed = {path: target.path, display, bom, original: decoded.text, output: repaired.output, before, read: signature};
    }
  }
  if (!outcome.result) return {kind: 'skipped', reason: outcome.skippedReason ?? 'not a spec', hash};
  // A copy that holds nothing of the document: messages quote cells and
  // headings, and V8 keeps a substring as a slice of its whole source text,
  // so the bare result would keep every linted file's text alive until the
  // report (measured over 2,000 benchmark specs: 16.5 KB of live heap per
  // result, 5 KB for the copy). Structured clone, as a pool worker's results
  // get, so both ways give the same objects.
  // The facts too (names and cells as written): with --fix, those of the fixed text, as the result.
  const {result, facts} = structuredClone({result: outcome.result, facts: outcome.facts});
  return {kind: 'result', result, ...(fixed ? {fixed} : {}), hash, ...(facts ? {facts} : {})};
}

/**
 * The results of thousands of files repeat the same strings (rule ids, docs
 * URLs, hints, profile reasons) and the same list of rules run, each a copy
 * of its own once cloned: keep one of each. Measured over 2,000 benchmark
 * specs: 37 MB of live heap after the run instead of 40 MB (about 1.5 KB
 * less per file, held until the report). Changes no value.
 */
function sharing(): (result: FileResult) => void {
  const strings = new Map<string, string>();
  const lists = new Map<string, string[]>();
  const one = (text: string): string => {
    const hit = strings.get(text);
    if (hit !== undefined) return hit;
    strings.set(text, text);
    return text;
  };
  return (result) => {
    const key = result.rulesRun.join('\0');
    let list = lists.get(key);
    if (!list) lists.set(key, (list = result.rulesRun.map(one)));
    result.rulesRun = list;
    if (result.profile) {
      result.profile.name = one(result.profile.name);
      result.profile.reason = one(result.profile.reason);
    }
    for (const m of result.messages) {
      if (m.ruleId !== null) m.ruleId = one(m.ruleId);
      if (m.hint !== undefined) m.hint = one(m.hint);
      if (m.url !== undefined) m.url = one(m.url);
    }
  };
}

/**
 * Worker threads for `jobs` and the files to lint (1: in-process). `bytes`
 * gives their total size, or at least `AUTO_POOL_MIN_BYTES` when they hold
 * that much; it is asked only for `auto` on a machine with several CPUs.
 */
export function poolSize(jobs: RunOptions['jobs'], files: number, bytes: () => number, cpus = availableParallelism()): number {
  if (jobs === undefined || files < 2) return 1;
  if (jobs !== 'auto') return Math.max(1, Math.min(jobs, files));
  if (cpus < AUTO_POOL_MIN_CPUS) return 1;
  return bytes() >= AUTO_POOL_MIN_BYTES ? Math.min(cpus, files) : 1;
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0; // Reported as a problem when read.
  }
}

/** Store what linting a file gave. Problems are never stored; nor is a result after `--fix`, which describes the fixed text, not the file. */
function remember(cache: LintCache, target: Target, outcome: FileOutcome): void {
  if (outcome.kind === 'problem') return cache.delete(target.path);
  if (outcome.hash === undefined || (outcome.kind === 'result' && outcome.fixed)) return;
  // Nor a file that was not linted (file-budget): whether it fits the time limit depends on the machine.
  if (outcome.kind === 'result' && outcome.result.messages.some((m) => m.ruleId === 'file-budget')) return cache.delete(target.path);
  let stored: CachedOutcome;
  if (outcome.kind === 'result') {
    const {filePath: _path, ...result} = outcome.result;
    // The facts' file is the result's path, put back on a warm run.
    const facts = outcome.facts ? (({file: _file, ...rest}) => rest)(outcome.facts) : undefined;
    stored = {kind: 'result', result, ...(facts ? {facts} : {})};
  } else {
    stored = {kind: 'skipped', reason: outcome.reason};
  }
  cache.set(target.path, outcome.hash, target.explicit, stored);
}

export async function runLint(options: RunOptions): Promise<RunResult> {
  const {confine} = options;
  const profileFile = options.profile !== undefined && isProfileFileArg(options.profile) ? options.profile : undefined;
  let config = loadConfig({
    cwd: options.cwd,
    configPath: options.configPath,
    confine,
    useConfigFile: options.configLookup === false ? false : undefined,
    rules: options.rules,
    profileFile,
  });
  if (options.maxFileTime !== undefined) config = {...config, maxFileTime: options.maxFileTime};
  const profile = config.profileFromFile ?? options.profile;
  if (profile && !config.profiles.has(profile)) {
    throw new UsageError(
      `unknown profile "${profile}"${didYouMean(profile, config.profiles.keys())} (known: ${[...config.profiles.keys()].join(', ')}; a profile file is named by its path, such as ./my-profile.yaml)`,
    );
  }
  if (options.ignore === false) config = {...config, ignores: []};
  const ignorePatterns = options.ignore === false ? [] : options.ignorePatterns;
  if (options.stdin) return lintStdin(options, config, profile);
  // Confined, a pattern reaching outside is a problem, and is not searched.
  const refused: FileProblem[] = [];
  const searchable = (list: string[], base: string) =>
    list.filter((pattern) => {
      const why = confine?.patternRefusal(pattern, base);
      if (why) refused.push({path: pattern, reason: why});
      return !why;
    });
  const patterns = searchable(options.patterns, options.cwd);
  const defaultFiles = config.files && (options.patterns.length ? config.files : searchable(config.files, config.baseDir));
  // All that was asked for was refused: search nothing, not the default of every Markdown file.
  const allRefused = options.patterns.length > 0 ? patterns.length === 0 : (config.files?.length ?? 0) > 0 && defaultFiles!.length === 0;
  const discovery = allRefused
    ? {targets: [], ignored: [], unmatched: [], problems: []}
    : await discoverFiles(patterns, {
        cwd: options.cwd,
        defaultFiles,
        ignores: config.ignores,
        baseDir: config.baseDir,
        errorOnUnmatchedPattern: options.errorOnUnmatchedPattern ?? true,
        followSymlinks: !confine,
        ignorePatterns,
        gitignore: options.ignore !== false,
      });
  // The cache file is never linted, even when a directory or glob sweeps it in.
  let targets = options.cacheLocation ? discovery.targets.filter((t) => t.path !== options.cacheLocation) : discovery.targets;
  if (options.shard) {
    // Every shard discovers every file, then keeps its own part: the split needs the whole set.
    const shardOf = assignShards(targets.map((t) => ({path: t.path, size: fileSize(t.path)})), options.shard.count);
    targets = targets.filter((t) => shardOf.get(t.path) === options.shard!.index);
  }

  let cache: LintCache | undefined;
  if (options.cacheLocation) {
    cache = LintCache.load(options.cacheLocation, cacheKey(config, {profile, inlineConfig: options.inlineConfig, reportUnusedDisableDirectives: options.reportUnusedDisableDirectives}));
  }
  // The facts for the checks across specs are read while each file is linted, and cached with its result.
  const systemFacts = options.systemFacts === true || systemRulesOn(config);
  const context: FileContext = {
    cwd: options.cwd,
    config,
    profile,
    fix: options.fix,
    hash: cache !== undefined,
    systemFacts,
    maxFileTime: options.maxFileTime,
    inlineConfig: options.inlineConfig,
    reportUnusedDisableDirectives: options.reportUnusedDisableDirectives,
  };

  // Outcomes by index in the sorted file list: the report order is the same however they were produced.
  const outcomes: FileOutcome[] = new Array(targets.length);
  let done = 0;
  let linted = 0;
  const share = sharing();
  const record = (index: number, outcome: FileOutcome, fromCache = false) => {
    if (outcome.kind === 'result') share(outcome.result);
    outcomes[index] = outcome;
    if (!fromCache && outcome.kind !== 'problem') linted++;
    if (cache && !fromCache) remember(cache, targets[index]!, outcome);
    options.onProgress?.(++done, targets.length);
  };
  /** With a cache: read and hash the file; true when that settled it (a problem, or a result from the cache). */
  const fromCache = (index: number): KnownFile | true => {
    const target = targets[index]!;
    const read = readTarget(target.path, config.maxFileSize);
    if ('reason' in read) {
      record(index, {kind: 'problem', reason: read.reason});
      return true;
    }
    const hash = contentHash(read.buffer);
    // With --fix, a stored result with fixable findings is linted again to compute the fixes; one without
    // the facts a system rule needs (stored by a run that needed none) is linted again to read them.
    const usable = (o: CachedOutcome) =>
      o.kind !== 'result' || (!(options.fix && o.result.messages.some((m) => m.fix)) && (!systemFacts || o.facts !== undefined));
    const hit = cache!.get(target.path, hash, target.explicit, usable);
    if (!hit) return {...read, hash};
    const display = displayPath(options.cwd, target.path);
    const outcome: FileOutcome =
      hit.kind === 'result'
        ? {kind: 'result', result: {filePath: display, ...hit.result}, ...(systemFacts && hit.facts ? {facts: {file: display, ...hit.facts}} : {})}
        : {kind: 'skipped', reason: hit.reason};
    record(index, outcome, true);
    return true;
  };

  let queue = targets.map((_, index) => index);
  if (confine) {
    // Refused before anything opens them (a symbolic link out of the directory, or into .git).
    queue = queue.filter((index) => {
      const why = confine.refusal(targets[index]!.path);
      if (why) record(index, {kind: 'problem', reason: why});
      return !why;
    });
  }
  const sizes = new Map<number, number>();
  /** Total size of the queue, stopping once it is enough for a pool. */
  const bytes = () => {
    let total = 0;
    for (const index of queue) {
      total += sizes.get(index) ?? fileSize(targets[index]!.path);
      if (total >= AUTO_POOL_MIN_BYTES) break;
    }
    return total;
  };
  let jobs = poolSize(options.jobs, queue.length, bytes);
  let checked = false;
  if (cache && jobs > 1) {
    // Take what the cache holds first, then size the pool for what is left.
    queue = queue.filter((index) => {
      const found = fromCache(index);
      if (found !== true) sizes.set(index, found.buffer.length);
      return found !== true;
    });
    checked = true;
    jobs = poolSize(options.jobs, queue.length, bytes);
  }
  const pool = jobs > 1 ? await import('./pool.js') : undefined;
  if (pool?.poolAvailable()) {
    const setup: WorkerSetup = {
      cwd: options.cwd,
      configPath: config.path,
      profile,
      fix: options.fix,
      hash: cache !== undefined,
      maxFileTime: options.maxFileTime,
      rules: options.rules,
      useConfigFile: config.path !== undefined,
      profileFile,
      inlineConfig: options.inlineConfig,
      reportUnusedDisableDirectives: options.reportUnusedDisableDirectives,
      systemFacts,
    };
    await pool.lintInPool(
      queue.map((index) => ({index, path: targets[index]!.path, explicit: targets[index]!.explicit})),
      setup,
      jobs,
      record,
    );
  } else {
    jobs = 1;
    for (const index of queue) {
      let known: KnownFile | undefined;
      if (cache && !checked) {
        const found = fromCache(index);
        if (found === true) continue;
        known = found;
      }
      record(index, await lintFile(targets[index]!, context, known));
    }
  }

  const results: FileResult[] = [];
  const skipped: RunResult['skipped'] = [];
  const problems: FileProblem[] = [
    ...refused,
    ...discovery.problems.map((p) => ({path: isAbsolute(p.path) ? displayPath(options.cwd, p.path) : p.path, reason: p.reason})),
  ];
  const fixed: FixedFile[] = [];
  const specs: Array<{result: FileResult; facts?: SpecFacts}> = [];
  outcomes.forEach((outcome, index) => {
    if (outcome.kind === 'result') {
      results.push(outcome.result);
      specs.push({result: outcome.result, ...(outcome.facts ? {facts: outcome.facts} : {})});
      if (outcome.fixed) fixed.push(outcome.fixed);
    } else {
      const path = displayPath(options.cwd, targets[index]!.path);
      if (outcome.kind === 'skipped') skipped.push({path, reason: outcome.reason});
      else problems.push({path, reason: outcome.reason, file: true});
    }
  });
  // Checks across the specs (src/system/): only when a system-* rule is on.
  if (systemFacts) addSystemFindings(specs, config, {reportUnused: options.reportUnusedDisableDirectives});
  const stats: RunStats = {jobs};
  if (cache) stats.cache = {location: cache.location, reused: cache.reused, linted, writeError: cache.save()};
  const nameProblems = refused.length + discovery.problems.length;
  return {
    results,
    skipped,
    ignored: discovery.ignored.map((p) => relative(options.cwd, p)),
    problems,
    nameProblems,
    ...(options.shard ? {shard: options.shard} : {}),
    config,
    fixed,
    stats,
    ...(systemFacts ? {facts: specs.flatMap((s) => (s.facts ? [s.facts] : []))} : {}),
  };
}

/**
 * `--stdin`: lint one text as `filename` (config `profiles` globs, `profile`
 * and `ignores` apply to that name, as ESLint's --stdin-filename), or as
 * `<stdin>`, whose profile comes from front matter, config `profile` or detection.
 */
async function lintStdin(options: RunOptions, config: ResolvedConfig, profile: string | undefined): Promise<RunResult> {
  const {text, filename} = options.stdin!;
  const path = resolve(options.cwd, filename ?? '<stdin>');
  const target: Target = {path, explicit: true, ...(filename === undefined ? {display: '<stdin>'} : {})};
  const empty = {results: [], skipped: [], problems: [], nameProblems: 0, config, fixed: [], stats: {jobs: 1}};
  if (filename !== undefined && options.ignore !== false) {
    const {globTest} = await import('./files.js');
    const ignoredByConfig = config.ignores.length > 0 && globTest(config.ignores, config.baseDir)(path);
    const ignoredByFlag = (options.ignorePatterns?.length ?? 0) > 0 && globTest(options.ignorePatterns!, options.cwd)(path);
    if (ignoredByConfig || ignoredByFlag) return {...empty, ignored: [displayPath(options.cwd, path)]};
  }
  const buffer = Buffer.from(text, 'utf8');
  if (buffer.length > config.maxFileSize) {
    return {...empty, ignored: [], problems: [{file: true, path: target.display ?? displayPath(options.cwd, path), reason: `larger than maxFileSize (${buffer.length} > ${config.maxFileSize} bytes); not linted`}]};
  }
  const context: FileContext = {
    cwd: options.cwd,
    config,
    profile,
    fix: options.fix,
    maxFileTime: options.maxFileTime,
    inlineConfig: options.inlineConfig,
    reportUnusedDisableDirectives: options.reportUnusedDisableDirectives,
  };
  const outcome = await lintFile(target, context, {buffer, size: buffer.length, mtimeMs: 0});
  const display = target.display ?? displayPath(options.cwd, path);
  if (outcome.kind === 'problem') return {...empty, ignored: [], problems: [{path: display, reason: outcome.reason, file: true}]};
  if (outcome.kind === 'skipped') return {...empty, ignored: [], skipped: [{path: display, reason: outcome.reason}]};
  return {...empty, ignored: [], results: [outcome.result], fixed: outcome.fixed ? [outcome.fixed] : []};
}
