/**
 * Loading profiles: the built-in ones shipped as YAML in rules/profiles/,
 * with `extends` resolved, each validated against the profile schema.
 *
 * Parsing and validating 13 YAML files (yaml + Ajv) costs ~250 ms, more than
 * linting a spec, so the build validates and resolves them once
 * (scripts/build-profiles.mjs writes dist/profiles.json) and the compiled CLI
 * loads that JSON. The JSON carries a fingerprint of everything it was built
 * from: the YAML files and the compiled code that validates and merges them.
 * When any of it differs (a profile edited after the build) or the JSON is
 * missing, or when running from the TypeScript sources (tests, tsx), the
 * YAML is read and validated here as before: the checks are never skipped,
 * only done ahead of time.
 */
import {createHash} from 'node:crypto';
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {UsageError} from '../lib/errors.js';
import {ExtendsResolver} from './extends.js';
import {packageRoot} from '../lib/paths.js';
import {mergeProfiles, type Profile} from './types.js';
import {readDataFile} from '../lib/data-file.js';
import {validateProfile} from './validate.js';
import {trustPatterns} from '../lib/regex.js';
import {recommendedRules, RULES} from '../engine/registry.js';

let builtins: Map<string, Profile> | undefined;

export function builtinProfileDir(): string {
  return join(packageRoot(), 'rules', 'profiles');
}

/** Where the build writes the validated, resolved built-in profiles. */
export function builtinProfilesJsonPath(): string {
  return join(packageRoot(), 'dist', 'profiles.json');
}

/** dist/profiles.json: the resolved built-in profiles, in resolution order. */
export interface BuiltProfiles {
  fingerprint: string;
  profiles: Profile[];
}

/** One built-in profile file, validated like any profile (see validate.ts); its patterns ship with speclint. */
function readProfileFile(path: string): Profile {
  const data = readDataFile(path, (why) => `cannot read profile ${path}: ${why}`);
  trustPatterns(data);
  validateProfile(data, path, '');
  return data as Profile;
}

/** Resolve `extends` (see extends.ts); a cycle is an error naming it, and so is an unknown base. */
export function resolveProfiles(raw: Map<string, Profile>, source: string): Map<string, Profile> {
  const resolver = new ExtendsResolver<Profile>({
    bases(name) {
      const profile = raw.get(name);
      if (!profile) throw new UsageError(`${source}: unknown profile "${name}"`);
      if (profile.extends && !raw.has(profile.extends)) {
        throw new UsageError(`${source}: profile "${name}" extends unknown profile "${profile.extends}"`);
      }
      return profile.extends ? [profile.extends] : [];
    },
    build(name, [base]) {
      const profile = raw.get(name)!;
      // A profile that extends nothing starts from the rules' default severities (meta.recommended).
      let result: Profile = {...profile, rules: base ? (profile.rules ?? {}) : {...recommendedRules(), ...profile.rules}, sections: profile.sections ?? []};
      if (base) {
        result = mergeProfiles(base, result);
        result.extends = profile.extends;
      }
      result.title ??= result.name;
      return result;
    },
    cycle: (cycle) => new UsageError(`${source}: profile "${cycle[0]}" extends itself: ${cycle.join(' -> ')}`),
  });
  for (const name of raw.keys()) resolver.resolve(name);
  // In resolution order (a base before what extends it), as before: detection's tie-breaks follow it.
  return resolver.resolved();
}

function profileFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
}

/** Read, validate and resolve the built-in profile YAML files (the slow path, always run by the build). */
export function loadBuiltinProfilesFromYaml(dir = builtinProfileDir()): Map<string, Profile> {
  const raw = new Map<string, Profile>();
  for (const file of profileFiles(dir)) {
    const profile = readProfileFile(join(dir, file));
    raw.set(profile.name, profile);
  }
  return resolveProfiles(raw, dir);
}

/**
 * Compiled modules whose behaviour shapes the resolved profiles: the
 * validator and schema, the merge, this loader, and the rule catalogue (a
 * profile naming an unknown rule is an error).
 */
const FINGERPRINTED_MODULES = ['./types.js', './built-in.js', './extends.js', './schema.js', '../engine/registry.js', '../../rules/lib/placeholders.js', './validate.js', '../lib/data-file.js', '../lib/regex.js'];

/**
 * A digest of every input of the built profiles: each YAML file (name and
 * bytes), the compiled modules above and the known rule ids. Throws when a
 * file is unreadable.
 */
export function builtinProfilesFingerprint(dir = builtinProfileDir()): string {
  const hash = createHash('sha256');
  hash.update(`rules:${RULES.map((r) => r.meta.id).join(',')}\0`);
  for (const file of profileFiles(dir)) {
    hash.update(`yaml:${file}\0`).update(readFileSync(join(dir, file))).update('\0');
  }
  for (const module of FINGERPRINTED_MODULES) {
    hash.update(`code:${module}\0`).update(readFileSync(fileURLToPath(new URL(module, import.meta.url)))).update('\0');
  }
  return hash.digest('hex');
}

/** The prebuilt profiles, when they exist and match their inputs; else undefined. */
function loadPrebuilt(): Map<string, Profile> | undefined {
  // From the TypeScript sources (vitest, tsx) the compiled JSON may lag the code: always validate.
  if (!import.meta.url.endsWith('.js')) return undefined;
  let built: BuiltProfiles;
  try {
    built = JSON.parse(readFileSync(builtinProfilesJsonPath(), 'utf8')) as BuiltProfiles;
  } catch {
    return undefined;
  }
  let fingerprint: string;
  try {
    fingerprint = builtinProfilesFingerprint();
  } catch {
    return undefined;
  }
  if (built.fingerprint !== fingerprint || !Array.isArray(built.profiles)) return undefined;
  return new Map(built.profiles.map((p) => [p.name, p]));
}

export function builtinProfiles(): Map<string, Profile> {
  if (builtins) return builtins;
  builtins = loadPrebuilt() ?? loadBuiltinProfilesFromYaml();
  // The built-in profiles' patterns ship with speclint (see regex.ts).
  for (const profile of builtins.values()) trustPatterns(profile);
  return builtins;
}
