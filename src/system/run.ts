/**
 * The runner's hook for the checks across specs: after every file is
 * linted, build each spec's facts, run the checks, and add each finding to
 * the result of the spec it is on, at the severity the config (or that
 * spec's profile) gives its rule.
 *
 * The rules are off unless configured: when none is on for any file (see
 * `systemRulesOn`) nothing is read for them. When one is, each spec's facts
 * (model.ts) are read from the model its lint built, in-process or in a
 * pool worker, come back beside its result and are stored with it in the
 * cache: the checks parse nothing, and a warm --cache run re-parses no spec.
 */
import type {ResolvedConfig} from '../config/load.js';
import {parseSpec, type FileResult, type LintMessage} from '../engine/lint.js';
import {buildSpecModel} from '../engine/model.js';
import {resolveAlternatives} from '../engine/match.js';
import {severityOf, type Profile, type RuleSetting} from '../profiles/types.js';
import {docsUrl} from '../engine/rule.js';
import {compareIds} from '../lib/text.js';
import {systemFindings} from './checks.js';
import {SYSTEM_RULE_IDS, type SystemRuleId} from './ids.js';
import {specFacts, type SpecFacts} from './model.js';
import {VFile} from '../lib/vendor.js';
import {hiddenBy, unusedComments, type SystemLintComment} from '../engine/lint-comments.js';

/** Default severity of each system rule: all off (see the rule docs for why). */
export const SYSTEM_RULE_DEFAULTS: Record<SystemRuleId, 0 | 1 | 2> = {
  'system-timeout-vs-p99': 0,
  'system-availability': 0,
  'system-sync-cycle': 0,
  'system-event-unpublished': 0,
  'system-event-unconsumed': 0,
  'system-heading-link': 0,
};

function severities(result: FileResult, config: ResolvedConfig): Map<SystemRuleId, 1 | 2> {
  const profileRules = (result.profile ? config.profiles.get(result.profile.name)?.rules : undefined) as Record<string, RuleSetting> | undefined;
  const out = new Map<SystemRuleId, 1 | 2>();
  for (const id of SYSTEM_RULE_IDS) {
    const setting = config.rules[id] ?? profileRules?.[id];
    const severity = setting === undefined ? SYSTEM_RULE_DEFAULTS[id] : severityOf(setting);
    if (severity) out.set(id, severity);
  }
  return out;
}

/**
 * The facts of a linted spec from the text it was linted as (the HTML report's
 * graph, the Action's comparison with the base commit). `profiles`: the run's
 * profiles by name, to find the one the result names.
 */
export function factsOfText(result: Pick<FileResult, 'filePath' | 'profile' | 'messages'>, text: string, profiles: ReadonlyMap<string, Profile>): SpecFacts | undefined {
  if (result.messages.some((m) => m.ruleId === 'file-budget')) return undefined;
  const file = new VFile({path: result.filePath, value: text});
  const model = buildSpecModel(parseSpec(text, file), text);
  const profile = result.profile ? profiles.get(result.profile.name) : undefined;
  return specFacts(result.filePath, model, profile ? resolveAlternatives(profile, model) : undefined);
}

/**
 * Whether any system rule is on for some file of the run: in config `rules`
 * (which wins over a profile's setting), or else in any profile the run can
 * use. Then every spec's facts are read while it is linted (a callee's facts
 * count even where the rule is off).
 */
export function systemRulesOn(config: ResolvedConfig): boolean {
  return SYSTEM_RULE_IDS.some((id) => {
    const setting = config.rules[id];
    if (setting !== undefined) return severityOf(setting) > 0;
    if (SYSTEM_RULE_DEFAULTS[id]) return true;
    return [...config.profiles.values()].some((profile) => {
      const own = (profile.rules as Record<string, RuleSetting> | undefined)?.[id];
      return own !== undefined && severityOf(own) > 0;
    });
  });
}

/**
 * Run the checks across `linted` specs (each with the facts its lint read,
 * when it has them) and add their findings to the results (new message
 * arrays: a cached result is not touched). A finding the spec's lint
 * comments hide goes to its `suppressedMessages`, as a rule's would; with
 * `reportUnused`, a comment naming a system rule (or none) that hid
 * nothing at all is a lint-comment error, as in the lint itself.
 */
export function addSystemFindings(linted: Array<{result: FileResult; facts?: SpecFacts}>, config: ResolvedConfig, options: {reportUnused?: boolean} = {}): void {
  const enabled = linted.map((entry) => severities(entry.result, config));
  if (enabled.every((m) => m.size === 0) && !options.reportUnused) return;
  const known = linted.flatMap((entry) => (entry.facts ? [entry.facts] : []));
  const byFile = new Map(linted.map((entry, i) => [entry.result.filePath, i]));
  const added = new Map<number, LintMessage[]>();
  const hidden = new Map<number, LintMessage[]>();
  const push = (map: Map<number, LintMessage[]>, index: number, message: LintMessage) => {
    const list = map.get(index) ?? [];
    list.push(message);
    map.set(index, list);
  };
  for (const finding of systemFindings(known)) {
    const index = byFile.get(finding.file)!;
    const severity = enabled[index]!.get(finding.ruleId);
    if (!severity) continue;
    const message: LintMessage = {ruleId: finding.ruleId, severity, message: finding.message, line: finding.line, column: finding.column, hint: finding.hint, url: docsUrl(finding.ruleId)};
    const comments = linted[index]!.facts?.lintComments;
    if (comments && hiddenBy(comments, finding.ruleId, finding)) push(hidden, index, {...message, suppressions: [{kind: 'directive', justification: ''}]});
    else push(added, index, message);
  }
  linted.forEach((entry, index) => {
    const on = enabled[index]!;
    const result = entry.result;
    const unused = options.reportUnused && entry.facts?.lintComments ? unusedSystemComments(entry.facts.lintComments, hidden.get(index) ?? []) : [];
    if (on.size === 0 && unused.length === 0) return;
    result.rulesRun = [...result.rulesRun, ...[...on.keys()].filter((id) => !result.rulesRun.includes(id))];
    const extra = [...(added.get(index) ?? []), ...unused];
    const suppressed = hidden.get(index);
    if (suppressed) result.suppressedMessages = [...(result.suppressedMessages ?? []), ...suppressed];
    if (extra.length === 0) return;
    result.messages = [...result.messages, ...extra].sort(
      (a, b) => a.line - b.line || a.column - b.column || compareIds(a.ruleId ?? '', b.ruleId ?? ''),
    );
    result.errorCount += extra.filter((m) => m.severity === 2).length;
    result.warningCount += extra.filter((m) => m.severity === 1).length;
  });
}

/** The spec's comments (those its lint left to the system run) that hid no finding, as lint-comment errors. */
function unusedSystemComments(comments: SystemLintComment[], hidden: LintMessage[]): LintMessage[] {
  const asComments = comments.map((c) => ({...c, position: {start: {...c.start}, end: {...c.start}}}));
  const judged = (comment: (typeof asComments)[number]) => !comment.hidLocally;
  return unusedComments(asComments, hidden, judged).map(({comment, message, hint}) => ({
    ruleId: 'lint-comment',
    severity: 2 as const,
    message,
    line: comment.start.line,
    column: comment.start.column,
    hint,
    url: docsUrl('lint-comment'),
  }));
}
