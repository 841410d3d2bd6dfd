import {relative, resolve} from 'node:path';
import {isProfileFileArg, loadConfig} from './load.js';
import type {RuleSetting} from '../profiles/types.js';
import {UsageError} from '../lib/errors.js';
import {didYouMean} from '../lib/text.js';
import {configProfileFor} from '../engine/choose-profile.js';
import {lintText, parseSpec, resolveRuleSettings} from '../engine/lint.js';
import {claims, detectProfile} from '../engine/detect.js';
import {modelFor} from '../engine/rule.js';
import {VFile} from '../lib/vendor.js';
import {readTextFile} from '../lib/safe-io.js';

function readText(file: string, cwd: string, maxFileSize: number): {path: string; text: string} {
  const path = resolve(cwd, file);
  const decoded = readTextFile(path, maxFileSize);
  if ('reason' in decoded) throw new UsageError(`cannot read ${file}: ${decoded.reason}`);
  return {path, text: decoded.text};
}

/** What speclint would use for one file: config file, profile (and why), and each rule's severity and options. */
export async function printConfigFor(
  file: string,
  options: {cwd: string; configPath?: string; profile?: string; rules?: Record<string, RuleSetting>; useConfigFile?: boolean},
) {
  // The same config the lint would use: --rule settings, --no-config-lookup, a -p profile file.
  const profileFile = options.profile !== undefined && isProfileFileArg(options.profile) ? options.profile : undefined;
  const config = loadConfig({cwd: options.cwd, configPath: options.configPath, rules: options.rules, useConfigFile: options.useConfigFile, profileFile});
  if (config.profileFromFile) options = {...options, profile: config.profileFromFile};
  const {path, text} = readText(file, options.cwd, config.maxFileSize);
  const configProfile = configProfileFor(path, config);
  if (options.profile && !config.profiles.has(options.profile)) throw new UsageError(`unknown profile "${options.profile}"${didYouMean(options.profile, config.profiles.keys())}`);
  const outcome = await lintText(text, {
    filePath: relative(options.cwd, path),
    profiles: config.profiles,
    forcedProfile: options.profile,
    configProfile,
    ruleOverrides: config.rules,
    onlyRules: config.onlyRules,
    explicit: true,
  });
  const choice = outcome.result?.profile ?? null;
  const profile = choice ? config.profiles.get(choice.name) : undefined;
  const rules = profile
    ? Object.fromEntries(
        [...resolveRuleSettings(profile, config.rules, config.onlyRules)].map(([id, s]) => [id, [['off', 'warn', 'error'][s.severity], s.options]]),
      )
    : {};
  return {file: relative(options.cwd, path), config: config.path ? relative(options.cwd, config.path) : null, profile: choice, rules};
}

export interface DetectionRow {
  profile: string;
  extends: string | null;
  score: number;
  found: number;
  total: number;
  threshold: number;
  evidence: string[];
  /** Whether detection would claim the file for this profile on its own (score over threshold, evidence present when declared). */
  claims: boolean;
}

/** `--explain`: every profile's detection score and evidence for a file, and the profile detection chooses. */
export function explainDetection(file: string, options: {cwd: string; configPath?: string}): {file: string; detected: string | null; profiles: DetectionRow[]} {
  const config = loadConfig({cwd: options.cwd, configPath: options.configPath});
  const {path, text} = readText(file, options.cwd, config.maxFileSize);
  const vfile = new VFile({path, value: text});
  const model = modelFor(parseSpec(text, vfile), vfile);
  const {best, ranking} = detectProfile(model, config.profiles.values());
  return {
    file: relative(options.cwd, path),
    detected: best?.profile.name ?? null,
    profiles: ranking.map((d) => ({
      profile: d.profile.name,
      extends: d.profile.extends ?? null,
      score: Number(d.score.toFixed(2)),
      found: d.found,
      total: d.total,
      threshold: d.profile.detect?.threshold ?? 0.5,
      evidence: d.evidence.map((e) => e.label),
      claims: claims(d),
    })),
  };
}

export function formatExplanation(e: ReturnType<typeof explainDetection>): string {
  const width = Math.max(...e.profiles.map((p) => p.profile.length));
  const lines = [`${e.file}: ${e.detected ? `detected as ${e.detected}` : 'no profile detected (skipped when swept in; one profile-match warning when named)'}`];
  for (const p of e.profiles) {
    const verdict = p.profile === e.detected ? 'chosen' : p.score < p.threshold ? `under threshold ${p.threshold}` : p.evidence.length === 0 ? 'no evidence' : p.extends ? `variant of ${p.extends}` : 'claims';
    lines.push(`  ${p.profile.padEnd(width)}  ${p.score.toFixed(2)}  ${`${p.found}/${p.total}`.padStart(5)}  ${verdict}${p.evidence.length ? `; ${p.evidence.join(', ')}` : ''}`);
  }
  return lines.join('\n') + '\n';
}
