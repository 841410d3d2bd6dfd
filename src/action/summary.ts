/**
 * The job summary: totals, what was annotated, and a table per spec listing
 * every finding (the annotations GitHub caps are a sample; this is the whole
 * list). GitHub refuses a step summary over 1 MiB, so the files that could
 * not be linted and the rows of findings are added while they fit, and what
 * is left out is counted.
 */
import type {ProfileChoice} from '../engine/lint.js';
import type {FileProblem} from '../run/runner.js';
import type {Finding} from './annotations.js';
import type {CrossSpecFinding} from './cross-spec.js';
import {htmlEscape} from '../report/escape.js';

/** GitHub's limit on one step's summary. */
export const SUMMARY_LIMIT = 1024 * 1024;

export interface SpecReport {
  file: string;
  profile: ProfileChoice | null;
  findings: Finding[];
}

export interface SummaryData {
  specs: SpecReport[];
  errorCount: number;
  warningCount: number;
  filesChecked: number;
  skipped: number;
  ignored: number;
  problems: FileProblem[];
  /** A sentence on what was checked, when not everything (only-changed). */
  scope?: string;
  /** Set when findings were left out of the annotations. */
  annotated?: {errors: number; warnings: number; total: number};
  /** Whether the pull request's changed lines are known (to mark findings on them). */
  changesKnown: boolean;
  /** A link to a line of a file in the repository, when the run knows the repository. */
  lineUrl?: (file: string, line: number) => string;
  /**
   * only-changed with system-* rules on: findings across specs this change causes in specs it
   * does not touch (counted in errorCount and warningCount, listed in a section of their own).
   */
  crossSpec?: CrossSpecFinding[];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

const TABLE_HEAD = '<table><thead><tr><th>Line</th><th>Severity</th><th>Rule</th><th>Finding</th></tr></thead><tbody>\n';
const TABLE_TAIL = '</tbody></table>\n';
/** Room for the line that ends a cut list of files that could not be linted. */
const PROBLEMS_TAIL_MAX = 160;

function row(f: Finding, data: SummaryData): string {
  const m = f.message;
  const where = `${m.line}:${m.column}`;
  const line = data.lineUrl ? `<a href="${htmlEscape(data.lineUrl(f.file, m.line))}">${where}</a>` : where;
  const mark = data.changesKnown && f.rank === 0 ? ' ✎' : '';
  const rule = m.ruleId ? (m.url ? `<a href="${htmlEscape(m.url)}"><code>${htmlEscape(m.ruleId)}</code></a>` : `<code>${htmlEscape(m.ruleId)}</code>`) : '';
  const hint = m.hint ? `<br><sub>Hint: ${htmlEscape(m.hint)}</sub>` : '';
  return `<tr><td>${line}${mark}</td><td>${m.severity === 2 ? 'error' : 'warning'}</td><td>${rule}</td><td>${htmlEscape(m.message)}${hint}</td></tr>\n`;
}

/** The summary as HTML (GitHub renders HTML and Markdown), at most `limit` bytes of UTF-8. */
export function buildSummary(data: SummaryData, limit = SUMMARY_LIMIT): string {
  const total = data.errorCount + data.warningCount;
  const withFindings = data.specs.filter((s) => s.findings.length > 0);
  const cross = data.crossSpec ?? [];
  const affected = [...new Set(cross.map((c) => c.file))].sort();
  const parts: string[] = [];
  const crossCount = cross.length ? ` and ${plural(affected.length, 'unchanged spec')} (checks across specs)` : '';
  parts.push(
    total === 0
      ? `<h2>speclint: no problems in ${plural(data.filesChecked, 'file')}</h2>\n`
      : `<h2>speclint: ${plural(data.errorCount, 'error')}, ${plural(data.warningCount, 'warning')} in ${withFindings.length} of ${plural(data.filesChecked, 'file')}${crossCount}</h2>\n`,
  );
  const notes: string[] = [];
  if (data.scope) notes.push(htmlEscape(data.scope));
  if (data.skipped) notes.push(`${plural(data.skipped, 'Markdown file')} skipped as not specs.`);
  if (data.ignored) notes.push(`${plural(data.ignored, 'file')} ignored by config.`);
  if (data.annotated) {
    notes.push(
      `GitHub shows at most 10 error and 10 warning annotations per step: ${data.annotated.errors} errors and ${data.annotated.warnings} warnings are annotated` +
        `${data.changesKnown ? ' (those on lines this pull request changed first)' : ''}; all ${data.annotated.total} findings are listed below.`,
    );
  }
  if (data.changesKnown && withFindings.some((s) => s.findings.some((f) => f.rank === 0))) notes.push('✎ marks a finding on a line this pull request changed.');
  if (notes.length) parts.push(`<p>${notes.join('<br>\n')}</p>\n`);

  // Keep room for the closing tags and the lines counting what was left out.
  const budget = limit - 1024;
  let size = Buffer.byteLength(parts.join(''));
  if (data.problems.length) {
    // The files that could not be linted come first, within the budget: all of it when there
    // is nothing else to list, else half, so some findings are shown too.
    const problemBudget = withFindings.length ? size + (budget - size) / 2 : budget;
    const head = `<p><strong>${plural(data.problems.length, 'file')} could not be linted:</strong></p>\n<ul>\n`;
    const items: string[] = [];
    let used = size + Buffer.byteLength(head) + PROBLEMS_TAIL_MAX;
    for (const p of data.problems) {
      const item = `<li><code>${htmlEscape(p.path)}</code>: ${htmlEscape(p.reason)}</li>\n`;
      const bytes = Buffer.byteLength(item);
      if (used + bytes > problemBudget) break;
      items.push(item);
      used += bytes;
    }
    const left = data.problems.length - items.length;
    const tail = left ? `<li>${plural(left, 'more file')} not listed: a job summary is limited to 1 MiB. The step log lists every one.</li>\n</ul>\n` : '</ul>\n';
    const section = head + items.join('') + tail;
    parts.push(section);
    size += Buffer.byteLength(section);
  }

  let shown = 0;
  let crossLeft = 0;
  if (cross.length) {
    // Before the per-spec tables: these specs are in no table, and a reviewer of the change would not open them.
    const head =
      `<h3>Checks across specs: what this change causes in ${plural(affected.length, 'spec')} it does not touch</h3>\n` +
      `<p>Affected: ${affected.map((f) => `<code>${htmlEscape(f)}</code>`).join(', ')}. ` +
      'Each finding below is on an unchanged spec and is not there without this change (compared with the merge base); the spec that must change is the one named, or the changed spec it cites.</p>\n' +
      '<table><thead><tr><th>Spec</th><th>Line</th><th>Severity</th><th>Rule</th><th>Finding</th><th>Caused by</th></tr></thead><tbody>\n';
    const rows: string[] = [];
    let used = size + Buffer.byteLength(head) + TABLE_TAIL.length;
    const sorted = [...cross].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.message.line - b.message.line || a.message.column - b.message.column);
    for (const c of sorted) {
      const m = c.message;
      const where = `${m.line}:${m.column}`;
      const line = data.lineUrl ? `<a href="${htmlEscape(data.lineUrl(c.file, m.line))}">${where}</a>` : where;
      const rule = m.ruleId ? (m.url ? `<a href="${htmlEscape(m.url)}"><code>${htmlEscape(m.ruleId)}</code></a>` : `<code>${htmlEscape(m.ruleId)}</code>`) : '';
      const hint = m.hint ? `<br><sub>Hint: ${htmlEscape(m.hint)}</sub>` : '';
      const causes = c.causes.length ? c.causes.map((f) => `<code>${htmlEscape(f)}</code>`).join(', ') : 'the change';
      const r =
        `<tr><td><code>${htmlEscape(c.file)}</code></td><td>${line}</td><td>${m.severity === 2 ? 'error' : 'warning'}</td><td>${rule}</td>` +
        `<td>${htmlEscape(m.message)}${hint}</td><td>${causes} (${c.kind === 'new' ? 'new' : 'changed'})</td></tr>\n`;
      const bytes = Buffer.byteLength(r);
      if (used + bytes > budget) break;
      rows.push(r);
      used += bytes;
    }
    crossLeft = cross.length - rows.length;
    const section = head + rows.join('') + TABLE_TAIL + (crossLeft ? `<p><strong>${plural(crossLeft, 'more finding')} across specs not shown:</strong> a job summary is limited to 1 MiB. The step log lists every finding.</p>\n` : '');
    parts.push(section);
    size += Buffer.byteLength(section);
    shown += rows.length;
  }
  let truncatedAt = -1;
  outer: for (let i = 0; i < withFindings.length; i++) {
    const spec = withFindings[i]!;
    const profile = spec.profile ? `<p><code>${htmlEscape(spec.profile.name)}</code> · ${htmlEscape(spec.profile.reason)}</p>\n` : '';
    const head = `<h3><code>${htmlEscape(spec.file)}</code></h3>\n${profile}${TABLE_HEAD}`;
    const findings = [...spec.findings].sort((a, b) => a.message.line - b.message.line || a.message.column - b.message.column);
    const firstRow = row(findings[0]!, data);
    if (size + Buffer.byteLength(head + firstRow + TABLE_TAIL) > budget) {
      truncatedAt = i;
      break;
    }
    parts.push(head);
    size += Buffer.byteLength(head);
    for (const f of findings) {
      const r = row(f, data);
      const bytes = Buffer.byteLength(r);
      if (size + bytes + TABLE_TAIL.length > budget) {
        parts.push(TABLE_TAIL);
        size += TABLE_TAIL.length;
        truncatedAt = i;
        break outer;
      }
      parts.push(r);
      size += bytes;
      shown++;
    }
    parts.push(TABLE_TAIL);
    size += TABLE_TAIL.length;
  }
  if (truncatedAt >= 0) {
    const left = total - shown - crossLeft;
    const files = withFindings.slice(truncatedAt).length;
    parts.push(
      `<p><strong>${plural(left, 'more finding')} in ${plural(files, 'file')} not shown:</strong> a job summary is limited to 1 MiB. The step log lists every finding.</p>\n`,
    );
  }
  const clean = data.filesChecked - withFindings.length;
  if (clean > 0 && total > 0) parts.push(`<p>${plural(clean, 'other file')} checked with no problems.</p>\n`);
  return parts.join('');
}
