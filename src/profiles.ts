/**
 * Loading profiles: the built-in ones shipped as YAML in rules/profiles/,
 * with `extends` resolved, each validated against the profile schema.
 */
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {parse as parseYaml} from 'yaml';
import {UsageError} from './errors.js';
import {packageRoot} from './paths.js';
import {mergeProfiles, type Profile} from './profile.js';
import {profileSchema, validateOrThrow} from './schema.js';
import {getRule} from './rules.js';

let builtins: Map<string, Profile> | undefined;

export function builtinProfileDir(): string {
  return join(packageRoot(), 'rules', 'profiles');
}

function readProfileFile(path: string): Profile {
  let data: unknown;
  try {
    data = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${path}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  validateOrThrow(profileSchema, data, path);
  return data as Profile;
}

/** Resolve `extends` chains; detects cycles and unknown bases. */
export function resolveProfiles(raw: Map<string, Profile>, source: string): Map<string, Profile> {
  const done = new Map<string, Profile>();
  const resolving = new Set<string>();
  const resolve = (name: string): Profile => {
    const hit = done.get(name);
    if (hit) return hit;
    const profile = raw.get(name);
    if (!profile) throw new UsageError(`${source}: unknown profile "${name}"`);
    if (resolving.has(name)) throw new UsageError(`${source}: profile "${name}" extends itself`);
    resolving.add(name);
    let result: Profile = {...profile, rules: profile.rules ?? {}, sections: profile.sections ?? []};
    if (profile.extends) {
      if (!raw.has(profile.extends)) {
        throw new UsageError(`${source}: profile "${name}" extends unknown profile "${profile.extends}"`);
      }
      result = mergeProfiles(resolve(profile.extends), result);
      result.extends = profile.extends;
    }
    result.title ??= result.name;
    for (const id of Object.keys(result.rules)) {
      if (!getRule(id)) throw new UsageError(`${source}: profile "${name}" configures unknown rule "${id}"`);
    }
    resolving.delete(name);
    done.set(name, result);
    return result;
  };
  for (const name of raw.keys()) resolve(name);
  return done;
}

export function builtinProfiles(): Map<string, Profile> {
  if (builtins) return builtins;
  const dir = builtinProfileDir();
  const raw = new Map<string, Profile>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const profile = readProfileFile(join(dir, file));
    raw.set(profile.name, profile);
  }
  builtins = resolveProfiles(raw, dir);
  return builtins;
}

export function getProfile(name: string, extra?: Map<string, Profile>): Profile | undefined {
  return extra?.get(name) ?? builtinProfiles().get(name);
}
