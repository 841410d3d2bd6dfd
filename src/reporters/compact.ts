import type {FileResult} from '../lint.js';

/**
 * Control characters (a newline in a file name, say) written as escapes, so
 * each finding stays one line: `\n`, `\r`, `\t`, else `\xNN` / `\uNNNN`
 * (C0, DEL, C1 and the Unicode line and paragraph separators).
 */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** One finding per line, `path:line:col: severity message [rule-id]`, for editors and grep. */
export default function compact(results: FileResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    const path = oneLine(r.filePath);
    for (const m of r.messages) {
      lines.push(`${path}:${m.line}:${m.column}: ${m.severity === 2 ? 'error' : 'warning'} ${oneLine(m.message)} [${m.ruleId ?? 'speclint'}]`);
    }
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}
