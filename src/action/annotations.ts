/**
 * Choosing which findings become annotations. GitHub shows at most 10 error,
 * 10 warning and 10 notice annotations per step (and 50 per job) and drops
 * the rest without a word, so the slots go to what matters most: errors on
 * lines the pull request changed, then errors elsewhere in files it
 * changed, then other errors; warnings likewise. The rest is counted, so the
 * action can say so in one notice and list everything in the job summary.
 */
import type {LintMessage} from '../engine/lint.js';
import {onChangedLines, type ChangeSet} from './changes.js';

/** GitHub's per-step cap for each annotation kind. */
export const ANNOTATIONS_PER_KIND = 10;

export interface Finding {
  /** Relative to the workspace, forward slashes. */
  file: string;
  message: LintMessage;
  /** 0 on a changed line, 1 elsewhere in a changed file, 2 in a file the pull request did not touch (or no diff known). */
  rank: 0 | 1 | 2;
}

export function rankFinding(file: string, m: LintMessage, changes: Pick<ChangeSet, 'files' | 'lines'> | undefined): Finding['rank'] {
  if (!changes || !changes.files.has(file)) return 2;
  return onChangedLines(changes.lines.get(file), m.line, m.endLine ?? m.line) ? 0 : 1;
}

function byPriority(a: Finding, b: Finding): number {
  return (
    a.rank - b.rank ||
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.message.line - b.message.line ||
    a.message.column - b.message.column
  );
}

export interface AnnotationPlan {
  errors: Finding[];
  warnings: Finding[];
  /** Findings not annotated for want of slots. */
  omittedErrors: number;
  omittedWarnings: number;
}

/**
 * Pick the findings to annotate. `errorSlots` is what is left of the error
 * cap after annotations the action must make anyway (unreadable files, and
 * the failure message `core.setFailed` prints as an error annotation).
 */
export function planAnnotations(findings: Finding[], errorSlots: number, warningSlots = ANNOTATIONS_PER_KIND): AnnotationPlan {
  const errors = findings.filter((f) => f.message.severity === 2).sort(byPriority);
  const warnings = findings.filter((f) => f.message.severity !== 2).sort(byPriority);
  const e = Math.max(0, Math.min(errorSlots, errors.length));
  const w = Math.max(0, Math.min(warningSlots, warnings.length));
  return {
    errors: errors.slice(0, e),
    warnings: warnings.slice(0, w),
    omittedErrors: errors.length - e,
    omittedWarnings: warnings.length - w,
  };
}
