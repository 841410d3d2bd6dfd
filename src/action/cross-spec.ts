/**
 * `only-changed` and the checks across specs (src/system/): a pull request
 * that changes spec B's targets can break spec A, which it does not touch.
 * The run lints every spec (the system model needs them all) and reports the
 * per-file findings of changed files only, as ever; this module finds the
 * system-* findings on untouched specs that this change causes, so the
 * Action can list them too.
 *
 * "Caused by this change" is decided by comparing with the tree without
 * it, not by whether the message names a changed file: a finding on A that
 * cites B exists just the same when B's edit was elsewhere in the file, and
 * is not the pull request's doing. The tree without the change is the
 * checkout with each file the pull request added, modified, renamed or
 * deleted put back as it was at the merge base (added ones removed). Specs
 * it did not touch keep their facts; the changed ones are linted again from
 * their merge-base text, with the same config, to get their profile and
 * facts. A finding on an untouched spec is caused by the change when the
 * checks over that tree do not report it: the same rule at the same place
 * with the same message, where the line numbers the message cites in other
 * specs do not count (an edit above a cited line moves it) and a renamed
 * spec counts under its new name. It is "new" when no finding of that rule
 * was at that place, "changed" when one was and said something else (the
 * numbers moved).
 */
import {resolve} from 'node:path';
import type {ResolvedConfig} from '../config/load.js';
import {lintText, type FileResult, type LintMessage} from '../engine/lint.js';
import {decodeText} from '../lib/safe-io.js';
import {globTest} from '../run/files.js';
import {lintOptionsFor} from '../run/runner.js';
import {systemFindings} from '../system/checks.js';
import {isSystemRuleId} from '../system/ids.js';
import type {SpecFacts} from '../system/model.js';
import type {BaseTree, ChangeSet} from './changes.js';

export interface CrossSpecFinding {
  /** The untouched spec it is on, relative to the workspace, forward slashes. */
  file: string;
  message: LintMessage;
  /** `new`: no finding of the rule there without the change; `changed`: one there said something else. */
  kind: 'new' | 'changed';
  /** Changed specs the message names (the other side of the finding). */
  causes: string[];
}

const toPosix = (p: string) => p.split('\\').join('/');

/** Whether a system-* rule ran on some spec (the Action compares with the base only then). */
export function systemRulesRan(results: FileResult[]): boolean {
  return results.some((r) => r.rulesRun.some(isSystemRuleId));
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A message with the `file:line` citations of `files` reduced to the file (renamed ones under their new name). */
function citationsWithoutLines(files: Iterable<string>, rename: Map<string, string>): (text: string) => string {
  const names = [...new Set(files)].sort((a, b) => b.length - a.length);
  if (names.length === 0) return (text) => text;
  const cited = new RegExp(`(${names.map(escapeRegExp).join('|')}):\\d+`, 'g');
  return (text) => text.replace(cited, (_, file: string) => rename.get(file) ?? file);
}

export interface CrossSpecInput {
  workspace: string;
  /** Every spec the run linted (not only the changed ones), with their system findings. */
  results: FileResult[];
  /** The facts the run read while linting each spec (RunResult `facts`). */
  facts: readonly SpecFacts[];
  config: ResolvedConfig;
  /** The Action's `profile` input. */
  forcedProfile?: string;
  changes: Pick<ChangeSet, 'files'>;
  /** The tree without the change (asked for only when an untouched spec has a system-* finding). */
  base: () => BaseTree;
  /** Whether a file swept in at the merge base would be linted (the `files` input's patterns); deleted specs are judged by it. */
  inScope?: (path: string) => boolean;
}

/** The system-* findings on specs the pull request did not touch that exist only with its change. */
export async function crossSpecFindings(input: CrossSpecInput): Promise<CrossSpecFinding[]> {
  const {workspace, results, config, changes} = input;
  const changed = (r: FileResult) => changes.files.has(toPosix(r.filePath));
  const candidates = results.filter((r) => !changed(r) && r.messages.some((m) => m.ruleId !== null && isSystemRuleId(m.ruleId)));
  if (candidates.length === 0) return [];
  const base = input.base();

  // The specs without the change: untouched ones as linted, changed and deleted ones from the merge base.
  const rename = new Map([...base.renamedFrom].map(([to, from]) => [from, to]));
  const ignored = config.ignores.length ? globTest(config.ignores, config.baseDir) : () => false;
  const inScope = input.inScope ?? (config.files?.length ? globTest(config.files, config.baseDir) : () => true);
  const before: SpecFacts[] = [];
  const asBefore = async (pathThen: string, display: string): Promise<SpecFacts | undefined> => {
    const bytes = base.read(pathThen, config.maxFileSize);
    if (!bytes) return undefined; // Added by the pull request (or no readable blob then).
    const decoded = decodeText(bytes);
    if ('reason' in decoded) return undefined;
    const target = {path: resolve(workspace, pathThen), explicit: false};
    const outcome = await lintText(decoded.text, lintOptionsFor(target, display, config, {forcedProfile: input.forcedProfile, systemFacts: true}));
    return outcome.facts;
  };
  // Untouched specs as linted: the facts the run read, not a second parse.
  const linted = new Map(input.facts.map((f) => [f.file, f]));
  for (const result of results) {
    const file = toPosix(result.filePath);
    const facts = changed(result)
      ? await asBefore(base.renamedFrom.get(file) ?? file, result.filePath)
      : linted.get(result.filePath);
    if (facts) before.push(facts);
  }
  // Deleted specs, and changed files that are no spec now (skipped) but may have been one.
  const lintedFiles = new Set(results.map((r) => toPosix(r.filePath)));
  const gone = [...base.deleted, ...[...changes.files].filter((f) => /\.(?:md|markdown)$/i.test(f) && !lintedFiles.has(f)).map((f) => base.renamedFrom.get(f) ?? f)];
  for (const file of new Set(gone)) {
    const abs = resolve(workspace, file);
    if (ignored(abs) || !inScope(abs)) continue;
    const facts = await asBefore(file, file);
    if (facts) before.push(facts);
  }

  const normalize = citationsWithoutLines([...results.map((r) => toPosix(r.filePath)), ...base.deleted, ...base.renamedFrom.values()], rename);
  const place = (ruleId: string, file: string, line: number, column: number) => `${ruleId}\0${file}\0${line}\0${column}`;
  const was = new Set<string>();
  const wasHere = new Set<string>();
  for (const f of systemFindings(before)) {
    const at = place(f.ruleId, toPosix(f.file), f.line, f.column);
    wasHere.add(at);
    was.add(`${at}\0${normalize(f.message)}`);
  }
  const changedFiles = [...changes.files];
  const out: CrossSpecFinding[] = [];
  for (const result of candidates) {
    const file = toPosix(result.filePath);
    for (const message of result.messages) {
      if (message.ruleId === null || !isSystemRuleId(message.ruleId)) continue;
      const at = place(message.ruleId, file, message.line, message.column);
      if (was.has(`${at}\0${normalize(message.message)}`)) continue;
      const causes = changedFiles.filter((c) => new RegExp(`(?:^|[\\s(])${escapeRegExp(c)}(?::\\d+)?(?=[\\s),]|$)`).test(message.message)).sort();
      out.push({file, message, kind: wasHere.has(at) ? 'changed' : 'new', causes});
    }
  }
  return out;
}
