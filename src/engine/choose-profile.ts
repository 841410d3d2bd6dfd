/**
 * Which profile a file gets, and why: the one decision every path makes the
 * same way (lintText for the CLI, the runner, the Action, `--print-config`
 * and the remark preset). In order:
 *
 * 1. `--profile` (or the preset's `profile` option) forces it;
 * 2. front matter naming it (`speclint: NAME`; `profile: NAME` when NAME is
 *    known), an unknown name being a front-matter finding;
 * 3. config: a `profiles` glob matching the file, else the config `profile`;
 * 4. detection from the headings (detect.ts).
 *
 * A file no profile claims is skipped when it was swept in by a directory
 * or glob, and gets one profile-match warning when it was named.
 */
import type {ResolvedConfig} from '../config/load.js';
import {detectionReason, detectProfile} from './detect.js';
import {mappedProfile} from '../run/files.js';
import type {SpecModel} from './model.js';
import type {Profile} from '../profiles/types.js';
import {didYouMean, quote} from '../lib/text.js';

export interface ProfileChoice {
  name: string;
  /** How it was chosen: `cli`, `front-matter`, `config`, or `detected`. */
  source: 'cli' | 'front-matter' | 'config' | 'detected';
  reason: string;
}

/** A finding of the engine itself (not of a rule), added to the file's messages by lintText. */
export interface EngineFinding {
  ruleId: 'profile-match' | 'front-matter';
  message: string;
  hint: string;
  at?: {line: number; column: number};
  /** A warning at most, whatever the rule's severity (a YAML warning is no parse error). */
  warning?: boolean;
}

export interface ProfileRequest {
  /** All profiles available by name (built-in and configured). */
  profiles: Map<string, Profile>;
  /** `--profile`: forces the profile. */
  forcedProfile?: string;
  /** From config: a glob mapping or the config's `profile` (see `configProfileFor`). */
  configProfile?: {name: string; reason: string};
  /** True when the file was named explicitly or mapped by config (never skipped silently). */
  explicit: boolean;
}

export type ProfileDecision = {profile: Profile | undefined; choice: ProfileChoice | null} | {skippedReason: string};

/** The profile config assigns to the file at `path`: the first `profiles` glob that matches, else the config `profile`. */
export function configProfileFor(path: string, config: Pick<ResolvedConfig, 'profileMap' | 'baseDir' | 'profile'>): {name: string; reason: string} | undefined {
  return mappedProfile(path, config.profileMap, config.baseDir) ?? (config.profile ? {name: config.profile, reason: 'config "profile"'} : undefined);
}

/**
 * The profile front matter names: `speclint: NAME` (or `speclint: {profile:
 * NAME}`) always; a generic `profile: NAME` key only when NAME is a known
 * profile, since other tools use that key for other things.
 */
function frontMatterProfile(model: SpecModel, profiles: Map<string, Profile>): string | undefined {
  const data = model.frontMatter.data;
  const own = data?.['speclint'];
  if (typeof own === 'string') return own;
  if (own && typeof own === 'object' && typeof (own as {profile?: unknown}).profile === 'string') {
    return (own as {profile: string}).profile;
  }
  const generic = data?.['profile'];
  return typeof generic === 'string' && profiles.has(generic) ? generic : undefined;
}

/**
 * Decide the profile of one document. Engine findings it causes (an unknown
 * profile in front matter, no profile matched) are pushed onto `engine`,
 * which holds the findings found before (front matter that does not parse):
 * a file with such a finding is never skipped silently.
 */
export function chooseProfile(model: SpecModel, request: ProfileRequest, engine: EngineFinding[]): ProfileDecision {
  let choice: ProfileChoice | null = null;
  let profile: Profile | undefined;
  const {profiles} = request;
  const fmName = frontMatterProfile(model, profiles);
  if (request.forcedProfile) {
    profile = profiles.get(request.forcedProfile);
    choice = {name: request.forcedProfile, source: 'cli', reason: '--profile'};
  } else if (fmName !== undefined) {
    profile = profiles.get(fmName);
    if (profile) {
      choice = {name: fmName, source: 'front-matter', reason: 'named in front matter'};
    } else {
      engine.push({
        ruleId: 'front-matter',
        message: `Front matter names unknown profile ${quote(fmName)}${didYouMean(fmName, profiles.keys())}`,
        hint: `Use one of: ${[...profiles.keys()].join(', ')}`,
        at: model.frontMatter.position?.start,
      });
    }
  } else if (request.configProfile) {
    profile = profiles.get(request.configProfile.name);
    choice = {name: request.configProfile.name, source: 'config', reason: request.configProfile.reason};
  }
  if (!profile && fmName === undefined) {
    const {best, ranking} = detectProfile(model, profiles.values());
    if (best) {
      profile = best.profile;
      choice = {name: best.profile.name, source: 'detected', reason: detectionReason(best)};
    } else if (!request.explicit && engine.length === 0) {
      const top = ranking[0];
      return {skippedReason: top ? `looks like no spec (closest: ${top.profile.name}, score ${top.score.toFixed(2)})` : 'looks like no spec'};
    } else if (engine.length === 0) {
      const top = ranking[0];
      engine.push({
        ruleId: 'profile-match',
        message:
          top && top.found > 0
            ? `No profile matched this file (closest: ${top.profile.name}, ${top.found} of ${top.total} required sections and fields)`
            : 'No profile matched this file (no heading matches any profile)',
        hint: 'Name the profile with --profile, front matter "speclint: <profile>", or a "profiles" glob in config',
      });
    }
  }
  return {profile, choice};
}
