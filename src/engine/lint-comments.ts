/**
 * The `<!-- lint disable|enable|ignore RULE... -->` comments of a file, read
 * as remark-message-control reads them: a disable hides a rule's findings
 * from the comment to the next enable of that rule (or of every rule), else
 * the end of the file; an ignore hides them in the next node. Message
 * control applies them to the rules' findings while a file is linted; the
 * checks across specs (src/system/) find theirs only after every file is
 * linted, so each spec's comments travel with its facts and are applied
 * then with `hiddenBy`. Also what `--report-unused-disable-directives`
 * judges.
 */
import type {Root} from 'mdast';
import type {Position} from 'unist';

export interface CommentPoint {
  line: number;
  column: number;
}

export interface LintComment {
  keyword: 'disable' | 'enable' | 'ignore';
  /** The rules it names; none: every rule. */
  rules: string[];
  /** Where the comment starts: it applies from here. */
  start: CommentPoint;
  /** An ignore: where the next node ends (what it covers). */
  end?: CommentPoint;
  position: Position;
}

/** A comment that can hide a system rule's finding, as it travels with the spec's facts (and the cache). */
export interface SystemLintComment {
  keyword: LintComment['keyword'];
  /** The system rules it names; none: every rule. */
  rules: string[];
  start: CommentPoint;
  end?: CommentPoint;
  /** Naming no rule, it hid a finding of the spec's own lint: it is used. */
  hidLocally?: boolean;
}

const MARKER = /^<!--\s*lint\s+(disable|enable|ignore)\b([\s\S]*?)-->\s*$/;

const atOrBefore = (a: CommentPoint, b: CommentPoint) => a.line < b.line || (a.line === b.line && a.column <= b.column);

type AnyNode = {type: string; value?: string; position?: Position; children?: AnyNode[]};

/** The file's lint comments, in document order. */
export function lintComments(tree: Root): LintComment[] {
  const out: LintComment[] = [];
  const walk = (parent: AnyNode) => {
    const children = parent.children ?? [];
    children.forEach((node, index) => {
      if (node.type === 'html' && node.position) {
        const marker = MARKER.exec(node.value ?? '');
        if (marker) {
          const keyword = marker[1] as LintComment['keyword'];
          const rules = marker[2]!.trim().split(/\s+/).filter(Boolean);
          const comment: LintComment = {keyword, rules, start: point(node.position.start), position: node.position};
          if (keyword === 'ignore') {
            const next = children.slice(index + 1).find((n) => n.position);
            comment.end = point((next?.position ?? node.position).end);
          }
          out.push(comment);
        }
      }
      if (node.children) walk(node);
    });
  };
  walk(tree as unknown as AnyNode);
  return out;
}

const point = (p: {line: number; column: number}): CommentPoint => ({line: p.line, column: p.column});

/** The comment that hides a finding of `ruleId` at `at`, if one does. */
export function hiddenBy<C extends Pick<LintComment, 'keyword' | 'rules' | 'start' | 'end'>>(comments: readonly C[], ruleId: string, at: CommentPoint): C | undefined {
  let disabledBy: C | undefined;
  for (const comment of comments) {
    if (!atOrBefore(comment.start, at)) break;
    if (comment.rules.length > 0 && !comment.rules.includes(ruleId)) continue;
    if (comment.keyword === 'ignore') {
      if (comment.end && atOrBefore(at, comment.end)) return comment;
    } else disabledBy = comment.keyword === 'disable' ? comment : undefined;
  }
  return disabledBy;
}

/**
 * What `--report-unused-disable-directives` says of each disable or ignore
 * that hid nothing: `hidden` are the findings the comments hid, `judged`
 * which of a comment's rules to judge (`undefined`: the comment as a
 * whole, when it names none).
 */
export function unusedComments(
  comments: readonly LintComment[],
  hidden: ReadonlyArray<{ruleId: string | null | undefined; line?: number; column?: number}>,
  judged: (comment: LintComment, rule: string | undefined) => boolean = () => true,
): Array<{comment: LintComment; rule: string | undefined; message: string; hint: string}> {
  const used = new Map<LintComment, Set<string | undefined>>();
  for (const m of hidden) {
    if (!m.ruleId || m.line === undefined) continue;
    const by = hiddenBy(comments, m.ruleId, {line: m.line, column: m.column ?? 1});
    if (!by) continue;
    const rules = used.get(by) ?? new Set();
    rules.add(m.ruleId).add(undefined);
    used.set(by, rules);
  }
  const out: ReturnType<typeof unusedComments> = [];
  for (const comment of comments) {
    if (comment.keyword === 'enable') continue;
    const rules = comment.rules.length === 0 ? [undefined] : comment.rules;
    for (const rule of rules) {
      if (used.get(comment)?.has(rule) || !judged(comment, rule)) continue;
      out.push({
        comment,
        rule,
        message:
          rule === undefined
            ? `Unused lint ${comment.keyword} comment (no problems were reported)`
            : `Unused lint ${comment.keyword} comment (no problems were reported from "${rule}")`,
        hint: rule === undefined ? 'Remove the comment' : `Remove "${rule}" from the comment, or the comment`,
      });
    }
  }
  return out;
}
