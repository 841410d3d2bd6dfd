/**
 * speclint's programmatic API: lint files or text with the built-in
 * profiles, and read the rule catalogue. The remark preset is
 * `speclint/preset`; the CLI is the `speclint` bin.
 */
export {runLint, decodeText, type FixedFile, type RunOptions, type RunResult} from './run/runner.js';
export {applyFixes, fixText, writeFileAtomic, type FixOutcome} from './fix/apply.js';
export {lintText, type FileResult, type LintMessage, type LintOptions, type LintOutcome, type ProfileChoice} from './engine/lint.js';
export {builtinProfiles} from './profiles/built-in.js';
export {loadConfig, type ResolvedConfig} from './config/load.js';
export {RULES, ENGINE_RULES, ruleCatalogue, type RuleInfo} from './engine/registry.js';
export type {ConfigFile, Profile, ProfileDefinition, SectionSpec, TableSpec, RuleSetting} from './profiles/types.js';
export type {Finding, MessageData, Rule, RuleMeta, RuleContext} from './engine/rule.js';
export {UsageError} from './lib/errors.js';
