import type {FileResult} from '../engine/lint.js';
import type {ReportContext} from './types.js';
import {mdEscape} from './escape.js';

/**
 * A GitHub-flavoured Markdown summary for a pull-request comment or
 * `$GITHUB_STEP_SUMMARY`: a totals line, a table of every linted file
 * (profile, errors, warnings), then for each file with findings a table of
 * them (line:col, severity, rule linked to its docs, message and hint).
 */

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A link target: only `<` `>` and spaces need care inside `(...)`. */
function mdUrl(url: string): string {
  return url.replace(/[ <>()]/g, (c) => encodeURIComponent(c));
}

export default function markdown(results: FileResult[], context: ReportContext): string {
  const docs = new Map(context.rules.map((r) => [r.id, r.url]));
  const {summary} = context;
  const errors = results.reduce((n, r) => n + r.errorCount, 0);
  const warnings = results.reduce((n, r) => n + r.warningCount, 0);
  const withFindings = results.filter((r) => r.messages.length > 0);

  const tail = [`${plural(summary.filesLinted, 'file')} linted`];
  if (summary.skipped) tail.push(`${summary.skipped} skipped as not specs`);
  if (summary.ignored) tail.push(`${summary.ignored} ignored by config`);
  if (summary.unreadable) tail.push(`${plural(summary.unreadable, 'file')} could not be read (see the log)`);
  const totals =
    errors + warnings === 0
      ? `✔ **No problems** · ${tail.join(', ')}`
      : `${errors ? '✖' : '⚠'} **${plural(errors + warnings, 'problem')}** (${plural(errors, 'error')}, ${plural(warnings, 'warning')}) in ${withFindings.length} of ${tail.join(', ')}`;

  const out: string[] = ['## speclint', '', totals];
  if (results.length) {
    out.push('', '| File | Profile | Errors | Warnings |', '| --- | --- | ---: | ---: |');
    for (const r of results) {
      out.push(`| ${mdEscape(r.filePath)} | ${r.profile ? mdEscape(r.profile.name) : '(none)'} | ${r.errorCount} | ${r.warningCount} |`);
    }
  }
  for (const r of withFindings) {
    out.push('', `### ${mdEscape(r.filePath)}`, '');
    if (r.profile) out.push(`Profile: **${mdEscape(r.profile.name)}** · ${mdEscape(r.profile.reason)}`, '');
    out.push('| Line | Severity | Rule | Message |', '| ---: | --- | --- | --- |');
    for (const m of r.messages) {
      const id = m.ruleId ?? 'speclint';
      const url = m.url ?? docs.get(id);
      const rule = url ? `[${mdEscape(id)}](${mdUrl(url)})` : mdEscape(id);
      const message = mdEscape(m.message) + (m.hint ? `<br>Hint: ${mdEscape(m.hint)}` : '');
      out.push(`| ${m.line}:${m.column} | ${m.severity === 2 ? 'error' : 'warning'} | ${rule} | ${message} |`);
    }
  }
  return out.join('\n') + '\n';
}
