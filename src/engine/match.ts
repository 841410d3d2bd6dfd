/**
 * Maps a profile onto a document: which heading answers each section spec,
 * which table answers each table spec. Computed once per (model, profile)
 * and shared by every rule that needs it.
 */
import type {Field, Section, SpecModel, SpecTable} from './model.js';
import {
  columnName,
  walkSpecs,
  type ColumnSpec,
  type LocatedSection,
  type Profile,
  type SectionSpec,
  type TableSpec,
} from '../profiles/types.js';
import {normalizeName, withoutParenthetical} from '../lib/text.js';

export interface MatchedSection {
  located: LocatedSection;
  /** The document section answering the spec, if any. */
  section: Section | undefined;
  /** False when an ancestor spec is missing, so this one was not looked for. */
  searched: boolean;
  /** The match of the parent spec this one was looked for under (one instance, for a repeated parent). */
  parentMatch?: MatchedSection;
  /** For a repeated spec: every instance found under the same parent instance (this one among them). */
  instances?: Section[];
  /**
   * The section stands at the level the profile expects: a top-level spec
   * answered by a top-level heading (not a `### Monitoring` inside another
   * section); a subsection spec anywhere below its parent.
   */
  atLevel: boolean;
}

export interface ProfileMatch {
  /** Every spec's match in profile order; a repeated spec has one entry per instance found. */
  all: MatchedSection[];
  /** The first match of each spec. */
  bySpec: Map<SectionSpec, MatchedSection>;
  /** The match of a spec under one instance of its parent (undefined parent: top level). */
  under(spec: SectionSpec, parentMatch: MatchedSection | undefined): MatchedSection | undefined;
}

const cache = new WeakMap<SpecModel, WeakMap<Profile, ProfileMatch>>();
const locatedCache = new WeakMap<Profile, Map<SectionSpec, LocatedSection>>();

/** One LocatedSection per spec of a profile, so ancestry is shared by every match. */
function locatedSpecs(profile: Profile): Map<SectionSpec, LocatedSection> {
  let hit = locatedCache.get(profile);
  if (!hit) {
    hit = new Map();
    const map = hit;
    walkSpecs(profile.sections, (located) => map.set(located.spec, located));
    locatedCache.set(profile, hit);
  }
  return hit;
}

export function matchProfile(model: SpecModel, profile: Profile): ProfileMatch {
  let perProfile = cache.get(model);
  if (!perProfile) cache.set(model, (perProfile = new WeakMap()));
  const hit = perProfile.get(profile);
  if (hit) return hit;

  const located = locatedSpecs(profile);
  const all: MatchedSection[] = [];
  const bySpec = new Map<SectionSpec, MatchedSection>();
  const byParent = new Map<MatchedSection | undefined, Map<SectionSpec, MatchedSection>>();
  const record = (matched: MatchedSection) => {
    all.push(matched);
    if (!bySpec.has(matched.located.spec)) bySpec.set(matched.located.spec, matched);
    let siblings = byParent.get(matched.parentMatch);
    if (!siblings) byParent.set(matched.parentMatch, (siblings = new Map()));
    if (!siblings.has(matched.located.spec)) siblings.set(matched.located.spec, matched);
  };
  const visit = (specs: SectionSpec[], parentMatch: MatchedSection | undefined) => {
    // Top level searches the whole document; below, only the parent's subtree, and not at all when the parent is missing.
    const searched = !parentMatch || parentMatch.section !== undefined;
    for (const spec of specs) {
      const here = located.get(spec)!;
      const sections = !searched
        ? []
        : spec.repeat
          ? model.findSections(spec, parentMatch?.section)
          : [model.findSection(spec, parentMatch?.section)].filter((s): s is Section => s !== undefined);
      if (sections.length === 0) {
        const matched: MatchedSection = {located: here, section: undefined, searched, parentMatch, atLevel: false};
        record(matched);
        if (spec.sections) visit(spec.sections, matched);
        continue;
      }
      for (const section of sections) {
        const atLevel = parentMatch !== undefined || model.isTopLevel(section);
        const matched: MatchedSection = {located: here, section, searched, parentMatch, atLevel, ...(spec.repeat ? {instances: sections} : {})};
        record(matched);
        if (spec.sections) visit(spec.sections, matched);
      }
    }
  };
  visit(profile.sections, undefined);
  const result: ProfileMatch = {all, bySpec, under: (spec, parentMatch) => byParent.get(parentMatch)?.get(spec)};
  perProfile.set(profile, result);
  return result;
}

/**
 * The profile a document is checked against: every `oneOf` choice replaced
 * by the section set whose headings the document matches best (ties go to
 * the first set, as does a choice under a missing parent). Returns the
 * profile itself when it has no choice to make.
 */
export function resolveAlternatives(profile: Profile, model: SpecModel | undefined): Profile {
  if (!hasAlternatives(profile.sections)) return profile;
  const foundCount = (specs: SectionSpec[], within: Section | undefined): number => {
    let n = 0;
    for (const spec of specs) {
      if (spec.oneOf) {
        n += Math.max(...spec.oneOf.map((alt) => foundCount(alt.sections, within)));
        continue;
      }
      const section = model?.findSection(spec, within);
      if (section) n += 1 + foundCount(spec.sections ?? [], section);
    }
    return n;
  };
  const resolveList = (specs: SectionSpec[], within: Section | undefined, searched: boolean): SectionSpec[] =>
    specs.flatMap((spec) => {
      if (spec.oneOf) {
        let best = spec.oneOf[0]!;
        if (model && searched) {
          let bestScore = foundCount(best.sections, within);
          for (const alt of spec.oneOf.slice(1)) {
            const score = foundCount(alt.sections, within);
            if (score > bestScore) [best, bestScore] = [alt, score];
          }
        }
        return resolveList(best.sections, within, searched);
      }
      if (!spec.sections) return [spec];
      const section = model && searched ? model.findSection(spec, within) : undefined;
      return [{...spec, sections: resolveList(spec.sections, section, section !== undefined)}];
    });
  return {...profile, sections: resolveList(profile.sections, undefined, true)};
}

const alternativesCache = new WeakMap<SectionSpec[], boolean>();

function hasAlternatives(specs: SectionSpec[] | undefined): boolean {
  if (!specs) return false;
  let hit = alternativesCache.get(specs);
  if (hit === undefined) {
    hit = specs.some((s) => s.oneOf !== undefined || hasAlternatives(s.sections));
    alternativesCache.set(specs, hit);
  }
  return hit;
}

export interface ColumnMatch {
  spec: ColumnSpec;
  /** Index of the column in the table header, -1 when absent. */
  index: number;
}

export interface MatchedTable {
  spec: TableSpec;
  /** Human name for messages. */
  label: string;
  owner: MatchedSection;
  table: SpecTable | undefined;
  columns: ColumnMatch[];
}

/** A header names a column by its name or an alias; a trailing unit or note (`Timeout (ms)`) is ignored. */
export function columnMatches(column: ColumnSpec, headerText: string): boolean {
  const keys = [normalizeName(headerText), normalizeName(withoutParenthetical(headerText))];
  return [column.name, ...(column.aliases ?? [])].some((name) => keys.includes(normalizeName(name)));
}

export function findColumn(table: SpecTable, column: ColumnSpec | string): number {
  const spec = columnName(column);
  return table.header.findIndex((cell) => columnMatches(spec, cell.text));
}

export function tableLabel(spec: TableSpec): string {
  return spec.label ?? `${spec.id.replace(/-/g, ' ')} table`;
}

const tableCache = new WeakMap<ProfileMatch, MatchedTable[]>();

/**
 * For every table spec of every found section: the table in that section
 * (own content or subsections) whose header matches most declared columns.
 */
export function matchTables(model: SpecModel, profile: Profile): MatchedTable[] {
  const match = matchProfile(model, profile);
  const hit = tableCache.get(match);
  if (hit) return hit;
  const out: MatchedTable[] = [];
  for (const owner of match.all) {
    for (const spec of owner.located.spec.tables ?? []) {
      const columns = spec.columns.map(columnName);
      let best: SpecTable | undefined;
      let bestScore = 0;
      if (owner.section) {
        for (const table of model.tablesIn(owner.section)) {
          const score = columns.filter((c) => table.header.some((h) => columnMatches(c, h.text))).length;
          if (score > bestScore) {
            best = table;
            bestScore = score;
          }
        }
      }
      out.push({
        spec,
        label: tableLabel(spec),
        owner,
        table: best,
        columns: columns.map((c) => ({spec: c, index: best ? findColumn(best, c) : -1})),
      });
    }
  }
  tableCache.set(match, out);
  return out;
}

/** Find a declared table by id, wherever it is declared in the profile. */
export function tableById(model: SpecModel, profile: Profile, id: string): MatchedTable | undefined {
  return matchTables(model, profile).find((t) => t.spec.id === id);
}

/** Heading markup for a section spec at a given depth: `## Failure Modes`. */
export function headingFor(spec: SectionSpec, depth: number): string {
  return `${'#'.repeat(Math.min(Math.max(depth, 1), 6))} ${spec.name}`;
}

/**
 * Depth a missing section should get: one below its parent's heading, or
 * the depth of a found sibling, or 2 at top level.
 */
export function expectedDepth(model: SpecModel, profile: Profile, located: LocatedSection): number {
  const match = matchProfile(model, profile);
  const siblings = located.parent ? (located.parent.spec.sections ?? []) : profile.sections;
  for (const sibling of siblings) {
    const found = match.bySpec.get(sibling)?.section;
    if (found) return found.depth;
  }
  const parent = located.parent ? match.bySpec.get(located.parent.spec)?.section : undefined;
  return parent ? parent.depth + 1 : 2;
}

/**
 * The section spec a rule option names (by name or alias), so options that
 * say "Performance" also find the section under that spec's aliases.
 */
export function specByName(profile: Profile, name: string): SectionSpec | undefined {
  const key = normalizeName(name);
  let found: SectionSpec | undefined;
  walkSpecs(profile.sections, ({spec}) => {
    if (!found && (normalizeName(spec.name) === key || (spec.aliases ?? []).some((a) => normalizeName(a) === key))) found = spec;
  });
  return found;
}

/** The section a rule option names: the profile's match for that section spec, else any heading with that name. */
export function sectionNamed(model: SpecModel, profile: Profile, name: string): Section | undefined {
  const spec = specByName(profile, name);
  return spec ? matchProfile(model, profile).bySpec.get(spec)?.section : model.findSection(name);
}

/**
 * Every section a list of option names designates, by name or alias, without
 * those nested in another match (a "Performance" inside "Scaling &
 * Performance" is covered by its ancestor); the whole document when the list is empty.
 */
export function sectionsNamed(model: SpecModel, profile: Profile, names: string[]): Section[] {
  if (names.length === 0) return [model.root];
  const found = names.flatMap((name) => model.findSections(specByName(profile, name) ?? name));
  return found.filter((s) => !found.some((o) => o !== s && model.contains(o, s)));
}

/** The field a label spec names (by name or alias) among a section's fields. */
export function findField(fields: Field[], spec: ColumnSpec): Field | undefined {
  return fields.find((f) => columnMatches(spec, f.name));
}

/**
 * A table in the section whose columns include at least half the required
 * fields: the table form of subsections, one row per failure scenario.
 */
export function fieldTable(model: SpecModel, section: Section, specs: ColumnSpec[]): SpecTable | undefined {
  return model
    .tablesIn(section)
    .find((t) => specs.filter((s) => t.header.some((h) => columnMatches(s, h.text))).length >= Math.ceil(specs.length / 2));
}
