/**
 * speclint's programmatic API: lint files or text with the built-in
 * profiles, and read the rule catalogue. The remark preset is
 * `speclint/preset`; the CLI is the `speclint` bin.
 */
export {runLint, decodeText, type FixedFile, type RunOptions, type RunResult} from './runner.js';
export {applyFixes, fixText, writeFileAtomic, type FixOutcome} from './fix.js';
export {lintText, type FileResult, type LintMessage, type LintOptions, type LintOutcome, type ProfileChoice} from './lint.js';
export {builtinProfiles} from './profiles.js';
export {loadConfig, type ResolvedConfig} from './config.js';
export {RULES, ENGINE_RULES, ruleCatalogue, type RuleInfo} from './rules.js';
export type {Profile, SectionSpec, TableSpec, RuleSetting} from './profile.js';
export type {Rule, RuleMeta, RuleContext} from './rule.js';
export {UsageError} from './errors.js';
