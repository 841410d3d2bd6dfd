/**
 * Automatic profile detection. A file gets a profile by detection only when
 * it shows that profile's structure, and the choice explains itself:
 *
 * 1. Score every profile by the share of its required top-level sections
 *    found as top-level headings (a `### Monitoring` inside another section
 *    does not count), and of their required `**Field:**` labels.
 * 2. Check the profile's evidence (`detect.evidence`): the structure that
 *    sets it apart (the dependency table with its columns, failure-mode
 *    fields, the review and approval tables, numbered sections). A profile
 *    that declares evidence is claimed only when one piece is present, so a
 *    runbook with Overview / Dependencies / Deployment headings is not a
 *    service design.
 * 3. Of the profiles over their threshold, the best score wins; a tie goes to
 *    the one with more evidence, then to the profile listed first.
 * 4. A variant (a profile extending the winner) is chosen only on its own
 *    evidence, the earliest in the document winning (a Paradigm that says
 *    "Domain-Driven Design with a Modular Monolith" is DDD); when variants
 *    tie, or none has evidence, the base profile stays.
 */
import type {Section, SpecModel} from './model.js';
import {columnMatches, fieldTable, matchProfile, resolveAlternatives, specByName, tableById, tableLabel} from './match.js';
import {checklistItem, columnName, presenceOf, type EvidenceSpec, type Profile} from '../profiles/types.js';
import {similarity} from '../lib/text.js';
import {compilePattern, type Pattern} from '../lib/regex.js';

export interface EvidenceHit {
  /** What was found, for `--explain` and the profile reason. */
  label: string;
  /** Where in the document (a text offset, or the heading's line scaled to one): earlier evidence wins between variants. */
  at: number;
}

export interface Detection {
  profile: Profile;
  score: number;
  found: number;
  total: number;
  /** The profile's own evidence present in the document. */
  evidence: EvidenceHit[];
  /** How much evidence the profile declares. */
  evidenceDeclared: number;
}

/** Bonus for a title matching the profile's `detect.title` pattern. */
const TITLE_BONUS = 0.3;

/** A profile's pattern, compiled as config patterns are (RE2 unless shipped with speclint); null when it does not compile. */
function compiled(pattern: string): Pattern | null {
  try {
    return compilePattern(pattern, 'iu');
  } catch {
    return null; // Profiles are validated when loaded; a bad pattern here simply finds nothing.
  }
}

export function scoreProfile(model: SpecModel, profile: Profile): Detection {
  // A document following one of a profile's alternative section sets is scored against that set.
  const resolved = resolveAlternatives(profile, model);
  const match = matchProfile(model, resolved);
  let found = 0;
  let total = 0;
  for (const m of match.all) {
    if (!m.searched || presenceOf(m.located.spec) !== 'required') continue;
    // A repeated section counts once, however many instances the document has.
    if (m.instances && m.section !== m.instances[0]) continue;
    const fields = (m.located.spec.fields ?? []).filter((f) => presenceOf(columnName(f)) === 'required');
    total += 1 + fields.length;
    if (!m.section || !m.atLevel) continue;
    found++;
    const labels = fields.length ? model.fieldsIn(m.section, true) : [];
    for (const field of fields) if (labels.some((f) => columnMatches(columnName(field), f.name))) found++;
  }
  let score = total ? found / total : 0;
  const titlePattern = profile.detect?.title;
  if (titlePattern && compiled(titlePattern)?.test(model.title?.title ?? '')) score = Math.min(1, score + TITLE_BONUS);
  const declared = profile.detect?.evidence ?? [];
  const evidence = declared.flatMap((e) => {
    const hit = evidenceIn(model, resolved, e);
    return hit ? [hit] : [];
  });
  return {profile, score, found, total, evidence, evidenceDeclared: declared.length};
}

/** Offsets for evidence that has no text position: after any text match, in document order. */
const LINE_WEIGHT = 1e6;

function evidenceIn(model: SpecModel, profile: Profile, e: EvidenceSpec): EvidenceHit | undefined {
  const match = matchProfile(model, profile);
  const sectionOf = (name: string): Section | undefined => {
    const spec = specByName(profile, name);
    return spec ? match.bySpec.get(spec)?.section : undefined;
  };
  const atLine = (s: Section | {position: {start: {line: number}}}) => LINE_WEIGHT * s.position.start.line;
  if (e.table !== undefined) {
    const t = tableById(model, profile, e.table);
    if (!t?.table) return undefined;
    const present = t.columns.filter((c) => c.index >= 0).length;
    return present * 2 >= t.columns.length ? {label: tableLabel(t.spec), at: atLine(t.table)} : undefined;
  }
  if (e.fields !== undefined) {
    const spec = specByName(profile, e.fields);
    const section = sectionOf(e.fields);
    const labels = (spec?.fields ?? spec?.each?.fields ?? []).map(columnName);
    if (!section || labels.length === 0) return undefined;
    const written = model.fieldsIn(section);
    const present = labels.filter((l) => written.some((f) => columnMatches(l, f.name))).length;
    if (present * 2 >= labels.length || fieldTable(model, section, labels)) {
      return {label: `${spec!.name} fields (${labels.map((l) => l.name).join(', ')})`, at: atLine(section)};
    }
    return undefined;
  }
  if (e.checklist !== undefined) {
    const spec = specByName(profile, e.checklist);
    const items = (spec?.checklist?.items ?? []).map((i) => checklistItem(i).text);
    if (items.length === 0) return undefined;
    const present = items.filter((text) => model.checklist.some((c) => similarity(text, c.text) >= 0.7)).length;
    return present * 2 >= items.length ? {label: `${spec!.name} checklist`, at: LINE_WEIGHT * (model.checklist[0]?.position.start.line ?? 0)} : undefined;
  }
  if (e.sections !== undefined || e.numberedSections !== undefined) {
    const top = profile.sections.filter((s) => !s.oneOf);
    const atLevel = top.map((s) => match.bySpec.get(s)).filter((m) => m?.section && m.atLevel);
    if (e.sections !== undefined) {
      const required = atLevel.filter((m) => presenceOf(m!.located.spec) === 'required').length;
      return required >= e.sections ? {label: `${required} of its sections`, at: atLine(atLevel[0]!.section!)} : undefined;
    }
    const numbered = atLevel.filter((m) => /^\s*\d+(?:\.\d+)*[.)]?\s/u.test(m!.section!.title)).length;
    return numbered >= e.numberedSections! ? {label: `${numbered} numbered sections`, at: atLine(atLevel[0]!.section!)} : undefined;
  }
  if (e.heading !== undefined) {
    const re = compiled(e.heading);
    const heading = re ? model.sections.find((s) => re.test(s.title)) : undefined;
    return heading ? {label: `heading "${heading.title}"`, at: atLine(heading)} : undefined;
  }
  if (e.text !== undefined) {
    const re = compiled(e.text);
    const within = e.in === undefined ? model.root : sectionOf(e.in);
    if (!re || !within) return undefined;
    const text = model.textOf(within);
    const [found] = re.matchAll(text);
    if (!found || found.index === undefined) return undefined;
    // The whole words matched ("Event Sourcing", not "Event Sourc"), briefly.
    const whole = text.slice(found.index).match(new RegExp(`^.{${found[0].length}}[\\p{L}\\p{N}-]*`, 'su'))![0];
    const words = whole.length > 40 ? `${whole.slice(0, 40)}…` : whole;
    return {label: `${e.in ? `${e.in} says` : 'the text says'} "${words.trim()}"`, at: found.index};
  }
  return undefined;
}

const overThreshold = (d: Detection) => d.score >= (d.profile.detect?.threshold ?? 0.5) && d.found > 0;

/** Over its threshold, and showing its evidence when it declares any. */
export const claims = (d: Detection) => overThreshold(d) && (d.evidenceDeclared === 0 || d.evidence.length > 0);

/**
 * The profile detection gives the document, or undefined; `ranking` holds
 * every profile's detection in the order considered (for `--explain`).
 */
export function detectProfile(model: SpecModel, profiles: Iterable<Profile>): {best?: Detection; ranking: Detection[]} {
  const all = [...profiles];
  const names = new Set(all.map((p) => p.name));
  const order = new Map(all.map((p, i) => [p.name, i]));
  const detections = all.map((p) => scoreProfile(model, p));
  const ranking = [...detections].sort(
    (a, b) => b.score - a.score || b.found - a.found || b.evidence.length - a.evidence.length || order.get(a.profile.name)! - order.get(b.profile.name)!,
  );
  // Base profiles compete on structure; variants only refine the winner.
  const isVariant = (d: Detection) => d.profile.extends !== undefined && names.has(d.profile.extends);
  let best = ranking.find((d) => !isVariant(d) && claims(d));
  while (best) {
    const base: Detection = best;
    const variants = ranking
      .filter((d) => d.profile.extends === base.profile.name && d.evidence.length > 0 && overThreshold(d))
      .map((d) => ({d, at: Math.min(...d.evidence.map((e) => e.at))}))
      .sort((a, b) => a.at - b.at || b.d.evidence.length - a.d.evidence.length);
    const [first, second] = variants;
    // Two variants with equally early, equally strong evidence: the base profile, never the alphabetically first.
    if (!first || (second && second.at === first.at && second.d.evidence.length === first.d.evidence.length)) break;
    best = first.d;
  }
  return {best, ranking};
}

/** One line: how the profile was detected, with the evidence behind it. */
export function detectionReason(d: Detection): string {
  const evidence = d.evidence.length ? `; ${d.evidence.map((e) => e.label).join(', ')}` : '';
  return `detected from headings: ${d.found} of ${d.total} required sections and fields (score ${d.score.toFixed(2)})${evidence}`;
}
