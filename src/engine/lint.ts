/**
 * Linting one document: parse once, build the model, choose the profile,
 * run the profile's rules as remark-lint plugins, then let
 * remark-message-control apply `<!-- lint disable ... -->` comments.
 *
 * Over 300 lines: this is the one lint path (CLI, Action, language server
 * and preset all call `lintText`), and its steps (budget, profile choice,
 * rule settings, message control, fixes) share the file's state; split, each
 * piece would take the whole state as arguments.
 */
import type {Root} from 'mdast';
import type {Position} from 'unist';
import {remarkMessageControl, remarkParse, unified, VFile, type PluggableList} from '../lib/vendor.js';
import {remarkSpecSyntax} from './parse.js';
import {docsUrl, fileState, FIX_KEY, MESSAGE_ID_KEY, modelFor, toRemarkPlugin, type TextEdit} from './rule.js';
import {dominantEol, toMessageFix, type MessageFix} from './edits.js';
import {ENGINE_RULES, RULES} from './registry.js';
import {severityOf, type Profile, type RuleSetting} from '../profiles/types.js';
import {chooseProfile, type EngineFinding, type ProfileChoice} from './choose-profile.js';
import {resolveAlternatives} from './match.js';
import {closestName, compareIds, excerpt} from '../lib/text.js';
import {specFacts, type SpecFacts} from '../system/model.js';
import type {SpecModel} from './model.js';
import {BudgetExceeded, checkDeadline, DEFAULT_MAX_FILE_TIME, formatMs, isStackOverflow, remaining, startClock, within, type Clock} from './budget.js';
import {prescan} from './prescan.js';
import {hiddenBy, lintComments, unusedComments, type LintComment, type SystemLintComment} from './lint-comments.js';
import {isSystemRuleId, SYSTEM_RULE_IDS} from '../system/ids.js';

export type Severity = 1 | 2;
export type {ProfileChoice} from './choose-profile.js';

/** One finding, in ESLint's JSON shape plus a fix hint and the docs URL. */
export interface LintMessage {
  ruleId: string | null;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  hint?: string;
  url?: string;
  fatal?: boolean;
  /** What `--fix` would change, ESLint's shape: replace `range` (offsets into the text without its BOM) with `text`. */
  fix?: MessageFix;
  /**
   * The rule's message id (a key of its `meta.messages`), only when
   * `LintOptions.messageIds` asks for it: reports keep their shape.
   */
  messageId?: string;
  /** In `suppressedMessages`: what hid it (ESLint's shape). */
  suppressions?: Array<{kind: 'directive'; justification: string}>;
}

export interface FileResult {
  filePath: string;
  messages: LintMessage[];
  errorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  profile: ProfileChoice | null;
  /** Ids of the rules that ran on this file (for formats that list passing checks). */
  rulesRun: string[];
  /** Findings a `<!-- lint disable -->` comment hid (ESLint's `suppressedMessages`); absent when none. */
  suppressedMessages?: LintMessage[];
}

export interface LintOptions {
  filePath: string;
  /** All profiles available by name (built-in and configured). */
  profiles: Map<string, Profile>;
  /** `--profile`: forces the profile. */
  forcedProfile?: string;
  /** From config: a glob mapping or the config's `profile` matched this file. */
  configProfile?: {name: string; reason: string};
  /** Rule settings from config, applied over the profile's. */
  ruleOverrides?: Record<string, RuleSetting>;
  /** True when the file was named explicitly or mapped by config (never skipped silently). */
  explicit: boolean;
  /**
   * The file's time budget in milliseconds (default `DEFAULT_MAX_FILE_TIME`,
   * 10 s; `Infinity` for none): a file that takes longer, that the pre-scan
   * refuses, or that overflows the stack gets one fatal `file-budget`
   * finding instead of its results (see budget.ts).
   */
  maxFileTime?: number;
  /** `--no-inline-config`: false to ignore `<!-- lint disable -->`-style comments. */
  inlineConfig?: boolean;
  /** `--report-unused-disable-directives`: a disable comment that hides nothing is an error. */
  reportUnusedDisableDirectives?: boolean;
  /** Config `onlyRules`: these rules (and engine findings) run, no others (see resolveRuleSettings). */
  onlyRules?: string[];
  /** Set `messageId` on rule findings (the RuleTester asserts it); off, reports keep their shape. */
  messageIds?: boolean;
  /**
   * Also read the spec's facts for the checks across specs (src/system/),
   * from the model the rules used: set when a system-* rule is on for the
   * run, so no spec is parsed a second time for them.
   */
  systemFacts?: boolean;
}

export interface LintOutcome {
  /** Undefined when the file was skipped as not a spec. */
  result?: FileResult;
  skippedReason?: string;
  /**
   * With `systemFacts`: the spec's facts for the checks across specs. Kept
   * beside the result, never in it: no report shows them.
   */
  facts?: SpecFacts;
}

// The system rules too: their findings come after the lint (system/run.ts), and obey the same comments.
const KNOWN_IDS = [...RULES.map((r) => r.meta.id), ...ENGINE_RULES.map((r) => r.id), ...SYSTEM_RULE_IDS];

const parser = unified().use(remarkParse).use(remarkSpecSyntax).freeze();

export function parseSpec(text: string, file: VFile): Root {
  return parser.parse(file) as Root;
}

/** Severity and options for each rule: profile settings, then config overrides (options merged). */
export function resolveRuleSettings(profile: Profile, overrides: Record<string, RuleSetting> = {}, onlyRules?: string[]) {
  const out = new Map<string, {severity: 0 | 1 | 2; options: Record<string, unknown>}>();
  const apply = (setting: RuleSetting | undefined, id: string) => {
    if (setting === undefined) return;
    const prev = out.get(id) ?? {severity: 0, options: {}};
    if (Array.isArray(setting)) {
      out.set(id, {severity: severityOf(setting), options: {...prev.options, ...(setting[1] ?? {})}});
    } else {
      out.set(id, {severity: severityOf(setting), options: prev.options});
    }
  };
  for (const rule of RULES) {
    const id = rule.meta.id;
    apply(profile.rules[id], id);
    apply(overrides[id], id);
    if (onlyRules) {
      // "These rules and no others": an unlisted rule is off; a listed one the profile leaves off runs as an error (unless `rules` says otherwise).
      const current = out.get(id) ?? {severity: 0 as const, options: {}};
      if (!onlyRules.includes(id)) out.set(id, {...current, severity: 0});
      else if (current.severity === 0 && overrides[id] === undefined) out.set(id, {...current, severity: 2});
    }
  }
  return out;
}

/**
 * remark-message-control drops the messages that fall in its "gaps", the
 * stretches of the file no node covers: for a blank document (whitespace
 * only, so a root with no children and an end past its start) that is the
 * whole file, and every finding would go, the profile-match warning of a
 * blank file named on the command line included. Such a document has no
 * lint comments to obey, so its root loses its position just before message
 * control runs (nothing reads it after) and nothing counts as a gap.
 */
function keepFindingsOfBlankDocument() {
  return (tree: Root) => {
    if (tree.children.length === 0) delete tree.position;
  };
}

/**
 * remark-message-control, but a comment with an unknown keyword
 * (`<!-- lint disabel x -->`, `<!-- lint -->`) is a lint-comment warning
 * instead of an exception that ends the whole run ("internal error", the
 * other files unreported; found by the fuzz suite). The control stops at
 * such a comment before filtering anything: drop what that attempt added,
 * hide the comment from it, and run it again.
 */
function remarkMessageControlSafe(options: {reportUnused?: boolean; deferSystem?: boolean} & object) {
  const control = (remarkMessageControl as unknown as (options: object) => (tree: Root, file: VFile) => void)(options);
  return (tree: Root, file: VFile) => {
    const found: Array<{node: {type: string; position?: unknown}; keyword: string}> = [];
    const before = file.messages.length;
    let all: VFile['messages'] = [];
    for (;;) {
      try {
        all = [...file.messages];
        control(tree, file);
        break;
      } catch (error) {
        const {reason, ancestors} = (error ?? {}) as {reason?: unknown; ancestors?: Array<{type: string; position?: unknown}>};
        const keyword = typeof reason === 'string' ? /^Unknown keyword `([^`]*)`/.exec(reason)?.[1] : undefined;
        const node = ancestors?.[0];
        if (keyword === undefined || node?.type !== 'html') throw error;
        file.messages.length = before;
        found.push({node, keyword});
        node.type = 'speclintIgnoredComment';
      }
    }
    for (const {node, keyword} of found) {
      node.type = 'html';
      const message = file.message(
        keyword === 'undefined' ? 'Lint comment has no keyword; it changes nothing' : `Unknown lint comment keyword \`${keyword}\`; it changes nothing`,
        {place: node.position as Position, ruleId: 'lint-comment', source: 'speclint'},
      );
      Object.assign(message, {note: 'Write <!-- lint disable RULE-ID -->, <!-- lint enable RULE-ID --> or <!-- lint ignore RULE-ID -->', url: docsUrl('lint-comment')});
    }
    // What the comments hid: ESLint's suppressedMessages.
    const kept = new Set(file.messages);
    const suppressed = all.filter((m) => !kept.has(m));
    fileState(file).suppressed = suppressed;
    if (!options.reportUnused && !options.deferSystem) return;
    const comments = lintComments(tree);
    if (options.reportUnused) reportUnusedDirectives(comments, file, suppressed, options.deferSystem === true);
    // The checks across specs apply these comments to their findings (system/run.ts).
    if (options.deferSystem) fileState(file).lintComments = systemComments(comments, new Set(suppressed));
  };
}

/**
 * The comments that can hide a system rule's findings: those naming one
 * (with only the system rules they name) or naming none. `hidLocally`: a
 * comment naming none hid a finding here (then it is used, whatever the
 * system run finds).
 */
function systemComments(comments: LintComment[], suppressed: Set<VFile['messages'][number]>): SystemLintComment[] {
  const out: SystemLintComment[] = [];
  const hid = new Set<LintComment>();
  for (const m of suppressed) {
    const by = m.ruleId && m.line !== undefined ? hiddenBy(comments, m.ruleId, {line: m.line, column: m.column ?? 1}) : undefined;
    if (by && by.rules.length === 0) hid.add(by);
  }
  for (const c of comments) {
    const rules = c.rules.filter(isSystemRuleId);
    if (c.rules.length > 0 && rules.length === 0) continue;
    out.push({keyword: c.keyword, rules, start: c.start, ...(c.end ? {end: c.end} : {}), ...(hid.has(c) ? {hidLocally: true} : {})});
  }
  return out;
}

/** Marks an unused-directive report: kept whatever `onlyRules` says (a flag asked for it). */
const UNUSED_DIRECTIVE = Symbol('speclint.unusedDirective');

/**
 * `--report-unused-disable-directives`: each `<!-- lint disable RULE -->` or
 * `<!-- lint ignore RULE -->` that hid no finding of RULE (or, naming no
 * rule, no finding at all) is an error, as ESLint reports an unused
 * `eslint-disable`. With `deferSystem` (the run has checks across specs,
 * whose findings come after every file is linted) a system rule named, and
 * a comment naming none that hid nothing here, are judged by the system run.
 */
function reportUnusedDirectives(comments: LintComment[], file: VFile, suppressed: VFile['messages'], deferSystem: boolean): void {
  const judged = (comment: LintComment, rule: string | undefined) => !deferSystem || (rule !== undefined && !isSystemRuleId(rule));
  for (const {comment, message, hint} of unusedComments(comments, suppressed, judged)) {
    const reported = file.message(message, {place: comment.position, ruleId: 'lint-comment', source: 'speclint'});
    Object.assign(reported, {fatal: true, note: hint, url: docsUrl('lint-comment'), [UNUSED_DIRECTIVE]: true});
  }
}

function messageControl(settings: ControlSettings = {}): PluggableList {
  if (settings.inlineConfig === false) return [];
  return [keepFindingsOfBlankDocument, [remarkMessageControlSafe, {name: 'lint', source: 'speclint', known: KNOWN_IDS, reportUnused: settings.reportUnused, deferSystem: settings.deferSystem}]];
}

/** For files with no profile: only comment-based message control runs (by settings key). */
const controlOnly = new Map<string, ReturnType<typeof unified>>();
function controlOnlyFor(settings: ControlSettings): ReturnType<typeof unified> {
  const key = JSON.stringify(settings);
  let hit = controlOnly.get(key);
  if (!hit) controlOnly.set(key, (hit = unified().use(messageControl(settings)).freeze() as unknown as ReturnType<typeof unified>));
  return hit;
}

interface ControlSettings {
  inlineConfig?: boolean;
  reportUnused?: boolean;
  /** The run has checks across specs: keep the comments that can hide their findings, and leave judging those to them. */
  deferSystem?: boolean;
}

/** A profile's pipeline under one set of config overrides, and the ids of the rules it runs. */
interface ProfileRun {
  processor: ReturnType<typeof unified>;
  rulesRun: string[];
}

const processorCache = new WeakMap<Profile, Map<string, ProfileRun>>();

function processorFor(profile: Profile, overrides: Record<string, RuleSetting> | undefined, control: ControlSettings, onlyRules?: string[]): ProfileRun {
  const key = JSON.stringify([overrides ?? {}, control, onlyRules ?? null]);
  let perProfile = processorCache.get(profile);
  if (!perProfile) processorCache.set(profile, (perProfile = new Map()));
  const hit = perProfile.get(key);
  if (hit) return hit;
  const plugins: PluggableList = [];
  const rulesRun: string[] = [];
  const waiting: PluggableList = [];
  for (const [id, {severity, options}] of resolveRuleSettings(profile, overrides, onlyRules)) {
    if (!severity) continue;
    const rule = RULES.find((r) => r.meta.id === id)!;
    // A rule that may wait (for a lazily loaded parser) runs after the others: everything before its
    // first wait runs synchronously, inside the file's time limit (budget.ts). Findings are sorted
    // by position afterwards, so the order rules run in changes no output.
    (rule.meta.async ? waiting : plugins).push([toRemarkPlugin(rule), [severity, options]]);
    rulesRun.push(id);
  }
  plugins.push(...waiting);
  // Message control runs last: it filters the messages the rules produced.
  plugins.push(...messageControl(control));
  const run = {processor: unified().use(plugins).freeze() as unknown as ReturnType<typeof unified>, rulesRun};
  perProfile.set(key, run);
  return run;
}

/**
 * Lint one document. Never throws for what the document holds: a document
 * the pre-scan refuses, that takes longer than `maxFileTime`, or that
 * overflows the stack is one fatal `file-budget` finding (see budget.ts).
 */
export async function lintText(text: string, options: LintOptions): Promise<LintOutcome> {
  const clock = startClock(options.maxFileTime ?? DEFAULT_MAX_FILE_TIME);
  const refused = prescan(text, clock.budget / DEFAULT_MAX_FILE_TIME);
  if (refused) return budgetOutcome(options, refused.message, refused.line, refused.column, BUDGET_HINTS[refused.limit === 'depth' ? 'depth' : 'shape']);
  try {
    // Parsing and every synchronous rule run under the time limit; a rule that waits checks the clock.
    const started = within(remaining(clock), clock.budget, () => startLint(text, options, clock));
    if ('outcome' in started) return started.outcome;
    await started.running;
    checkDeadline(clock);
    return finishLint(text, options, started);
  } catch (error) {
    if (error instanceof BudgetExceeded) {
      return budgetOutcome(options, `File took longer than ${formatMs(clock.budget)} to lint; skipped`, 1, 1, BUDGET_HINTS.time);
    }
    if (isStackOverflow(error)) return budgetOutcome(options, 'Nesting too deep to parse; skipped', 1, 1, BUDGET_HINTS.depth);
    throw error;
  }
}

const BUDGET_HINTS = {
  depth: 'Flatten the nesting of lists and block quotes',
  shape: 'Split the file or that part of it; if it is a real spec, raise maxFileTime (--max-file-time) to let bigger shapes through',
  time: 'Split the file; if it is a real spec, raise maxFileTime (--max-file-time)',
};

/** The result of a file that was not linted: one fatal `file-budget` finding. */
function budgetOutcome(options: LintOptions, message: string, line: number, column: number, hint: string): LintOutcome {
  const finding: LintMessage = {ruleId: 'file-budget', severity: 2, message, line, column, hint, url: docsUrl('file-budget'), fatal: true};
  return {
    result: {
      filePath: options.filePath,
      messages: [finding],
      errorCount: 1,
      warningCount: 0,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
      profile: null,
      rulesRun: [],
    },
  };
}

interface StartedLint {
  file: VFile;
  choice: ProfileChoice | null;
  run: ProfileRun | undefined;
  running: Promise<unknown>;
  model: SpecModel;
  /** The profile as the rules saw it (alternatives resolved). */
  profile: Profile | undefined;
}

/**
 * The synchronous part of linting: parse, model, profile choice, then start
 * the rules (which run synchronously up to the first that waits). Keeps no
 * state outside what it returns, so the time limit can interrupt it anywhere.
 */
function startLint(text: string, options: LintOptions, clock: Clock): StartedLint | {outcome: LintOutcome} {
  const file = new VFile({path: options.filePath, value: text});
  const tree = parseSpec(text, file);
  const model = modelFor(tree, file);
  const engine: EngineFinding[] = [];

  if (model.frontMatter.error) {
    engine.push({
      ruleId: 'front-matter',
      message: `Front matter is not valid YAML: ${excerpt(model.frontMatter.error, 120)}`,
      hint: 'Fix the YAML between the --- lines',
      at: model.frontMatter.errorAt ?? model.frontMatter.position?.start,
    });
  }
  for (const warning of model.frontMatter.warnings ?? []) {
    engine.push({
      ruleId: 'front-matter',
      message: `Front matter YAML: ${excerpt(warning.message, 120)}`,
      hint: 'Fix the YAML between the --- lines (quote a value that starts with ! or another YAML indicator)',
      at: warning.at ?? model.frontMatter.position?.start,
      warning: true,
    });
  }

  const decision = chooseProfile(model, options, engine);
  if ('skippedReason' in decision) return {outcome: {skippedReason: decision.skippedReason}};
  const {profile, choice} = decision;

  // Engine findings go on the file like rule messages, so config severities
  // and <!-- lint disable profile-match --> apply to them too.
  for (const finding of engine) {
    if (options.onlyRules && !options.onlyRules.includes(finding.ruleId)) continue;
    const setting = options.ruleOverrides?.[finding.ruleId];
    const configured = setting === undefined ? ENGINE_RULES.find((r) => r.id === finding.ruleId)!.severity : severityOf(setting);
    const severity = finding.warning ? Math.min(configured, 1) : configured;
    if (!severity) continue;
    const message = file.message(finding.message, {place: finding.at ?? {line: 1, column: 1}, ruleId: finding.ruleId, source: 'speclint'});
    Object.assign(message, {fatal: severity === 2, note: finding.hint, url: docsUrl(finding.ruleId)});
  }

  // Rules see the profile with its alternative section sets resolved for this document.
  const state = fileState(file);
  state.profile = profile ? resolveAlternatives(profile, model) : undefined;
  state.clock = clock;
  const control: ControlSettings = {
    inlineConfig: options.inlineConfig !== false,
    reportUnused: Boolean(options.reportUnusedDisableDirectives),
    ...(options.systemFacts ? {deferSystem: true} : {}),
  };
  const run = profile ? processorFor(profile, options.ruleOverrides, control, options.onlyRules) : undefined;
  const running = (run?.processor ?? controlOnlyFor(control)).run(tree, file);
  return {file, choice, run, running, model, profile: state.profile};
}

/** Findings in ESLint's shape, sorted, with their fixes. */
function finishLint(text: string, options: LintOptions, {file, choice, run, model, profile}: StartedLint): LintOutcome {
  let eol: ReturnType<typeof dominantEol> | undefined;
  const fixOf = (m: object): {fix?: MessageFix} => {
    const edits = (m as {[FIX_KEY]?: TextEdit[]})[FIX_KEY];
    const fix = edits ? toMessageFix(text, edits, (eol ??= dominantEol(text))) : undefined;
    return fix ? {fix} : {};
  };
  const idOf = (m: object): {messageId?: string} => {
    const messageId = options.messageIds ? (m as {[MESSAGE_ID_KEY]?: string})[MESSAGE_ID_KEY] : undefined;
    return messageId === undefined ? {} : {messageId};
  };
  const toMessage = (m: VFile['messages'][number]): LintMessage => {
    // remark-message-control reports a comment naming an unknown rule as `known`; give it our documented id.
    if (m.ruleId === 'known' && m.source === 'unified-message-control') {
      // "Unknown rule: cannot disable `'dependency-tabel'`": suggest the id it was probably meant to be.
      const named = /`'([^']+)'`/.exec(m.reason)?.[1];
      const suggestion = named ? closestName(named, KNOWN_IDS) : undefined;
      Object.assign(m, {
        ruleId: 'lint-comment',
        url: docsUrl('lint-comment'),
        note: suggestion ? `Did you mean "${suggestion}"? Check the rule id against "speclint rules"` : 'Check the rule id against "speclint rules"',
      });
    }
    const place = m.place as {start?: {line: number; column: number}; end?: {line: number; column: number}} | undefined;
    const end = place && 'end' in place ? place.end : undefined;
    return {
      ruleId: m.ruleId ?? null,
      severity: m.fatal ? 2 : 1,
      message: m.reason,
      line: m.line ?? 1,
      column: m.column ?? 1,
      ...(end ? {endLine: end.line, endColumn: end.column} : {}),
      ...(m.note ? {hint: m.note} : {}),
      ...(m.url ? {url: m.url} : {}),
      ...fixOf(m),
      ...idOf(m),
    } satisfies LintMessage;
  };
  const only = options.onlyRules;
  // With onlyRules, a lint-comment finding (an engine finding) shows only when listed, or when a flag asked for it.
  const listed = (m: VFile['messages'][number]) => !only || m.ruleId !== 'lint-comment' || only.includes('lint-comment') || (m as {[UNUSED_DIRECTIVE]?: boolean})[UNUSED_DIRECTIVE] === true;
  const messages: LintMessage[] = file.messages.filter(listed).map(toMessage);
  const suppressed = (fileState(file).suppressed ?? []).map(toMessage).map((m) => ({...m, suppressions: [{kind: 'directive' as const, justification: ''}]}));
  messages.sort((a, b) => a.line - b.line || a.column - b.column || compareIds(a.ruleId ?? '', b.ruleId ?? ''));
  const errorCount = messages.filter((m) => m.severity === 2).length;
  return {
    result: {
      filePath: options.filePath,
      messages,
      errorCount,
      warningCount: messages.length - errorCount,
      fixableErrorCount: messages.filter((m) => m.fix && m.severity === 2).length,
      fixableWarningCount: messages.filter((m) => m.fix && m.severity === 1).length,
      profile: choice,
      rulesRun: run?.rulesRun ?? [],
      ...(suppressed.length ? {suppressedMessages: suppressed} : {}),
    },
    ...(options.systemFacts ? factsOf(options.filePath, model, profile, fileState(file).lintComments) : {}),
  };
}

/** The spec's facts, or none when they cannot be read (the spec then takes no part in the checks across specs, and hides nothing else). */
function factsOf(filePath: string, model: SpecModel, profile: Profile | undefined, comments: SystemLintComment[] | undefined): {facts?: SpecFacts} {
  try {
    const facts = specFacts(filePath, model, profile);
    return {facts: comments?.length ? {...facts, lintComments: comments} : facts};
  } catch {
    return {};
  }
}
