/**
 * Profiles are data: what a spec written from one template must contain.
 * The engine and the rules read this structure and know nothing about any
 * particular template. Built-in profiles live in `rules/profiles/*.yaml`.
 */
import type {SectionMatcher} from '../engine/model.js';

export type Presence = 'required' | 'recommended' | 'optional';

export interface ColumnSpec {
  name: string;
  aliases?: string[];
  /** Whether every row must have a value in this column (default true). */
  filled?: boolean;
  /** A realistic value, used by `speclint init` as placeholder guidance (`TODO: e.g. 500 ms`). */
  example?: string;
  /**
   * For a `**Field:**` label: `required` (the default) or `optional`, a label
   * `speclint init` writes as guidance but no rule asks for (a scaffold's
   * sample labels, which authors replace with their own).
   */
  presence?: Presence;
}

export interface TableSpec {
  /** Stable id other rules refer to (`dependencies`, `latency-targets`). */
  id: string;
  /** How messages name the table ("dependency table"). */
  label?: string;
  columns: Array<string | ColumnSpec>;
  /** Missing table is an error when true (default true). */
  required?: boolean;
  /** Minimum number of body rows (default 1). */
  minRows?: number;
}

/** Requirements every subsection of a section must meet (each failure scenario, each endpoint). */
export interface EachSpec {
  /** How messages name one subsection ("failure scenario"). */
  label?: string;
  /** Minimum number of subsections (default 1). */
  min?: number;
  /** `**Field:**` labels each subsection must carry, non-empty. */
  fields?: Array<string | ColumnSpec>;
  /** Alternatively, subsections may be rows of a table in the section whose columns are these fields. */
  allowTable?: boolean;
  /** A realistic subsection title, used by `speclint init` as placeholder guidance (`### TODO: e.g. Database unavailable`). */
  example?: string;
}

/**
 * What a checked checklist item claims, so a checked box the document
 * contradicts can be caught: `section` (that section exists and has
 * content), `complete` (that section exists and every subsection carries all
 * its required fields), `table` (that declared table has at least `minRows`
 * filled rows).
 */
export interface ChecklistClaim {
  section?: string;
  complete?: string;
  table?: string;
  minRows?: number;
}

export interface ChecklistItemSpec {
  text: string;
  implies?: ChecklistClaim;
}

export interface ChecklistSpec {
  label?: string;
  items: Array<string | ChecklistItemSpec>;
}

export function checklistItem(item: string | ChecklistItemSpec): ChecklistItemSpec {
  return typeof item === 'string' ? {text: item} : item;
}

/** Mermaid diagram kinds a section can require; `graph` and `flowchart` are one kind. */
export type DiagramKind = 'flowchart' | 'sequenceDiagram' | 'stateDiagram' | 'erDiagram' | 'classDiagram';

/** A section that may occur several times (`### Story 1`, `### Story 2`): every heading matching it is one instance. */
export interface RepeatSpec {
  /** Fewest instances the template asks for (default 1 when required, 0 otherwise). */
  min?: number;
  /** Most instances allowed (default: no limit). */
  max?: number;
}

/** Content a section must hold, beyond not being empty. */
export interface ContentSpec {
  /** At least one table (or at least this many). */
  table?: boolean | number;
  /** At least one bulleted or numbered list. */
  list?: boolean;
  /** At least one fenced code block; a string names the language it must be in (`sql`, `json`). */
  code?: boolean | string;
}

/**
 * One of several section sets a document may follow (template era A or
 * era B). The set whose headings the document matches best is checked; the
 * others are ignored.
 */
export interface AlternativeSpec {
  /** How messages and docs name this set ("2024 template"). */
  label?: string;
  sections: SectionSpec[];
}

export interface SectionSpec extends SectionMatcher {
  /** `required` (error when missing), `recommended` (warning) or `optional`. Default `required`. */
  presence?: Presence;
  /** Short description used in docs, `init` guidance and fix hints. */
  description?: string;
  /** A line `speclint init` opens the section with, as an author would write it (`We adopt a **Modular Monolith**:`). */
  example?: string;
  sections?: SectionSpec[];
  tables?: TableSpec[];
  fields?: Array<string | ColumnSpec>;
  each?: EachSpec;
  checklist?: ChecklistSpec;
  /** Minimum words of prose for the section not to count as empty. */
  minWords?: number;
  /** A mermaid diagram of this kind the section must hold. */
  diagram?: DiagramKind;
  /** The section may repeat: each heading matching it is checked as one instance. */
  repeat?: RepeatSpec;
  /** Content kinds the section must hold (checked by section-content). */
  content?: ContentSpec;
  /**
   * This entry is not a heading but a choice: the document follows one of
   * these section sets. Resolved per document (see `resolveAlternatives`)
   * before any rule runs; `name` is then only a label.
   */
  oneOf?: AlternativeSpec[];
  /** Set by `renameSections`: the base profile's name for this section, so a heading still using it gets a precise hint. */
  renamedFrom?: string;
}

export type SeverityLabel = 'off' | 'warn' | 'error';
export type RuleSetting = SeverityLabel | 0 | 1 | 2 | [SeverityLabel | 0 | 1 | 2, Record<string, unknown>?];

/** Severity of a rule setting (a label, a number, or [level, options]): 0 off, 1 warn, 2 error. */
export function severityOf(setting: RuleSetting | undefined): 0 | 1 | 2 {
  const level = Array.isArray(setting) ? setting[0] : setting;
  return level === 'error' || level === 2 ? 2 : level === 'warn' || level === 1 ? 1 : 0;
}

/**
 * One piece of structure that sets a profile apart from other documents
 * (set exactly one kind). Generic headings (Overview, Deployment) are what
 * every runbook has; these are not.
 */
export interface EvidenceSpec {
  /** A declared table (by id) whose header has at least half of its columns. */
  table?: string;
  /** A section (by name) whose `**Field:**` labels (its `fields`, or each subsection's) are at least half written. */
  fields?: string;
  /** A section (by name) whose checklist items are at least half written. */
  checklist?: string;
  /** At least this many of the profile's required top-level sections, found at the top level. */
  sections?: number;
  /** At least this many of the profile's top-level sections written with numbers (`## 3. Database Design`). */
  numberedSections?: number;
  /** A heading whose text matches this regular expression (case-insensitive). */
  heading?: string;
  /** Text matching this regular expression (case-insensitive), in the section named by `in` (default: the whole document). */
  text?: string;
  in?: string;
}

export interface DetectSpec {
  /** Regex on the document title (first heading) that strongly suggests this profile. */
  title?: string;
  /** Minimum share of top-level sections found for automatic detection (default 0.5). */
  threshold?: number;
  /**
   * What sets this profile apart. Detection gives a file this profile only
   * when one of these is present; a profile that extends another is chosen
   * over its base only on its own evidence. Not inherited by `extends`.
   */
  evidence?: EvidenceSpec[];
}

/**
 * A placeholder a profile's template leaves for the author to fill in:
 * an exact `text` (`[Date]`) or a `pattern` (a JavaScript regular
 * expression, case-sensitive unless `flags` has `i`), with the `label` that
 * names its kind in messages. `whole`: it counts only as the whole text of a
 * table cell or a heading (`| [Timeout] |`, `#### [Entity]`).
 */
export interface PlaceholderSpec {
  text?: string;
  pattern?: string;
  flags?: string;
  label?: string;
  whole?: boolean;
}

export interface Profile {
  name: string;
  title: string;
  description?: string;
  /** Which template the profile encodes (for docs). */
  template?: string;
  /** Base profile whose sections and rules this one starts from. */
  extends?: string;
  /** Sections of a base profile to drop (by name, at any depth). */
  removeSections?: string[];
  /** Sections of a base profile to rename (old name → new name, at any depth). */
  renameSections?: Record<string, string>;
  /** Files that use this profile (globs relative to the config), for a profile defined in config. */
  files?: string[];
  detect?: DetectSpec;
  /**
   * The placeholders of the profile's template, reported by no-placeholders
   * (and skipped by the rules that judge values) besides the generic ones
   * (TODO, TBD, `${input:...}`, `<fill in>`, `[Multi-Word Title]` ...). An
   * extending profile adds its own to its base's.
   */
  placeholders?: PlaceholderSpec[];
  sections: SectionSpec[];
  rules: Record<string, RuleSetting>;
}

/** A section spec located in the profile tree, with its ancestry. */
export interface LocatedSection {
  spec: SectionSpec;
  parent?: LocatedSection;
  /** Position among siblings in the profile (template order). */
  order: number;
}

export function walkSpecs(
  specs: SectionSpec[],
  visit: (located: LocatedSection) => void,
  parent?: LocatedSection,
): void {
  specs.forEach((spec, order) => {
    const located: LocatedSection = {spec, parent, order};
    visit(located);
    if (spec.sections) walkSpecs(spec.sections, visit, located);
  });
}

export function presenceOf(spec: {presence?: Presence}): Presence {
  return spec.presence ?? 'required';
}

export function columnName(column: string | ColumnSpec): ColumnSpec {
  return typeof column === 'string' ? {name: column} : column;
}

/** Human path of a section spec: `Runtime Characteristics > Request Flow`. */
export function specPath(located: LocatedSection): string {
  const names: string[] = [];
  for (let l: LocatedSection | undefined = located; l; l = l.parent) names.unshift(l.spec.name);
  return names.join(' > ');
}

/**
 * Merge a profile over its base: sections with the same name are merged
 * (the child's keys win, child subsections merged recursively), new sections
 * are appended in the order given (or placed `after` a named sibling), and
 * `removeSections` drops sections of the base. Rules are merged by id.
 */
export function mergeProfiles(base: Profile, child: Profile): Profile {
  const removed = new Set((child.removeSections ?? []).map((n) => n.toLowerCase()));
  const renamed = new Map(Object.entries(child.renameSections ?? {}).map(([from, to]) => [from.toLowerCase(), to]));
  return {
    ...base,
    ...child,
    // Evidence says what sets a profile apart from its base, so it is never inherited.
    detect: {...base.detect, evidence: undefined, ...child.detect},
    ...mergePlaceholders(base.placeholders, child.placeholders),
    sections: mergeSections(renameSections(base.sections, renamed), child.sections ?? [], removed),
    rules: {...base.rules, ...child.rules},
  };
}

/** A child's placeholders come first (their labels win where both match), then the base's it does not repeat. */
function mergePlaceholders(base: PlaceholderSpec[] | undefined, child: PlaceholderSpec[] | undefined): {placeholders?: PlaceholderSpec[]} {
  if (!base?.length && !child?.length) return {};
  const key = (p: PlaceholderSpec) => JSON.stringify([p.text, p.pattern, p.flags ?? '', p.whole ?? false]);
  const own = new Set((child ?? []).map(key));
  return {placeholders: [...(child ?? []), ...(base ?? []).filter((p) => !own.has(key(p)))]};
}

/** Rename sections of a base (and the checklist claims that name them), keeping everything else. */
function renameSections(specs: SectionSpec[], renamed: Map<string, string>): SectionSpec[] {
  if (renamed.size === 0) return specs;
  const rename = (name: string | undefined) => (name === undefined ? undefined : (renamed.get(name.toLowerCase()) ?? name));
  return specs.map((spec) => {
    const name = rename(spec.name)!;
    const out: SectionSpec = {...spec, name, ...(name !== spec.name ? {renamedFrom: spec.name} : {})};
    if (spec.sections) out.sections = renameSections(spec.sections, renamed);
    if (spec.checklist) {
      out.checklist = {
        ...spec.checklist,
        items: spec.checklist.items.map((item) => {
          if (typeof item === 'string' || !item.implies) return item;
          const {section, complete} = item.implies;
          return {...item, implies: {...item.implies, ...(section ? {section: rename(section)} : {}), ...(complete ? {complete: rename(complete)} : {})}};
        }),
      };
    }
    return out;
  });
}

type PlacedSection = SectionSpec & {after?: string};

/** Tables merge by id: a child table's keys (its columns, say) replace those of the base's table of the same id; new ids are added. */
function mergeTables(base: TableSpec[] | undefined, child: TableSpec[] | undefined): TableSpec[] | undefined {
  if (!child) return base;
  const out = [...(base ?? [])];
  for (const table of child) {
    const at = out.findIndex((t) => t.id === table.id);
    if (at >= 0) out[at] = {...out[at], ...table};
    else out.push(table);
  }
  return out;
}

function mergeSections(base: SectionSpec[], extra: PlacedSection[], removed: Set<string>): SectionSpec[] {
  const out: SectionSpec[] = base
    .filter((s) => !removed.has(s.name.toLowerCase()))
    .map((s) => ({...s, sections: s.sections ? mergeSections(s.sections, [], removed) : undefined}));
  for (const {after, ...section} of extra) {
    const existing = out.findIndex((s) => s.name.toLowerCase() === section.name.toLowerCase());
    if (existing >= 0) {
      const prev = out[existing]!;
      out[existing] = {
        ...prev,
        ...section,
        tables: mergeTables(prev.tables, section.tables),
        sections: mergeSections(prev.sections ?? [], (section.sections ?? []) as PlacedSection[], removed),
      };
      continue;
    }
    const anchor = after ? out.findIndex((s) => s.name.toLowerCase() === after.toLowerCase()) : -1;
    if (anchor >= 0) out.splice(anchor + 1, 0, section);
    else out.push(section);
  }
  return out;
}
