/**
 * ESLint RuleTester-style tables: for one rule under one profile, `valid`
 * snippets produce no finding of that rule and each `invalid` snippet
 * produces exactly the listed findings, each named by its message id (a key
 * of the rule's `meta.messages`) and written as fixtures write it
 * (LINE:COL SEVERITY RULE MESSAGE). Only the rule under test runs.
 */
import {describe, expect, it} from 'vitest';
import {RULES} from '../src/engine/registry.js';
import type {RuleSetting} from '../src/profiles/types.js';
import {builtinProfiles} from '../src/profiles/built-in.js';
import {loadCustomProfiles} from '../src/profiles/custom.js';
import type {Profile} from '../src/profiles/types.js';
import {findingLine, lintFixture} from './helpers.js';

export interface RuleCases {
  /** A built-in profile, or the name given to `define`. */
  profile: string;
  /** A custom profile of that name, as a config would define it (it may extend a built-in one). */
  define?: Record<string, unknown>;
  options?: Record<string, unknown>;
  valid: Array<string | {name: string; code: string; options?: Record<string, unknown>}>;
  invalid: Array<{name: string; code: string; findings: ExpectedFinding[]; options?: Record<string, unknown>}>;
}

/** One finding of an invalid case: the message it reports, and the finding as fixtures write it. */
export interface ExpectedFinding {
  messageId: string;
  finding: string;
}

/** The built-in profiles, plus `define` under the name `profile` (resolved as config would). */
function profilesWith(profile: string, define: Record<string, unknown> | undefined): Map<string, Profile> {
  const builtins = builtinProfiles();
  if (!define) return builtins;
  const custom = loadCustomProfiles([{name: profile, value: define, configPath: 'test-config'}], builtins);
  return new Map([...builtins, ...custom]);
}

export async function lintWithOnly(ruleId: string, profile: string, code: string, options?: Record<string, unknown>, define?: Record<string, unknown>) {
  const rules: Record<string, RuleSetting> = {};
  for (const rule of RULES) rules[rule.meta.id] = 'off';
  const profiles = profilesWith(profile, define);
  // The profile's severity (so warnings read as warnings), error when it has the rule off.
  const setting = profiles.get(profile)?.rules[ruleId];
  const level = Array.isArray(setting) ? setting[0] : setting;
  rules[ruleId] = [level && level !== 'off' ? level : 'error', options ?? {}];
  return lintFixture(code, `${ruleId}.md`, {profile, rules, profiles, messageIds: true});
}

export function ruleTester(ruleId: string, cases: RuleCases): void {
  describe(ruleId, () => {
    for (const [i, c] of cases.valid.entries()) {
      const {name, code, options} = typeof c === 'string' ? {name: `valid ${i + 1}`, code: c, options: undefined} : c;
      it(`valid: ${name}`, async () => {
        const result = await lintWithOnly(ruleId, cases.profile, code, options ?? cases.options, cases.define);
        expect(result.messages.map(findingLine)).toEqual([]);
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${c.name}`, async () => {
        const result = await lintWithOnly(ruleId, cases.profile, c.code, c.options ?? cases.options, cases.define);
        expect(result.messages.map((m) => ({messageId: m.messageId, finding: findingLine(m)}))).toEqual(c.findings);
      });
    }
  });
}
