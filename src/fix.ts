/**
 * `--fix`: apply the fixes findings carry, re-lint, and repeat (like
 * ESLint) until nothing fixable is left or `MAX_PASSES` passes ran. Fixes
 * only insert text; the file keeps its BOM (the caller adds it back), its
 * line endings (fixes are written in the file's dominant line ending) and
 * whether it ends with a newline. Writing is atomic: a temporary file in the
 * same directory, renamed over the original.
 */
import {randomBytes} from 'node:crypto';
import {chmodSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync} from 'node:fs';
import {basename, dirname, join} from 'node:path';
import {lintText, type LintMessage, type LintOptions, type LintOutcome} from './lint.js';

export const MAX_PASSES = 10;

/** Line breaks at the end of a text, and at its start. */
const TRAILING_EOLS = /(?:\r?\n)+$/;
const LEADING_EOLS = /^(?:\r?\n)+/;

function countEols(run: string): number {
  return run.split('\n').length - 1;
}

/**
 * Join two insertions made at one offset without piling up blank lines: at
 * most one blank line where the first ends and the second starts (only
 * inserted line breaks are dropped, never user text).
 */
function joinInsertions(first: string, second: string): string {
  const trailing = countEols(TRAILING_EOLS.exec(first)?.[0] ?? '');
  const leading = LEADING_EOLS.exec(second)?.[0] ?? '';
  let drop = Math.min(trailing + countEols(leading) - 2, countEols(leading));
  if (drop <= 0) return first + second;
  let rest = second;
  while (drop-- > 0) rest = rest.replace(/^\r?\n/, '');
  return first + rest;
}

export interface AppliedFixes {
  output: string;
  /** How many messages' fixes were applied. */
  applied: number;
  /** The messages whose fixes were applied. */
  fixed: LintMessage[];
}

/**
 * Apply the fixes of a set of messages to the text they were found in.
 * Fixes are applied in offset order; one that overlaps or touches a fix
 * already applied waits for the next pass (it is recomputed on the fixed
 * text), except that insertions of one rule at one offset (two missing
 * sections that belong after the same heading) all go in, in the order
 * they were reported.
 */
export function applyFixes(text: string, messages: LintMessage[]): AppliedFixes {
  const fixes = messages
    .map((m, index) => ({m, index}))
    .filter(({m}) => m.fix && m.fix.range[0] >= 0 && m.fix.range[0] <= m.fix.range[1] && m.fix.range[1] <= text.length)
    .sort((a, b) => a.m.fix!.range[0] - b.m.fix!.range[0] || a.m.fix!.range[1] - b.m.fix!.range[1] || a.index - b.index);
  let output = '';
  let at = 0;
  const fixed: LintMessage[] = [];
  let last: {end: number; insertion: boolean; ruleId: string | null} | undefined;
  for (const {m} of fixes) {
    const [start, end] = m.fix!.range;
    const insertion = start === end;
    const besideSameRule = last !== undefined && insertion && last.insertion && start === last.end && last.ruleId === m.ruleId;
    if (last && start <= last.end && !besideSameRule) continue;
    if (besideSameRule) {
      output = joinInsertions(output, m.fix!.text);
    } else {
      output += text.slice(at, start) + m.fix!.text;
    }
    at = end;
    fixed.push(m);
    last = {end, insertion, ruleId: m.ruleId};
  }
  return {output: output + text.slice(at), applied: fixed.length, fixed};
}

export interface FixOutcome {
  /** The fixed text (without a BOM, like the input). */
  output: string;
  /** The lint outcome of `output`: the findings left after fixing. */
  outcome: LintOutcome;
  /** Fix passes that changed the text. */
  passes: number;
}

/** What identifies a finding's fix from one pass to the next: its rule, message and fix text. */
function fixKey(m: LintMessage): string {
  return `${m.ruleId}\0${m.message}\0${m.fix?.text}`;
}

function countFixable(outcome: LintOutcome, key: string): number {
  return outcome.result?.messages.filter((m) => m.fix && fixKey(m) === key).length ?? 0;
}

/**
 * Fix a text (BOM removed) until nothing fixable is left, or for at most
 * `MAX_PASSES` passes. A fix that leaves its finding in place is undone and
 * not tried again. `first` is the outcome of linting `text`, when the
 * caller has it already; `lint` is `lintText` but in tests.
 */
export async function fixText(
  text: string,
  options: LintOptions,
  first?: LintOutcome,
  lint: (text: string, options: LintOptions) => Promise<LintOutcome> = lintText,
): Promise<FixOutcome> {
  const endsWithEol = text.endsWith('\n');
  let output = text;
  let outcome = first ?? (await lint(text, options));
  let passes = 0;
  // Fixes that did not remove their finding (inserted where the parser does not see it, say in an unclosed code fence).
  const blocked = new Set<string>();
  for (let attempt = 0; attempt < MAX_PASSES; attempt++) {
    const fixable = (outcome.result?.messages ?? []).filter((m) => m.fix && !blocked.has(fixKey(m)));
    if (fixable.length === 0) break;
    const applied = applyFixes(output, fixable);
    let next = applied.output;
    // A file without a final newline keeps lacking one (the newline dropped is one a fix inserted).
    if (!endsWithEol && next.endsWith('\n') && next !== output) next = next.replace(/\r?\n$/, '');
    if (applied.applied === 0 || next === output) break;
    const after = await lint(next, options);
    // A fix whose finding is still there as often as before did nothing: drop this pass and redo it without that fix.
    const stuck = [...new Set(applied.fixed.map(fixKey))].filter((key) => countFixable(after, key) >= countFixable(outcome, key));
    if (stuck.length) {
      for (const key of stuck) blocked.add(key);
      continue;
    }
    output = next;
    outcome = after;
    passes++;
  }
  return {output, outcome, passes};
}

/**
 * Replace a file's content atomically: write a temporary file beside it
 * (same directory, so the rename cannot cross file systems) with the
 * original's permissions, then rename it over the original. A symlink is
 * followed: its target is replaced, the link stays. On failure the
 * temporary file is removed and the original is untouched.
 */
export function writeFileAtomic(path: string, data: string, rename: (from: string, to: string) => void = renameSync): void {
  const target = realpathSync(path);
  const mode = statSync(target).mode & 0o7777;
  const temp = join(dirname(target), `.${basename(target)}.speclint-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, data, {mode, flag: 'wx'});
    chmodSync(temp, mode);
    rename(temp, target);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // The temporary file was never made.
    }
    throw error;
  }
}
