import type {FileResult} from '../engine/lint.js';
import type {ReportContext} from './types.js';
import {toEslintResults} from './eslint.js';

/**
 * ESLint's JSON: an array of results with every field ESLint writes
 * (absolute filePath, messages, suppressedMessages, errorCount,
 * fatalErrorCount, warningCount, fixable counts, source,
 * usedDeprecatedRules), a fatal message for each file that could not be
 * linted, plus `profile` per file and `hint` and `url` per message, which
 * tools that read ESLint JSON ignore.
 */
export default function json(results: FileResult[], context: ReportContext): string {
  return JSON.stringify(toEslintResults(results, context), null, 2) + '\n';
}
