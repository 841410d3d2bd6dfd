import type {FileResult} from '../engine/lint.js';
import type {ReportContext} from './types.js';
import {toEslintResults} from './eslint.js';

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

/**
 * ESLint's `compact` format, line for line, for the problem matchers and
 * errorformats written for it (GitHub's eslint-compact, reviewdog's
 * eslint-compact, Vim's compiler/eslint):
 *
 *   /abs/path/spec.md: line 46, col 34, Error - Timeout "5000" of "Kafka" is not a duration (dependency-table)
 *
 * then a blank line and `N problems`. As in ESLint, paths are absolute, and a
 * file that could not be linted is one fatal Error. Only control characters
 * differ: they are escaped so each finding stays one line.
 */
export default function compact(results: FileResult[], context: ReportContext): string {
  let output = '';
  let total = 0;
  for (const result of toEslintResults(results, context)) {
    total += result.messages.length;
    for (const m of result.messages) {
      output += `${oneLine(result.filePath)}: line ${m.line || 0}, col ${m.column || 0}, ${m.fatal || m.severity === 2 ? 'Error' : 'Warning'} - ${oneLine(m.message)}`;
      output += m.ruleId ? ` (${m.ruleId})` : '';
      output += '\n';
    }
  }
  if (total > 0) output += `\n${total} problem${total !== 1 ? 's' : ''}`;
  return output;
}
