/**
 * Lint a set of files: discover, read (with encoding and size checks), lint
 * each with its profile, and gather results in a stable order.
 */
import {readFileSync} from 'node:fs';
import {relative} from 'node:path';
import {loadConfig, type ResolvedConfig} from './config.js';
import {UsageError} from './errors.js';
import {discoverFiles, mappedProfile} from './files.js';
import {lintText, type FileResult} from './lint.js';

export interface RunOptions {
  cwd: string;
  patterns: string[];
  configPath?: string;
  profile?: string;
  errorOnUnmatchedPattern?: boolean;
}

export interface FileProblem {
  path: string;
  /** One line: what is wrong with the input. */
  reason: string;
}

export interface RunResult {
  results: FileResult[];
  /** Files swept in that look like no spec. */
  skipped: Array<{path: string; reason: string}>;
  /** Files left out by config `ignores`. */
  ignored: string[];
  /** Files that could not be linted (unreadable, binary, not UTF-8, too large): exit 2. */
  problems: FileProblem[];
  config: ResolvedConfig;
}

const utf8 = new TextDecoder('utf-8', {fatal: true});

/**
 * Decode a file as UTF-8 text. Returns a reason instead when it is binary
 * (a NUL byte in its first 8 KiB) or not valid UTF-8.
 */
export function decodeText(buffer: Buffer): {text: string} | {reason: string} {
  const head = buffer.subarray(0, 8192);
  if (head.includes(0)) return {reason: 'binary file (contains NUL bytes), not Markdown'};
  try {
    let text = utf8.decode(buffer);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return {text};
  } catch {
    return {reason: 'not valid UTF-8 text (speclint reads Markdown as UTF-8)'};
  }
}

export async function runLint(options: RunOptions): Promise<RunResult> {
  const config = loadConfig({cwd: options.cwd, configPath: options.configPath});
  if (options.profile && !config.profiles.has(options.profile)) {
    throw new UsageError(`unknown profile "${options.profile}" (known: ${[...config.profiles.keys()].join(', ')})`);
  }
  const discovery = await discoverFiles(options.patterns, {
    cwd: options.cwd,
    defaultFiles: config.files,
    ignores: config.ignores,
    baseDir: config.baseDir,
    errorOnUnmatchedPattern: options.errorOnUnmatchedPattern ?? true,
  });

  const results: FileResult[] = [];
  const skipped: RunResult['skipped'] = [];
  const problems: FileProblem[] = [];
  for (const target of discovery.targets) {
    const display = relative(options.cwd, target.path) || target.path;
    let buffer: Buffer;
    try {
      buffer = readFileSync(target.path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      problems.push({path: display, reason: `cannot read file (${code ?? String(error)})`});
      continue;
    }
    if (buffer.length > config.maxFileSize) {
      problems.push({
        path: display,
        reason: `file is ${(buffer.length / 1048576).toFixed(1)} MiB, over the ${(config.maxFileSize / 1048576).toFixed(1)} MiB limit (set maxFileSize in config to lint it)`,
      });
      continue;
    }
    const decoded = decodeText(buffer);
    if ('reason' in decoded) {
      problems.push({path: display, reason: decoded.reason});
      continue;
    }
    const configProfile =
      mappedProfile(target.path, config.profileMap, config.baseDir) ??
      (config.profile ? {name: config.profile, reason: 'config "profile"'} : undefined);
    const outcome = await lintText(decoded.text, {
      filePath: display,
      profiles: config.profiles,
      forcedProfile: options.profile,
      configProfile,
      ruleOverrides: config.rules,
      explicit: target.explicit || configProfile !== undefined,
    });
    if (outcome.result) results.push(outcome.result);
    else skipped.push({path: display, reason: outcome.skippedReason ?? 'not a spec'});
  }
  return {results, skipped, ignored: discovery.ignored.map((p) => relative(options.cwd, p)), problems, config};
}
