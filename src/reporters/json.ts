import type {FileResult} from '../lint.js';

/**
 * ESLint-compatible JSON: an array of {filePath, messages, errorCount, ...}.
 * Extra keys (`profile` per file, `hint` and `url` per message) are ignored
 * by tools that read ESLint JSON (SonarQube, reviewdog).
 */
export default function json(results: FileResult[]): string {
  // rulesRun is for the formats that list passing rules; ESLint's shape has no such key.
  return JSON.stringify(results.map(({rulesRun: _rulesRun, ...rest}) => rest), null, 2) + '\n';
}
