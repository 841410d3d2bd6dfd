/**
 * Matching a profile's required checklist items to the items a document
 * has. Matching reads words, not only letters:
 *
 * - an item that says the opposite of a required one never stands for it:
 *   "Service boundaries unclear" is 92% like "Service boundaries clear" by
 *   letters, but it is its negation (a negating word such as "not", "no",
 *   "missing", or an antonym such as unclear/clear, undefined/defined,
 *   incomplete/complete);
 * - each written item stands for at most one required item: the items are
 *   assigned one to one, so that as many required items as possible are
 *   matched, each to the item most like it (the assignment of the greatest
 *   total similarity).
 */
import type {ChecklistItem} from '../../src/engine/model.js';
import {normalizeName, similarity} from '../../src/lib/text.js';

/** Words that negate or withhold what an item claims, whatever it claims. */
const NEGATING_WORDS = new Set([
  'not', 'no', 'non', 'never', 'none', 'nothing', 'without', 'missing', 'lacking', 'lacks', 'absent',
  'pending', 'tbd', 'todo', 'partial', 'partially', 'incomplete', 'insufficient', 'inadequate', 'inconsistent',
  'unclear', 'undefined', 'undocumented', 'unreviewed', 'untested', 'unknown', 'unresolved', 'unverified',
  'unapproved', 'unchecked', 'unassigned', 'unplanned', 'unspecified', 'unfinished', 'undecided', 'disapproved',
]);

/**
 * Prefixes that turn a word into its opposite: clear/unclear,
 * complete/incomplete, functional/nonfunctional. Only read against a word the
 * other text has ("informed" is not the opposite of anything in "Service
 * boundaries clear"); im-, il-, ir- and dis- are left out, since
 * imported/ported and discovered/covered are not opposites.
 */
const NEGATING_PREFIXES = ['un', 'in', 'non'];

/** Opposites that share no prefix. */
const ANTONYMS: Record<string, string[]> = {
  clear: ['vague', 'ambiguous'],
  approved: ['rejected', 'denied'],
  passed: ['failed', 'failing'],
  passing: ['failed', 'failing'],
  complete: ['partial'],
  completed: ['partial'],
  present: ['absent'],
};

/** Shortest word a negating prefix is read on ("in" + "form" is not a negation worth guessing at). */
const MIN_STEM = 4;

function words(text: string): string[] {
  return normalizeName(text).split(' ').filter(Boolean);
}

/** Does `word` negate something: on its own, or as the opposite of a word of the other text? */
function negates(word: string, other: Set<string>): boolean {
  if (NEGATING_WORDS.has(word)) return true;
  if (other.has(word)) return false;
  for (const prefix of NEGATING_PREFIXES) {
    if (word.length - prefix.length >= MIN_STEM && word.startsWith(prefix) && other.has(word.slice(prefix.length))) return true;
  }
  for (const base of other) if (ANTONYMS[base]?.includes(word)) return true;
  return false;
}

function negations(text: string, other: Set<string>): number {
  let n = (text.match(/n['’]t\b/gi) ?? []).length;
  for (const word of words(text)) if (negates(word, other)) n++;
  return n;
}

/**
 * True when `written` says the opposite of `required`: one of the two carries
 * a negation the other does not ("not defined", "undefined", "missing"). An
 * odd number of negations flips the meaning, so "not unclear" is not read as
 * the opposite of "clear".
 */
export function saysOpposite(required: string, written: string): boolean {
  const r = new Set(words(required));
  const w = new Set(words(written));
  return negations(written, r) % 2 !== negations(required, w) % 2;
}

export interface ChecklistMatch {
  required: string;
  /** The item assigned to the required one, when one reaches the threshold. */
  item: ChecklistItem | undefined;
  score: number;
  /** Unmatched: the item most like the required one, which says the opposite (`Service boundaries unclear`). */
  opposite?: ChecklistItem;
  /** Unmatched: the item most like the required one, already assigned to another required item. */
  takenBy?: {item: ChecklistItem; required: string};
}

/**
 * Assign written items to required ones, one to one. A pair counts when its
 * similarity reaches `threshold` and the item does not say the opposite;
 * among the assignments that match the most required items, the one of the
 * greatest total similarity wins (Hungarian method; checklists are short).
 * Returns one entry per required item, in order.
 */
export function matchChecklist(required: string[], items: ChecklistItem[], threshold: number): ChecklistMatch[] {
  const raw = required.map((r) => items.map((item) => similarity(r, item.text)));
  const opposite = required.map((r, i) => items.map((item, j) => raw[i]![j]! >= threshold && saysOpposite(r, item.text)));
  // Weight of a pair: 1 for counting as a match (so more matches always win) plus its similarity.
  const weight = raw.map((row, i) => row.map((s, j) => (s >= threshold && !opposite[i]![j] ? 1 + s : 0)));
  const assigned = maxWeightAssignment(weight);
  const owner = new Map<number, number>();
  assigned.forEach((j, i) => {
    if (j >= 0) owner.set(j, i);
  });
  return required.map((text, i) => {
    const j = assigned[i]!;
    if (j >= 0) return {required: text, item: items[j], score: raw[i]![j]!};
    const match: ChecklistMatch = {required: text, item: undefined, score: Math.max(-1, ...raw[i]!)};
    // The nearest miss, for the message: an opposite, or an item another required item took.
    let best = -1;
    for (let k = 0; k < items.length; k++) {
      if (raw[i]![k]! < threshold || (best >= 0 && raw[i]![k]! <= raw[i]![best]!)) continue;
      if (opposite[i]![k] || owner.has(k)) best = k;
    }
    if (best >= 0) {
      if (opposite[i]![best]) match.opposite = items[best];
      else match.takenBy = {item: items[best]!, required: required[owner.get(best)!]!};
    }
    return match;
  });
}

/** One required item on its own (no other required item competes for the written ones). */
export function matchChecklistItem(required: string, items: ChecklistItem[], threshold: number): ChecklistMatch {
  return matchChecklist([required], items, threshold)[0]!;
}

/**
 * Rows to columns, maximising the total weight; a weight of 0 is no edge.
 * Returns, per row, its column or -1. The Hungarian method on costs
 * (-weight), rows and columns swapped when there are more rows.
 */
function maxWeightAssignment(weight: number[][]): number[] {
  const rows = weight.length;
  const cols = rows ? weight[0]!.length : 0;
  if (rows === 0 || cols === 0) return new Array<number>(rows).fill(-1);
  if (rows > cols) {
    const transposed = Array.from({length: cols}, (_, j) => weight.map((row) => row[j]!));
    const byCol = maxWeightAssignment(transposed);
    const out = new Array<number>(rows).fill(-1);
    byCol.forEach((i, j) => {
      if (i >= 0) out[i] = j;
    });
    return out;
  }
  // n <= m; 1-based potentials as in the textbook formulation.
  const n = rows;
  const m = cols;
  const cost = (i: number, j: number) => -weight[i - 1]![j - 1]!;
  const u = new Array<number>(n + 1).fill(0);
  const v = new Array<number>(m + 1).fill(0);
  const p = new Array<number>(m + 1).fill(0);
  const way = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Array<number>(m + 1).fill(Infinity);
    const used = new Array<boolean>(m + 1).fill(false);
    do {
      used[j0] = true;
      const i0 = p[j0]!;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = cost(i0, j) - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]!] = u[p[j]!]! + delta;
          v[j] = v[j]! - delta;
        } else {
          minv[j] = minv[j]! - delta;
        }
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  const out = new Array<number>(n).fill(-1);
  for (let j = 1; j <= m; j++) {
    const i = p[j]!;
    // A row given a column it has no edge to is unmatched.
    if (i > 0 && weight[i - 1]![j - 1]! > 0) out[i - 1] = j - 1;
  }
  return out;
}
