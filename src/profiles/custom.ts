/**
 * Profiles a team defines itself, in config: inline under `profiles:` or
 * in a YAML/JSON file the config names, in the same format as the built-in
 * profiles, optionally extending one of them (or another custom profile).
 * Every problem is a UsageError naming the file, the path inside it and
 * what was expected.
 */
import {isAbsolute, resolve} from 'node:path';
import {UsageError} from '../lib/errors.js';
import {ExtendsResolver} from './extends.js';
import {readDataFile} from '../lib/data-file.js';
import {validateProfile} from './validate.js';
import {mergeProfiles, severityOf, type Profile, type RuleSetting, type SectionSpec} from './types.js';
import {getRule, RULES} from '../engine/registry.js';
import {didYouMean} from '../lib/text.js';
import type {Confinement} from '../lib/confine.js';

/** A profile value in config naming a file rather than a profile: `rfc: ./profiles/rfc.yaml`. */
export const PROFILE_FILE = /\.(ya?ml|json)$/i;

/**
 * Rules a profile gets when it extends nothing and does not set them: each
 * rule's default severity (meta.recommended, the structural checks that
 * read only the profile's own sections), and for a custom profile also the
 * checks of what it declares itself (fields, checklists, diagrams). Value
 * rules tied to one template's tables (dependency-table, slo-targets ...)
 * stay off until the profile turns them on. In catalogue order.
 */
const CUSTOM_PROFILE_EXTRAS: Record<string, RuleSetting> = {'required-fields': 'error', 'quality-gate': 'error', 'required-diagram': 'error'};
export const DEFAULT_CUSTOM_RULES: Record<string, RuleSetting> = Object.fromEntries(
  RULES.map((r) => [r.meta.id, CUSTOM_PROFILE_EXTRAS[r.meta.id] ?? r.meta.recommended] as const).filter((e): e is [string, RuleSetting] => e[1] !== undefined),
);

export interface CustomProfileEntry {
  /** The profile's name: its key under `profiles:`. */
  name: string;
  /** An inline definition, or the absolute path of a profile file. */
  value: Record<string, unknown> | string;
  /** The config file that defines it. */
  configPath: string;
}

interface Definition {
  name: string;
  raw: Profile;
  /** File the definition is in, and the JSON pointer of the definition inside it. */
  source: string;
  prefix: string;
}

function readProfileFile(path: string, entry: CustomProfileEntry, confine?: Confinement): Record<string, unknown> {
  confine?.check(path, `${entry.configPath}: /profiles/${entry.name}: profile file ${path}`);
  const data = readDataFile(path, (why) => `${entry.configPath}: /profiles/${entry.name}: cannot read profile file ${path} (${why})`);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new UsageError(`${path}: /: must be an object (a profile)`);
  return data as Record<string, unknown>;
}

function readDefinition(entry: CustomProfileEntry, confine?: Confinement): Definition {
  const fromFile = typeof entry.value === 'string';
  const source = fromFile ? (entry.value as string) : entry.configPath;
  const prefix = fromFile ? '' : `/profiles/${entry.name}`;
  const data = {...(fromFile ? readProfileFile(entry.value as string, entry, confine) : (entry.value as Record<string, unknown>))};
  if (data['name'] === undefined) data['name'] = entry.name;
  else if (data['name'] !== entry.name) {
    throw new UsageError(`${source}: ${prefix}/name: "${String(data['name'])}" differs from the name the config gives it ("${entry.name}")`);
  }
  // An extending profile may only add rules or remove sections.
  if (data['sections'] === undefined && data['extends'] !== undefined) data['sections'] = [];
  validateProfile(data, source, prefix);
  const raw = data as unknown as Profile;
  return {name: entry.name, raw, source, prefix};
}

/**
 * Read, validate and resolve the custom profiles of a config against the
 * built-in ones. Returns them in definition order.
 */
export function loadCustomProfiles(entries: CustomProfileEntry[], builtins: Map<string, Profile>, confine?: Confinement): Map<string, Profile> {
  const definitions = new Map<string, Definition>();
  for (const entry of entries) {
    if (builtins.has(entry.name)) {
      throw new UsageError(
        `${entry.configPath}: /profiles/${entry.name}: redefines the built-in profile "${entry.name}"; give yours another name and "extends: ${entry.name}"`,
      );
    }
    definitions.set(entry.name, readDefinition(entry, confine));
  }
  // Bases among the custom profiles resolve through the shared resolver (see extends.ts); a built-in base is a leaf.
  const resolver = new ExtendsResolver<Profile>({
    bases: (name) => {
      const ext = definitions.get(name)!.raw.extends;
      return ext !== undefined && definitions.has(ext) ? [ext] : [];
    },
    build: (name, [custom]) => buildProfile(definitions.get(name)!, custom, builtins, definitions),
    cycle: (cycle) => {
      const def = definitions.get(cycle[0]!)!;
      return new UsageError(`${def.source}: ${def.prefix}/extends: profile "${cycle[0]}" extends itself: ${cycle.join(' -> ')}`);
    },
  });
  for (const name of definitions.keys()) resolver.resolve(name);
  return resolver.resolved();
}

/** One custom profile over its base (a resolved custom profile, else a built-in one), or from nothing. */
function buildProfile(def: Definition, custom: Profile | undefined, builtins: Map<string, Profile>, definitions: Map<string, Definition>): Profile {
  const {raw, name} = def;
  let profile: Profile;
  if (raw.extends !== undefined) {
    let base = custom ?? builtins.get(raw.extends);
    if (!base) {
      const names = [...builtins.keys(), ...definitions.keys()];
      throw new UsageError(`${def.source}: ${def.prefix}/extends: unknown profile "${raw.extends}"${didYouMean(raw.extends, names)} (known: ${names.join(', ')})`);
    }
    checkSectionReferences(def, base);
    // Rule options that name a renamed section (failure-coverage's "Failure Modes") follow the rename.
    if (raw.renameSections) base = {...base, rules: renameInRuleOptions(base.rules, raw.renameSections)};
    profile = mergeProfiles(base, {...raw, rules: raw.rules ?? {}});
    profile.extends = raw.extends;
  } else {
    profile = {...raw, rules: {...DEFAULT_CUSTOM_RULES, ...raw.rules}};
  }
  // What is only about how this profile was written does not carry over.
  delete profile.removeSections;
  delete profile.renameSections;
  if (raw.files) profile.files = raw.files;
  else delete profile.files;
  profile.title = raw.title ?? name;
  return profile;
}

/** Every section name (and alias) of a profile, at any depth. */
function sectionNames(specs: SectionSpec[], out = new Set<string>()): Set<string> {
  for (const spec of specs) {
    out.add(spec.name);
    for (const alias of spec.aliases ?? []) out.add(alias);
    if (spec.sections) sectionNames(spec.sections, out);
    for (const alt of spec.oneOf ?? []) sectionNames(alt.sections, out);
  }
  return out;
}

/**
 * removeSections, renameSections and `after` name sections of the base (or,
 * for `after`, sections this profile adds): a misspelt name would otherwise
 * do nothing, silently.
 */
function checkSectionReferences(def: Definition, base: Profile): void {
  const known = sectionNames(base.sections);
  const lower = new Set([...known].map((n) => n.toLowerCase()));
  const check = (name: string, path: string, candidates: Set<string> = known, lowered: Set<string> = lower) => {
    if (!lowered.has(name.toLowerCase())) {
      throw new UsageError(`${def.source}: ${def.prefix}${path}: "${name}" is not a section of "${base.name}"${didYouMean(name, candidates)}`);
    }
  };
  def.raw.removeSections?.forEach((name, i) => check(name, `/removeSections/${i}`));
  for (const name of Object.keys(def.raw.renameSections ?? {})) check(name, `/renameSections/${name}`);
  const withOwn = sectionNames(def.raw.sections ?? [], new Set(known));
  for (const name of Object.values(def.raw.renameSections ?? {})) withOwn.add(name);
  const withOwnLower = new Set([...withOwn].map((n) => n.toLowerCase()));
  const checkAfter = (specs: Array<SectionSpec & {after?: string}>, path: string) =>
    specs.forEach((spec, i) => {
      if (spec.after !== undefined) check(spec.after, `${path}/${i}/after`, withOwn, withOwnLower);
      if (spec.sections) checkAfter(spec.sections, `${path}/${i}/sections`);
    });
  checkAfter(def.raw.sections ?? [], '/sections');
}

/** Replace, in the options of every rule the profile runs (defaults included), strings naming a renamed section. */
function renameInRuleOptions(rules: Record<string, RuleSetting>, renames: Record<string, string>): Record<string, RuleSetting> {
  const byOld = new Map(Object.entries(renames).map(([from, to]) => [from.toLowerCase(), to]));
  const rename = (value: unknown): unknown => {
    if (typeof value === 'string') return byOld.get(value.toLowerCase()) ?? value;
    if (Array.isArray(value)) return value.map(rename);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rename(v)]));
    return value;
  };
  const out: Record<string, RuleSetting> = {};
  for (const [id, setting] of Object.entries(rules)) {
    const rule = getRule(id);
    const level = Array.isArray(setting) ? setting[0] : setting;
    if (!rule || severityOf(setting) === 0) {
      out[id] = setting;
      continue;
    }
    const options = {...(rule.meta.defaultOptions as Record<string, unknown>), ...(Array.isArray(setting) ? setting[1] : {})};
    const renamed = rename(options) as Record<string, unknown>;
    out[id] = JSON.stringify(renamed) === JSON.stringify(options) ? setting : [level, renamed];
  }
  return out;
}

/** Absolute path of a profile file named in a config in `dir`. */
export function profileFilePath(dir: string, value: string): string {
  return isAbsolute(value) ? value : resolve(dir, value);
}
