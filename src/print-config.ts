import {relative, resolve} from 'node:path';
import {loadConfig} from './config.js';
import {UsageError} from './errors.js';
import {didYouMean} from './text.js';
import {mappedProfile} from './files.js';
import {lintText, resolveRuleSettings} from './lint.js';
import {readTextFile} from './safe-io.js';

/** What speclint would use for one file: config file, profile (and why), and each rule's severity and options. */
export async function printConfigFor(file: string, options: {cwd: string; configPath?: string; profile?: string}) {
  const config = loadConfig({cwd: options.cwd, configPath: options.configPath});
  const path = resolve(options.cwd, file);
  const decoded = readTextFile(path, config.maxFileSize);
  if ('reason' in decoded) throw new UsageError(`cannot read ${file}: ${decoded.reason}`);
  const configProfile =
    mappedProfile(path, config.profileMap, config.baseDir) ?? (config.profile ? {name: config.profile, reason: 'config "profile"'} : undefined);
  if (options.profile && !config.profiles.has(options.profile)) throw new UsageError(`unknown profile "${options.profile}"${didYouMean(options.profile, config.profiles.keys())}`);
  const outcome = await lintText(decoded.text, {
    filePath: relative(options.cwd, path),
    profiles: config.profiles,
    forcedProfile: options.profile,
    configProfile,
    ruleOverrides: config.rules,
    explicit: true,
  });
  const choice = outcome.result?.profile ?? null;
  const profile = choice ? config.profiles.get(choice.name) : undefined;
  const rules = profile
    ? Object.fromEntries(
        [...resolveRuleSettings(profile, config.rules)].map(([id, s]) => [id, [['off', 'warn', 'error'][s.severity], s.options]]),
      )
    : {};
  return {file: relative(options.cwd, path), config: config.path ? relative(options.cwd, config.path) : null, profile: choice, rules};
}
