/**
 * Profiles are data: what a spec written from one template must contain.
 * The engine and the rules read this structure and know nothing about any
 * particular template. Built-in profiles live in `rules/profiles/*.yaml`.
 */
import type {
  ChecklistItemSpec,
  ColumnSpec,
  PlaceholderSpec,
  Presence,
  ProfileDefinition,
  RuleSetting,
  RuleSeverity,
  SectionSpec as SectionDefinition,
  TableSpec,
} from './config-types.generated.js';

// The shapes of profile and config files are their JSON Schemas (schema.ts);
// their types are generated from them (config-types.generated.ts).
export type {
  AlternativeSpec,
  ChecklistClaim,
  ChecklistItemSpec,
  ChecklistSpec,
  ColumnSpec,
  ConfigFile,
  ContentSpec,
  DetectSpec,
  DiagramKind,
  EachSpec,
  EvidenceSpec,
  PlaceholderSpec,
  Presence,
  ProfileDefinition,
  RepeatSpec,
  RuleSetting,
  RuleSeverity,
  TableSpec,
} from './config-types.generated.js';

export type SeverityLabel = Exclude<RuleSeverity, number>;

/** A section of a profile as the engine reads it: as the file writes it, plus what resolving the profile adds. */
export interface SectionSpec extends SectionDefinition {
  /** Set by `renameSections`: the base profile's name for this section, so a heading still using it gets a precise hint. */
  renamedFrom?: string;
}

/** A profile once loaded: its file's keys, with a title and rules always there. */
export interface Profile extends Omit<ProfileDefinition, 'title' | 'sections' | 'rules'> {
  title: string;
  sections: SectionSpec[];
  rules: Record<string, RuleSetting>;
}

export function checklistItem(item: string | ChecklistItemSpec): ChecklistItemSpec {
  return typeof item === 'string' ? {text: item} : item;
}

/** Severity of a rule setting (a label, a number, or [level, options]): 0 off, 1 warn, 2 error. */
export function severityOf(setting: RuleSetting | undefined): 0 | 1 | 2 {
  const level = Array.isArray(setting) ? setting[0] : setting;
  return level === 'error' || level === 2 ? 2 : level === 'warn' || level === 1 ? 1 : 0;
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
