/**
 * `--fix`: apply the fixes findings carry, re-lint, and repeat (like
 * ESLint) until nothing fixable is left or `MAX_PASSES` passes ran. Fixes
 * only insert text; the file keeps its BOM (the caller adds it back), its
 * line endings (fixes are written in the file's dominant line ending) and
 * whether it ends with a newline. Writing is atomic and checked
 * (`writeFixedFile`).
 */
import {accessSync, constants} from 'node:fs';
import {contentHash} from '../run/cache.js';
import {lintText, type LintMessage, type LintOptions, type LintOutcome} from '../engine/lint.js';
import type {FixedFile} from '../run/types.js';
import {FileRefused, readRegularFile, writeFileAtomic, type WriteOptions} from '../lib/safe-io.js';

export {writeFileAtomic} from '../lib/safe-io.js';

export const MAX_PASSES = 10;

/** Line breaks (LF, CRLF or a lone CR) at the end of a text, and at its start. */
const TRAILING_EOLS = /(?:\r\n|\r|\n)+$/;
const LEADING_EOLS = /^(?:\r\n|\r|\n)+/;
const EOL = /\r\n|\r|\n/g;

function countEols(run: string): number {
  return run.match(EOL)?.length ?? 0;
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
  while (drop-- > 0) rest = rest.replace(/^(?:\r\n|\r|\n)/, '');
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
  const endsWithEol = /[\r\n]$/.test(text);
  let output = text;
  let outcome = first ?? (await lint(text, options));
  let passes = 0;
  // Fixes that did not remove their finding (inserted where the parser does not see it, say in an unclosed code fence).
  const blocked = new Set<string>();
  // A pass undone for a stuck fix does not count as one of the MAX_PASSES, so fixes that work are not starved
  // (which left some for a second --fix run); each undone pass blocks one more fix, and the attempts are bounded anyway.
  for (let attempt = 0; passes < MAX_PASSES && attempt < MAX_PASSES * 4; attempt++) {
    const fixable = (outcome.result?.messages ?? []).filter((m) => m.fix && !blocked.has(fixKey(m)));
    if (fixable.length === 0) break;
    const applied = applyFixes(output, fixable);
    let next = applied.output;
    // A file without a final newline keeps lacking one (the newline dropped is one a fix inserted).
    if (!endsWithEol && /[\r\n]$/.test(next) && next !== output) next = next.replace(/(?:\r\n|\r|\n)$/, '');
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
    // The text changed: a fix blocked beside another one (whose insertion brought a finding of the same kind) may work now.
    // Trying it again here is what a second --fix run would do.
    blocked.clear();
  }
  return {output, outcome, passes};
}

/**
 * Write a file `--fix` fixed, atomically (see safe-io.ts), keeping its
 * owner and mode, and only when that is safe: the file must not be
 * read-only (its mode bits are checked, since root may write anyway) and
 * must be exactly as it was read (size, mtime and SHA-256 of its bytes),
 * so an edit made while speclint ran is never lost. Throws FileRefused
 * (one line) or the errno error of the step that failed.
 */
export function writeFixedFile(file: FixedFile, options: Pick<WriteOptions, 'rename'> = {}): void {
  writeFileAtomic(file.path, (file.bom ? '\ufeff' : '') + file.output, {
    ...options,
    requireOwner: true,
    check(target, stat) {
      const mode = stat.mode & 0o7777;
      if ((mode & 0o222) === 0) throw new FileRefused(`file is read-only (mode ${mode.toString(8).padStart(4, '0')}); not fixed`);
      accessSync(target, constants.W_OK);
      let now: {buffer: Buffer; stat: {size: number; mtimeMs: number}} | undefined;
      try {
        now = readRegularFile(target, file.read.size);
      } catch (error) {
        if (!(error instanceof FileRefused)) throw error;
      }
      if (!now || now.stat.size !== file.read.size || now.stat.mtimeMs !== file.read.mtimeMs || contentHash(now.buffer) !== file.read.hash) {
        throw new FileRefused('changed since speclint read it; not fixed (run --fix again)');
      }
    },
  });
}
