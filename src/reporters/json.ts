import type {FileResult} from '../lint.js';

/**
 * ESLint-compatible JSON: an array of {filePath, messages, errorCount, ...}.
 * Extra keys (`profile` per file, `hint` and `url` per message) are ignored
 * by tools that read ESLint JSON (SonarQube, reviewdog).
 */
export function formatJson(results: FileResult[]): string {
  return JSON.stringify(results, null, 2) + '\n';
}
