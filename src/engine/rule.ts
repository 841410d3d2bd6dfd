/**
 * The rule contract, ESLint-style: `meta` (id, description, options schema,
 * whether it can fix) plus a `check` over the shared spec model. Each rule
 * is also a real `unified-lint-rule` plugin (see `toRemarkPlugin`), so
 * `<!-- lint disable rule-id -->` comments and remark presets work.
 */
import type {Root} from 'mdast';
import type {SystemLintComment} from './lint-comments.js';
import type {Node, Point, Position} from 'unist';
import type {VFile} from 'vfile';
import {lintRule} from '../lib/vendor.js';
import {buildSpecModel, type Section, type SpecModel} from './model.js';
import type {Profile} from '../profiles/types.js';
import {trustPatterns} from '../lib/regex.js';
import type {Clock} from './budget.js';

export const DOCS_BASE = 'https://github.com/speclint/speclint/blob/main/rules/';
export const SOURCE = 'speclint';

export interface RuleMeta<O> {
  id: string;
  /** One line: what the rule checks. */
  description: string;
  /** JSON Schema of the options object. */
  schema: Record<string, unknown>;
  defaultOptions: O;
  /**
   * The rule's default severity: every profile that extends nothing (built-in
   * or custom) runs it at this severity unless it sets the rule itself, so
   * profiles list only their differences. No default: off until a profile
   * turns it on (the value rules tied to one template's tables).
   */
  recommended?: 'error' | 'warn';
  /**
   * What the rule says, ESLint-style: message id -> template, with
   * `{{name}}` filled from a finding's `data`. The one place a rule's
   * wording lives; findings name a message by id (see `formatMessage`).
   */
  messages: Readonly<Record<string, string>>;
  /** Whether `--fix` can repair its findings. */
  fixable?: boolean;
  /**
   * Whether `check` may wait (a parser that loads lazily). Such rules run
   * after the synchronous ones, and must call `checkDeadline` (budget.ts)
   * after each wait: the time limit covers only what runs synchronously.
   */
  async?: boolean;
  /** Checks the schema cannot express (a regex compiles); returns "/path: what is wrong". */
  validateOptions?: (options: Partial<O>) => string | undefined;
}

/** Values for a message template's `{{placeholders}}`. */
export type MessageData = Readonly<Record<string, string | number>>;

export interface Finding {
  /** A key of the rule's `meta.messages`. */
  messageId: string;
  /** Values for the template's `{{placeholders}}` (every one must be given). */
  data?: MessageData;
  /** Where the fault is: a node, a section (its heading), a position or a point. Default: start of file. */
  at?: Node | Section | Position | Point;
  /** How to fix it, one sentence. */
  hint?: string;
  /**
   * What `--fix` inserts to repair it (only in rules whose meta says
   * `fixable`): insertions into the file text as the rule saw it. Inserted
   * text uses "\n"; the engine writes it with the file's line ending.
   */
  fix?: TextEdit | TextEdit[];
}

/**
 * An insertion at `offset` (an offset into `file.value`, as the model's
 * positions give it). Fixes never delete user text, so insertions are all
 * an edit needs.
 */
export interface TextEdit {
  offset: number;
  text: string;
}

/** The edits a rule attached to a vfile message (the JSON report shows them ESLint-style, see `lintText`). */
export const FIX_KEY = 'speclintFix';

/** The message id a rule reported a vfile message with (`LintMessage.messageId` when asked for, see `lintText`). */
export const MESSAGE_ID_KEY = 'speclintMessageId';

export interface RuleContext<O> {
  model: SpecModel;
  profile: Profile;
  options: O;
  file: VFile;
  report(finding: Finding): void;
}

export interface Rule<O = Record<string, unknown>> {
  meta: RuleMeta<O>;
  /** May be async (a parser that loads lazily); the lint pipeline awaits it. */
  check(context: RuleContext<O>): void | Promise<void>;
}

export function defineRule<O>(rule: Rule<O>): Rule<O> {
  // Patterns in a rule's defaults ship with speclint (see regex.ts).
  trustPatterns(rule.meta.defaultOptions);
  return rule;
}

const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g;

/**
 * The text of message `messageId` of a rule, its `{{placeholders}}` filled
 * from `data`. An unknown id or a placeholder without data is a bug in the
 * rule, so it throws (the rule tables run every message) rather than print
 * an empty or half-filled message.
 */
export function formatMessage(meta: Pick<RuleMeta<unknown>, 'id' | 'messages'>, messageId: string, data: MessageData = {}): string {
  const template = Object.hasOwn(meta.messages, messageId) ? meta.messages[messageId] : undefined;
  if (template === undefined) {
    throw new Error(`Rule ${meta.id} has no message "${messageId}" (meta.messages has ${Object.keys(meta.messages).join(', ') || 'none'})`);
  }
  return template.replace(PLACEHOLDER, (_, name: string) => {
    if (!Object.hasOwn(data, name)) throw new Error(`Rule ${meta.id}, message "${messageId}": no data for {{${name}}}`);
    return String(data[name]);
  });
}

/** The `{{placeholders}}` a template names, in order of first use. */
export function templatePlaceholders(template: string): string[] {
  return [...new Set(Array.from(template.matchAll(PLACEHOLDER), (m) => m[1]!))];
}

export function docsUrl(id: string): string {
  return `${DOCS_BASE}${id}.md`;
}

/** Per-file state shared by the rules of one run: the profile and the model. */
export interface SpeclintFileData {
  profile?: Profile;
  model?: SpecModel;
  tree?: Root;
  /** The file's time budget (see budget.ts), for rules that wait. */
  clock?: Clock;
  /** Messages lint comments hid (set by message control, for suppressedMessages). */
  suppressed?: VFile['messages'];
  /** With the checks across specs on: the comments that can hide their findings (set by message control). */
  lintComments?: SystemLintComment[];
}

export function fileState(file: VFile): SpeclintFileData {
  const data = file.data as {speclint?: SpeclintFileData};
  return (data.speclint ??= {});
}

/** The spec model of a tree, built on first use and shared by every rule. */
export function modelFor(tree: Root, file: VFile): SpecModel {
  const state = fileState(file);
  if (!state.model || state.tree !== tree) {
    state.model = buildSpecModel(tree, String(file.value ?? ''));
    state.tree = tree;
  }
  return state.model;
}

function toPosition(at: Finding['at']): Position | Point | undefined {
  if (!at) return undefined;
  if ('line' in at && 'column' in at) return at;
  if ('start' in at && 'end' in at) return at;
  if ('depth' in at && 'key' in at) {
    const section = at as Section;
    return section.heading?.position ?? {line: 1, column: 1};
  }
  return (at as Node).position;
}

/** Wrap a speclint rule as a unified-lint-rule plugin. */
export function toRemarkPlugin<O>(rule: Rule<O>) {
  return lintRule<Root, Partial<O> | undefined>(
    {origin: `${SOURCE}:${rule.meta.id}`, url: docsUrl(rule.meta.id)},
    (tree, file, options) => {
      const profile = fileState(file).profile;
      // Rules need a profile: without one (no profile matched) they stay silent
      // and the runner reports the missing profile instead.
      if (!profile) return undefined;
      const model = modelFor(tree, file);
      const merged = {...rule.meta.defaultOptions, ...(options ?? {})} as O;
      return rule.check({
        model,
        profile,
        options: merged,
        file,
        report({messageId, data, at, hint, fix}) {
          const place = toPosition(at);
          const msg = file.message(formatMessage(rule.meta, messageId, data), {place});
          Object.assign(msg, {[MESSAGE_ID_KEY]: messageId});
          if (hint) msg.note = hint;
          const edits = fix === undefined ? [] : Array.isArray(fix) ? fix : [fix];
          if (edits.length && rule.meta.fixable) Object.assign(msg, {[FIX_KEY]: edits});
        },
      });
    },
  );
}
