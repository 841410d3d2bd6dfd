/**
 * Results in ESLint's shape (what ESLint's formatters, SonarQube, reviewdog
 * and eslint-formatter-* packages read): absolute `filePath`, every field
 * ESLint's `LintResult` has, and a result with one fatal message for each
 * file that could not be linted, instead of leaving it out.
 */
import {resolve} from 'node:path';
import type {FileResult, LintMessage} from '../engine/lint.js';
import type {ReportContext} from './types.js';

export interface EslintMessage extends LintMessage {}

export interface EslintResult {
  filePath: string;
  messages: EslintMessage[];
  suppressedMessages: EslintMessage[];
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  /** The text linted (without a BOM), when it has findings, as ESLint gives it. */
  source?: string;
  usedDeprecatedRules: Array<{ruleId: string; replacedBy: string[]}>;
  /** speclint's own: the profile used and why (null for a file that could not be linted). */
  profile: FileResult['profile'];
}

/** A result's absolute path (`<stdin>` stays as it is, as ESLint's `<text>`). */
export function absolutePath(filePath: string, cwd: string): string {
  return filePath === '<stdin>' ? filePath : resolve(cwd, filePath);
}

export function toEslintResults(results: FileResult[], context: Pick<ReportContext, 'cwd' | 'problems' | 'sourceOf'>): EslintResult[] {
  const out: EslintResult[] = results.map((r) => {
    const {rulesRun: _rulesRun, filePath, messages, suppressedMessages, errorCount, warningCount, fixableErrorCount, fixableWarningCount, profile} = r;
    const source = messages.length ? context.sourceOf?.(filePath) : undefined;
    return {
      filePath: absolutePath(filePath, context.cwd),
      messages,
      suppressedMessages: suppressedMessages ?? [],
      errorCount,
      fatalErrorCount: messages.filter((m) => m.fatal).length,
      warningCount,
      fixableErrorCount,
      fixableWarningCount,
      ...(source !== undefined ? {source} : {}),
      usedDeprecatedRules: [],
      profile,
    };
  });
  for (const problem of context.problems ?? []) {
    out.push({
      filePath: absolutePath(problem.path, context.cwd),
      messages: [{ruleId: null, severity: 2, fatal: true, message: `Cannot lint the file: ${problem.reason}`, line: 1, column: 1}],
      suppressedMessages: [],
      errorCount: 1,
      fatalErrorCount: 1,
      warningCount: 0,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
      usedDeprecatedRules: [],
      profile: null,
    });
  }
  return out.sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
}

/** ESLint's `rulesMeta` (the second argument of a formatter): each rule's description and docs URL. */
export function rulesMeta(context: Pick<ReportContext, 'rules'>): Record<string, {docs: {description: string; url: string}}> {
  return Object.fromEntries(context.rules.map((r) => [r.id, {docs: {description: r.description, url: r.url}}]));
}
