import {readFileSync} from 'node:fs';
import {lintText, type LintMessage} from '../src/lint.js';
import {builtinProfiles} from '../src/profiles.js';
import type {RuleSetting} from '../src/profile.js';

/** One finding as fixtures and docs write it: `LINE:COL SEVERITY RULE-ID MESSAGE`. */
export function findingLine(m: LintMessage): string {
  return `${m.line}:${m.column} ${m.severity === 2 ? 'error' : 'warning'} ${m.ruleId ?? '-'} ${m.message}`;
}

/** Expected findings from a sidecar file: one per line, blank lines and `#` comments ignored. */
export function readExpected(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

export function lintFixture(text: string, filePath: string, options: {profile?: string; rules?: Record<string, RuleSetting>} = {}) {
  const outcome = lintText(text, {
    filePath,
    profiles: builtinProfiles(),
    forcedProfile: options.profile,
    ruleOverrides: options.rules,
    explicit: true,
  });
  if (!outcome.result) throw new Error(`${filePath} was skipped: ${outcome.skippedReason}`);
  return outcome.result;
}
