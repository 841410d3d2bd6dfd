/**
 * reviewdog's diagnostic format (rdjson, `reviewdog -f=rdjson`):
 * https://github.com/reviewdog/reviewdog/tree/master/proto/rdf. Positions
 * are 1-based lines and columns in UTF-8 bytes, as rdjson asks (speclint's
 * own columns count UTF-16 code units); a finding `--fix` can repair
 * carries the repair as a suggestion.
 */
import type {FileResult, LintMessage} from '../engine/lint.js';
import type {ReportContext} from './types.js';
import {INFORMATION_URI} from './sarif.js';
import {workspacePath} from './github.js';

type Position = {line: number; column: number};

/** A UTF-16 column on a line as a UTF-8 byte column (both 1-based). */
export function utf8Column(lineText: string | undefined, column: number): number {
  if (lineText === undefined) return column;
  return Buffer.byteLength(lineText.slice(0, Math.max(0, column - 1)), 'utf8') + 1;
}

/** The line and UTF-8 column of a UTF-16 offset into the text. */
function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const lineStart = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) + 1;
  const line = (before.match(/\r\n|\r|\n/g) ?? []).length + 1;
  return {line, column: Buffer.byteLength(before.slice(lineStart), 'utf8') + 1};
}

function severityOf(m: LintMessage): 'ERROR' | 'WARNING' {
  return m.severity === 2 ? 'ERROR' : 'WARNING';
}

export default function rdjson(results: FileResult[], context: ReportContext): string {
  const docs = new Map(context.rules.map((r) => [r.id, r.url]));
  const diagnostics: unknown[] = [];
  for (const r of results) {
    const source = r.messages.length ? context.sourceOf?.(r.filePath) : undefined;
    const lines = source?.split(/\r\n|\r|\n/);
    const path = r.filePath === '<stdin>' ? r.filePath : workspacePath(r.filePath, context.cwd);
    for (const m of r.messages) {
      const start = {line: m.line, column: utf8Column(lines?.[m.line - 1], m.column)};
      const range: {start: Position; end?: Position} = {start};
      if (m.endLine !== undefined && m.endColumn !== undefined) range.end = {line: m.endLine, column: utf8Column(lines?.[m.endLine - 1], m.endColumn)};
      const url = m.url ?? (m.ruleId ? docs.get(m.ruleId) : undefined);
      const diagnostic: Record<string, unknown> = {
        message: m.hint ? `${m.message}\nHint: ${m.hint}` : m.message,
        location: {path, range},
        severity: severityOf(m),
        ...(m.ruleId ? {code: {value: m.ruleId, ...(url ? {url} : {})}} : {}),
      };
      if (m.fix && source !== undefined) {
        diagnostic['suggestions'] = [{range: {start: positionAt(source, m.fix.range[0]), end: positionAt(source, m.fix.range[1])}, text: m.fix.text}];
      }
      diagnostics.push(diagnostic);
    }
  }
  for (const problem of context.problems ?? []) {
    diagnostics.push({
      message: `Cannot lint the file: ${problem.reason}`,
      location: {path: workspacePath(problem.path, context.cwd), range: {start: {line: 1, column: 1}}},
      severity: 'ERROR',
    });
  }
  return JSON.stringify({source: {name: 'speclint', url: INFORMATION_URI}, diagnostics}, null, 2) + '\n';
}
