/**
 * The one validator of rule settings, for every place that sets rules: the
 * built-in profiles (at build time, scripts/build-profiles.mjs), custom
 * profiles and config `rules` (at load time). Each setting is checked for
 * its severity, its options against the rule's own JSON Schema (Ajv), and
 * what the schema cannot say (`meta.validateOptions`: regex options compile
 * through regex.ts and can run in linear time). A problem is a one-line
 * UsageError naming the file, the rule and the key:
 *
 *   rules/profiles/backend-spec.yaml: /rules/slo-targets/1: unknown key "bogusOption"
 */
import {UsageError} from '../lib/errors.js';
import type {Profile, RuleSetting, SectionSpec} from './types.js';
import {compilePlaceholder} from '../../rules/lib/placeholders.js';
import {patternProblem} from '../lib/regex.js';
import {getRule, isKnownRuleId, ruleCatalogue, RULES} from '../engine/registry.js';
import {profileSchema, ruleSettingSchema, validateOrThrow} from './schema.js';
import {didYouMean} from '../lib/text.js';

/**
 * Where the settings are: a profile runs only real rules; a config may also
 * set the engine's own findings (profile-match, front-matter, lint-comment),
 * never file-budget.
 */
export type SettingsScope = 'profile' | 'config';

/** Check every rule setting of `rules`; `prefix` is the JSON pointer of the object holding `rules` in `source`. */
export function checkRuleSettings(rules: Record<string, RuleSetting> | undefined, source: string, prefix: string, scope: SettingsScope): void {
  for (const [id, setting] of Object.entries(rules ?? {})) {
    const known = scope === 'config' ? isKnownRuleId(id) : getRule(id) !== undefined;
    if (!known) {
      const ids = scope === 'config' ? ruleCatalogue().map((r) => r.id) : RULES.map((r) => r.meta.id);
      throw new UsageError(`${source}: ${prefix}/rules: unknown rule "${id}"${didYouMean(id, ids)} (run "speclint rules" for the list)`);
    }
    if (scope === 'config' && id === 'file-budget') {
      throw new UsageError(`${source}: ${prefix}/rules/file-budget: cannot be configured: a file that could not be linted always fails (raise maxFileTime instead)`);
    }
    validateOrThrow(ruleSettingSchema, setting, source, `${prefix}/rules/${id}`);
    const rule = getRule(id);
    if (rule && Array.isArray(setting) && setting[1] !== undefined) {
      validateOrThrow(rule.meta.schema, setting[1], source, `${prefix}/rules/${id}/1`);
      const problem = rule.meta.validateOptions?.(setting[1]);
      if (problem) throw new UsageError(`${source}: ${prefix}/rules/${id}/1${problem}`);
    }
  }
}

/** Patterns compile (and can run in linear time): a bad one is reported at its place in the file. */
function checkSectionPatterns(specs: SectionSpec[] | undefined, source: string, path: string): void {
  (specs ?? []).forEach((spec, i) => {
    const here = `${path}/${i}`;
    if (spec.pattern !== undefined) {
      const problem = patternProblem(spec.pattern, 'iu', `${here}/pattern`);
      if (problem) throw new UsageError(`${source}: ${problem}`);
    }
    checkSectionPatterns(spec.sections, source, `${here}/sections`);
    spec.oneOf?.forEach((alt, j) => checkSectionPatterns(alt.sections, source, `${here}/oneOf/${j}/sections`));
  });
}

/**
 * Validate one profile definition (built-in or custom, before `extends` is
 * resolved): the schema, every pattern, every rule setting. `prefix` is the
 * JSON pointer of the definition inside `source` ("" for a profile file).
 */
export function validateProfile(data: unknown, source: string, prefix: string): void {
  validateOrThrow(profileSchema, data, source, prefix);
  const raw = data as Profile;
  checkSectionPatterns(raw.sections, source, `${prefix}/sections`);
  raw.placeholders?.forEach((spec, i) => {
    try {
      compilePlaceholder(spec);
    } catch (error) {
      throw new UsageError(`${source}: ${prefix}/placeholders/${i}: ${(error as Error).message}`);
    }
  });
  const patterns: Array<[string, string | undefined]> = [
    ['detect/title', raw.detect?.title],
    ...(raw.detect?.evidence ?? []).flatMap((e, i): Array<[string, string | undefined]> => [
      [`detect/evidence/${i}/heading`, e.heading],
      [`detect/evidence/${i}/text`, e.text],
    ]),
  ];
  for (const [where, pattern] of patterns) {
    if (pattern === undefined) continue;
    const problem = patternProblem(pattern, 'iu', `${prefix}/${where}`);
    if (problem) throw new UsageError(`${source}: ${problem}`);
  }
  checkRuleSettings(raw.rules, source, prefix, 'profile');
}
