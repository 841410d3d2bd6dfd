/**
 * Automatic profile detection: score every profile by the share of its
 * required sections (and their required field labels) that the document
 * has, and take the best one over that profile's threshold.
 */
import type {SpecModel} from './model.js';
import {matchProfile, resolveAlternatives} from './match.js';
import {columnName, presenceOf, type Profile} from './profile.js';
import {columnMatches} from './match.js';
import {compareIds} from './text.js';
import {compilePattern} from './regex.js';

export interface Detection {
  profile: Profile;
  score: number;
  found: number;
  total: number;
}

/** Bonus for a title matching the profile's `detect.title` pattern. */
const TITLE_BONUS = 0.3;

export function scoreProfile(model: SpecModel, profile: Profile): Detection {
  // A document following one of a profile's alternative section sets is scored against that set.
  const match = matchProfile(model, resolveAlternatives(profile, model));
  let found = 0;
  let total = 0;
  for (const m of match.all) {
    if (!m.searched || presenceOf(m.located.spec) !== 'required') continue;
    // A repeated section counts once, however many instances the document has.
    if (m.instances && m.section !== m.instances[0]) continue;
    total++;
    if (!m.section) {
      total += m.located.spec.fields?.length ?? 0;
      continue;
    }
    found++;
    const labels = m.located.spec.fields?.length ? model.fieldsIn(m.section, true) : [];
    for (const field of m.located.spec.fields ?? []) {
      total++;
      const wanted = columnName(field);
      if (labels.some((f) => columnMatches(wanted, f.name))) found++;
    }
  }
  let score = total ? found / total : 0;
  const titlePattern = profile.detect?.title;
  if (titlePattern) {
    const title = model.sections[0]?.title ?? '';
    if (compilePattern(titlePattern, 'iu').test(title)) score = Math.min(1, score + TITLE_BONUS);
  }
  return {profile, score, found, total};
}

const overThreshold = (d: Detection) => d.score >= (d.profile.detect?.threshold ?? 0.5) && d.found > 0;

/**
 * Best-matching profile over its threshold, or undefined; ties go to the
 * profile with more evidence. A base profile's required sections are a
 * subset of its variants', so the base scores 1.00 on a variant spec with
 * one label missing; a variant over its threshold that finds more than its
 * base is the better answer (and then reports what is missing).
 */
export function detectProfile(model: SpecModel, profiles: Iterable<Profile>): {best?: Detection; ranking: Detection[]} {
  const ranking = [...profiles]
    .map((p) => scoreProfile(model, p))
    .sort((a, b) => b.score - a.score || b.found - a.found || compareIds(a.profile.name, b.profile.name));
  let best = ranking.find(overThreshold);
  for (let refined = true; best && refined; ) {
    refined = false;
    const current: Detection = best;
    const variant = ranking.find((d) => d.profile.extends === current.profile.name && overThreshold(d) && d.found > current.found);
    if (variant) {
      best = variant;
      refined = true;
    }
  }
  return {best, ranking};
}
