/**
 * Matching a profile's required checklist items to the items a document
 * has: best fuzzy match per required item, where a negated item ("not
 * defined") never stands for an affirmative one.
 */
import type {ChecklistItem} from './model.js';
import {similarity} from './text.js';

const NEGATION = /\b(?:not|no|never|missing|pending|tbd|todo)\b|n't\b/i;

export interface ChecklistMatch {
  required: string;
  item: ChecklistItem | undefined;
  score: number;
}

export function matchChecklistItem(required: string, items: ChecklistItem[], threshold: number): ChecklistMatch {
  let best: ChecklistItem | undefined;
  let bestScore = -1;
  for (const item of items) {
    const negated = NEGATION.test(item.text) && !NEGATION.test(required);
    const score = negated ? 0 : similarity(required, item.text);
    if (score > bestScore) {
      best = item;
      bestScore = score;
    }
  }
  return {required, item: bestScore >= threshold ? best : undefined, score: bestScore};
}
