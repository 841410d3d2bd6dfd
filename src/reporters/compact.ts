import type {FileResult} from '../lint.js';

/** One finding per line, `path:line:col: severity message [rule-id]`, for editors and grep. */
export default function compact(results: FileResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    for (const m of r.messages) {
      lines.push(`${r.filePath}:${m.line}:${m.column}: ${m.severity === 2 ? 'error' : 'warning'} ${m.message} [${m.ruleId ?? 'speclint'}]`);
    }
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}
