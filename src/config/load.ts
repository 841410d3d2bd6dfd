/**
 * Config files: `.speclintrc.json`, `.speclintrc.yaml`, `.speclintrc.yml`,
 * or a `speclint` key in package.json, found in the working directory or
 * the nearest ancestor. Validated against the config schema; every rule id,
 * rule option and profile name it mentions is checked before any file is read.
 */
import {existsSync} from 'node:fs';
import {basename, dirname, isAbsolute, join, relative, resolve} from 'node:path';
import {UsageError} from '../lib/errors.js';
import type {ConfigFile, Profile, RuleSetting} from '../profiles/types.js';
import {builtinProfiles} from '../profiles/built-in.js';
import {isKnownRuleId, ruleCatalogue} from '../engine/registry.js';
import {didYouMean} from '../lib/text.js';
import {configSchema, validateOrThrow} from '../profiles/schema.js';
import {MAX_CONFIG_BYTES, readDataFile} from '../lib/data-file.js';
import {checkRuleSettings} from '../profiles/validate.js';
import {ExtendsResolver} from '../profiles/extends.js';
import {readRegularFile} from '../lib/safe-io.js';
import {loadCustomProfiles, PROFILE_FILE, profileFilePath, type CustomProfileEntry} from '../profiles/custom.js';
import type {Confinement} from '../lib/confine.js';
import {DEFAULT_MAX_FILE_TIME} from '../engine/budget.js';

export const CONFIG_FILES = ['.speclintrc.json', '.speclintrc.yaml', '.speclintrc.yml'];

export {MAX_CONFIG_BYTES} from '../lib/data-file.js';

/** A config file as written (its type is generated from configSchema, see schema.ts). */
export interface RawConfig extends ConfigFile {
  /** Which config file each `profiles` key came from (filled while loading, for messages). */
  __profileSources?: Record<string, string>;
}

export interface ResolvedConfig {
  /** Config file used, if any. */
  path?: string;
  /** Directory globs in the config are relative to. */
  baseDir: string;
  files?: string[];
  ignores: string[];
  profile?: string;
  /** Glob → profile, in the order written (first match wins). */
  profileMap: Array<[string, string]>;
  rules: Record<string, RuleSetting>;
  /** Config `onlyRules`: only these rules run. */
  onlyRules?: string[];
  maxFileSize: number;
  /** The per-file time budget in milliseconds (default 10 s, see budget.ts). */
  maxFileTime: number;
  /** Every profile available by name: the built-in ones, then the config's own. */
  profiles: Map<string, Profile>;
  /** Names of the profiles the config defines. */
  customProfiles: string[];
  /** Profile files the config names (absolute paths), for cache invalidation. */
  profileFiles: string[];
  /** With `profileFile`: the name of the profile that file defines. */
  profileFromFile?: string;
}

/**
 * Files above this size are reported, not parsed. Real specs are 3-40 KB;
 * micromark slows superlinearly on long list-heavy files (measured here:
 * 250 KB in 1.8 s, 1 MB in 9.4 s), so a stray generated file must not stall CI.
 */
export const DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024;

/** The nearest config file from `startDir` up; confined, only in directories inside the confinement. */
export function findConfigFile(startDir: string, confine?: Confinement): string | undefined {
  let dir = resolve(startDir);
  for (;;) {
    if (confine && !confine.holdsDirectory(dir)) return undefined;
    for (const name of CONFIG_FILES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if (JSON.parse(readRegularFile(pkg, MAX_CONFIG_BYTES).buffer.toString('utf8')).speclint !== undefined) return pkg;
      } catch {
        // An unreadable package.json is not our config; keep looking.
      }
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

function readRawConfig(path: string, confine?: Confinement): RawConfig {
  confine?.check(path, `config file ${path}`);
  let data = readDataFile(path, (why) => `cannot read config ${path}: ${why}`);
  if (path.endsWith('package.json')) data = (data as {speclint?: unknown}).speclint;
  if (data === null || data === undefined) data = {};
  validateOrThrow(configSchema, data, path);
  return data as RawConfig;
}

/**
 * A config file merged over the configs it extends, in order (this file
 * wins). `extends` may form a diamond (two bases extending one more); a
 * cycle is an error naming it.
 */
function loadWithExtends(path: string, cwd: string, confine?: Confinement): RawConfig & {__dir: string} {
  const raws = new Map<string, RawConfig>();
  const display = (p: string) => relative(cwd, p) || p;
  const resolver = new ExtendsResolver<RawConfig>({
    bases(file) {
      const raw = readRawConfig(file, confine);
      const dir = dirname(file);
      // Profile files are relative to the config that names them, whichever config extends it.
      raw.__profileSources = {};
      for (const [key, value] of Object.entries(raw.profiles ?? {})) {
        raw.__profileSources[key] = file;
        if (typeof value === 'string' && PROFILE_FILE.test(value)) raw.profiles![key] = profileFilePath(dir, value);
      }
      raws.set(file, raw);
      const bases = raw.extends === undefined ? [] : Array.isArray(raw.extends) ? raw.extends : [raw.extends];
      return bases.map((base) => (isAbsolute(base) ? base : resolve(dir, base)));
    },
    build(file, bases) {
      let merged: RawConfig = {};
      for (const base of bases) merged = mergeConfig(merged, base);
      return mergeConfig(merged, raws.get(file)!);
    },
    cycle: (cycle) => new UsageError(`${display(cycle[0]!)}: /extends: config extends itself: ${cycle.map(display).join(' -> ')}`),
  });
  return {...resolver.resolve(path), __dir: dirname(path)};
}

function mergeConfig(base: RawConfig, over: RawConfig): RawConfig {
  return {
    files: over.files ?? base.files,
    // A base reached twice (a diamond) gives its ignores once.
    ignores: [...new Set([...(base.ignores ?? []), ...(over.ignores ?? [])])],
    profile: over.profile ?? base.profile,
    profiles: {...base.profiles, ...over.profiles},
    rules: {...base.rules, ...over.rules},
    onlyRules: over.onlyRules ?? base.onlyRules,
    maxFileSize: over.maxFileSize ?? base.maxFileSize,
    maxFileTime: over.maxFileTime ?? base.maxFileTime,
    __profileSources: {...base.__profileSources, ...over.__profileSources},
  };
}

/** Check every rule id and option, and every profile name, the config mentions. */
function checkReferences(config: RawConfig, source: string, profiles: Map<string, Profile>): void {
  (config.onlyRules ?? []).forEach((id, i) => {
    if (!isKnownRuleId(id) || id === 'file-budget') {
      throw new UsageError(`${source}: /onlyRules/${i}: unknown rule "${id}"${didYouMean(id, ruleCatalogue().map((r) => r.id))} (run "speclint rules" for the list)`);
    }
  });
  checkRuleSettings(config.rules, source, '', 'config');
  const names = [...profiles.keys()].join(', ');
  if (config.profile && !profiles.has(config.profile)) {
    throw new UsageError(`${source}: /profile: unknown profile "${config.profile}"${didYouMean(config.profile, profiles.keys())} (known: ${names})`);
  }
  for (const [glob, name] of globMappings(config)) {
    if (!profiles.has(name)) throw new UsageError(`${source}: /profiles/${glob}: unknown profile "${name}"${didYouMean(name, profiles.keys())} (known: ${names})`);
  }
}

/** `profiles` entries that map a glob to a profile name (the others define profiles). */
function globMappings(config: RawConfig): Array<[string, string]> {
  return Object.entries(config.profiles ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string' && !PROFILE_FILE.test(e[1]));
}

/** `profiles` entries that define a profile: an inline object or a profile file. */
function profileDefinitions(config: RawConfig, fallbackSource: string): CustomProfileEntry[] {
  return Object.entries(config.profiles ?? {})
    .filter(([, value]) => typeof value === 'object' || PROFILE_FILE.test(value))
    .map(([name, value]) => ({name, value, configPath: config.__profileSources?.[name] ?? fallbackSource}));
}

/**
 * `rules`: settings given on the command line (`--rule`), over the config's,
 * checked like them. `profileFile`: a profile file named by `--profile`,
 * loaded beside the config's own profiles (its `name`, else its file name).
 */
export function loadConfig(options: {
  cwd: string;
  configPath?: string;
  useConfigFile?: boolean;
  confine?: Confinement;
  rules?: Record<string, RuleSetting>;
  profileFile?: string;
}): ResolvedConfig {
  const profiles = new Map(builtinProfiles());
  const {confine} = options;
  const path =
    options.configPath !== undefined
      ? resolve(options.cwd, options.configPath)
      : options.useConfigFile === false
        ? undefined
        : findConfigFile(options.cwd, confine);
  if (options.configPath !== undefined) {
    confine?.check(path!, `config ${options.configPath}`);
    if (!existsSync(path!)) throw new UsageError(`cannot read config ${options.configPath}: no such file`);
  }
  const raw: RawConfig & {__dir: string} = path ? loadWithExtends(path, options.cwd, confine) : {__dir: options.cwd};
  const definitions = path ? profileDefinitions(raw, path) : [];
  const custom = definitions.length ? loadCustomProfiles(definitions, profiles, confine) : new Map<string, Profile>();
  for (const [name, profile] of custom) profiles.set(name, profile);
  if (path) checkReferences(raw, path, profiles);
  if (options.rules) checkReferences({rules: options.rules}, '--rule', profiles);
  const profileFromFile = options.profileFile !== undefined ? loadProfileFile(options.profileFile, options.cwd, profiles, definitions, confine) : undefined;
  const profileMap: Array<[string, string]> = [...globMappings(raw)];
  for (const [name, profile] of custom) for (const glob of profile.files ?? []) profileMap.push([glob, name]);
  return {
    path,
    baseDir: raw.__dir,
    files: raw.files,
    ignores: raw.ignores ?? [],
    profile: raw.profile,
    profileMap,
    rules: {...raw.rules, ...options.rules},
    onlyRules: raw.onlyRules,
    maxFileSize: raw.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    maxFileTime: raw.maxFileTime ?? DEFAULT_MAX_FILE_TIME,
    profiles,
    customProfiles: [...custom.keys()],
    profileFiles: [...definitions.filter((d) => typeof d.value === 'string').map((d) => d.value as string), ...(options.profileFile !== undefined ? [resolve(options.cwd, options.profileFile)] : [])],
    profileFromFile,
  };
}

/** Whether a `--profile` value names a profile file rather than a profile. */
export function isProfileFileArg(value: string): boolean {
  return PROFILE_FILE.test(value) || /[\\/]/.test(value);
}

/**
 * `--profile ./kep.yaml`: the profile a file defines, added to `profiles`
 * under its `name` (else its file name); the config's own entry for the
 * same file is reused. Returns the name.
 */
function loadProfileFile(file: string, cwd: string, profiles: Map<string, Profile>, definitions: CustomProfileEntry[], confine?: Confinement): string {
  const abs = resolve(cwd, file);
  const same = definitions.find((d) => d.value === abs);
  if (same) return same.name;
  if (!existsSync(abs)) throw new UsageError(`--profile ${file}: no such profile file (a profile name would be one of: ${[...profiles.keys()].join(', ')})`);
  let name: string | undefined;
  try {
    const data = readDataFile(abs, (why) => why) as {name?: unknown} | null;
    if (data && typeof data.name === 'string') name = data.name;
  } catch {
    // Reported with the file's path and position when it is loaded below.
  }
  name ??= basename(abs).replace(PROFILE_FILE, '');
  if (profiles.has(name)) throw new UsageError(`--profile ${file}: defines profile "${name}", which is already a ${builtinProfiles().has(name) ? 'built-in' : 'config'} profile; give it another name`);
  const loaded = loadCustomProfiles([{name, value: abs, configPath: `--profile ${file}`}], profiles, confine);
  for (const [n, profile] of loaded) profiles.set(n, profile);
  return name;
}
