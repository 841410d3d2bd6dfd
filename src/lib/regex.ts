/**
 * Regular expressions from config and custom profiles (section `pattern`,
 * `detect.title`, rule options such as no-placeholders `patterns` or
 * identifiers `ruleIdPattern`). A pull request controls its own config, so
 * such a pattern must not be able to hang a run: JavaScript's backtracking
 * engine takes exponential time on `(a+)+$` against "aaaa...!". Patterns are
 * therefore run with RE2 (re2js, a pure JavaScript port), whose matching
 * time is linear in the text; RE2 has no lookaround and no backreferences,
 * so a pattern using them is a config error. The patterns speclint ships
 * (rule defaults, built-in profiles) are reviewed and keep running with
 * JavaScript's engine, 1.5-4x faster per pattern (docs/benchmark.md), and
 * the bracketed-placeholder default needs lookahead; a config that copies
 * one verbatim gets the same.
 */
import {createRequire} from 'node:module';
import type {RE2JS as RE2JSClass} from 're2js';

/** A compiled pattern: `test` and global `matchAll`, whichever engine runs it. */
export interface Pattern {
  readonly source: string;
  test(text: string): boolean;
  /** Every match, as `String.prototype.matchAll` with the `g` flag gives them (index, groups). */
  matchAll(text: string): Iterable<RegExpMatchArray>;
}

/**
 * RE2 instructions a configured pattern may compile to. Matching costs up to
 * instructions x text length; the largest shipped pattern compiles to 437.
 */
export const MAX_PATTERN_SIZE = 1000;

const trusted = new Set<string>();

/**
 * Mark every string in `value` (at any depth) as shipped with speclint, so
 * that compiling it as a pattern runs JavaScript's own engine. Only data we
 * ship is passed here (built-in profiles, rules' default options, the
 * default placeholders), and all of it is patterns we wrote or plain text,
 * so every string is trusted, whatever its key: detection evidence (`text`)
 * and placeholder lists are patterns under other keys. Were a configured
 * pattern equal to one of them, running it natively is as safe as ours.
 */
export function trustPatterns(value: unknown): void {
  if (typeof value === 'string') {
    trusted.add(value);
  } else if (Array.isArray(value)) {
    for (const item of value) trustPatterns(item);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) trustPatterns(v);
  }
}

let re2js: typeof RE2JSClass | undefined;
function RE2(): typeof RE2JSClass {
  // Loaded only when a config has a pattern of its own.
  re2js ??= (createRequire(import.meta.url)('re2js') as {RE2JS: typeof RE2JSClass}).RE2JS;
  return re2js;
}

/** Flags a pattern may have besides `g`: `i`, `m`, `s`, `u` (RE2 always matches by code point). */
const FLAGS = /^[imsu]*$/;

function re2Flags(flags: string): number {
  const R = RE2();
  return (flags.includes('i') ? R.CASE_INSENSITIVE : 0) | (flags.includes('m') ? R.MULTILINE : 0) | (flags.includes('s') ? R.DOTALL : 0);
}

function nativePattern(source: string, flags: string): Pattern {
  const once = new RegExp(source, flags);
  const global = new RegExp(source, `${flags}g`);
  return {
    source,
    test: (text) => once.test(text),
    matchAll: (text) => text.matchAll(global),
  };
}

function re2Pattern(source: string, flags: string): Pattern {
  const R = RE2();
  const compiled = R.compile(R.translateRegExp(source), re2Flags(flags));
  const size = compiled.programSize();
  if (size > MAX_PATTERN_SIZE) throw new PatternError(`too large for a configured pattern (${size} RE2 instructions; at most ${MAX_PATTERN_SIZE})`);
  return {
    source,
    test: (text) => compiled.test(text),
    matchAll: (text) => compiled.matchAll(text),
  };
}

/** Why a pattern cannot be used (one line, no trailing period). */
/**
 * A pattern that matches `text` literally. It runs with JavaScript's engine
 * whoever configured it: an escaped literal has no alternation or
 * repetition, so it matches in linear time, and loading RE2 for it (about a
 * tenth of a one-file run's start-up) would buy nothing.
 */
export function literalPattern(text: string, flags = ''): Pattern {
  if (!FLAGS.test(flags)) throw new PatternError(`flags "${flags}" are not among i, m, s, u`);
  const key = `${flags}/literal/${text}`;
  let pattern = cache.get(key);
  if (!pattern) cache.set(key, (pattern = nativePattern(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), flags)));
  return pattern;
}

export class PatternError extends Error {
  override name = 'PatternError';
}

const cache = new Map<string, Pattern>();

/**
 * Compile a pattern from config or a profile. Throws a PatternError saying
 * why when it is not valid JavaScript regex syntax, uses what RE2 cannot run
 * in linear time (lookaround, backreferences), or is too large.
 */
export function compilePattern(source: string, flags = ''): Pattern {
  const key = `${flags}/${source}`;
  const hit = cache.get(key);
  if (hit) return hit;
  if (!FLAGS.test(flags)) throw new PatternError(`flags "${flags}" are not among i, m, s, u`);
  try {
    // Syntax errors in JavaScript's words first: the docs and users write JavaScript regexes.
    new RegExp(source, flags);
  } catch (error) {
    throw new PatternError(`not a valid regular expression (${(error as Error).message})`);
  }
  let pattern: Pattern;
  if (trusted.has(source)) {
    pattern = nativePattern(source, flags);
  } else {
    try {
      pattern = re2Pattern(source, flags);
    } catch (error) {
      if (error instanceof PatternError) throw error;
      const reason = (error as Error).message.replace(/^error parsing regexp: /, '');
      throw new PatternError(
        `not supported: configured patterns run with RE2 (linear time, no lookahead, lookbehind or backreferences) and RE2 rejects it (${reason})`,
      );
    }
  }
  cache.set(key, pattern);
  return pattern;
}

/** The problem with a pattern, as `/path: reason`, or undefined when it compiles. */
export function patternProblem(source: string, flags: string, path: string): string | undefined {
  try {
    compilePattern(source, flags);
    return undefined;
  } catch (error) {
    if (error instanceof PatternError) return `${path}: ${error.message}`;
    throw error;
  }
}
