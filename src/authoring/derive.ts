/**
 * `speclint profile derive SPEC.md`: a profile inferred from an existing
 * spec, as a starting point for a custom profile. Every heading below the
 * title becomes a required section (nested as in the document), every table
 * a required table with its header's columns, every `**Field:**` label
 * (with a value) a required field, a task list a checklist, a mermaid block
 * of a known kind a required diagram.
 *
 * The result is checked against the spec it came from before it is
 * returned: a section the profile would find elsewhere in the document (two
 * headings with the same name, where matching takes the first) keeps only
 * its name, and a table matched to another table of its section gets that
 * table's row count and empty cells allowed, so the spec passes its own
 * derived profile's structural rules (required-sections, required-table,
 * required-fields, table-filled).
 */
import {basename, extname} from 'node:path';
import type {Root} from 'mdast';
import {Document, isScalar, isSeq, visit} from 'yaml';
import {DEFAULT_CUSTOM_RULES} from '../profiles/custom.js';
import {UsageError} from '../lib/errors.js';
import {findField, matchProfile, matchTables} from '../engine/match.js';
import {mermaidKind} from '../mermaid/kinds.js';
import {buildSpecModel, type Section, type SpecModel, type SpecTable} from '../engine/model.js';
import {remarkSpecSyntax} from '../engine/parse.js';
import {remarkParse, unified} from '../lib/vendor.js';
import type {ColumnSpec, DiagramKind, Profile, RuleSetting, SectionSpec, TableSpec} from '../profiles/types.js';
import {EMPTY_CELL_VALUES, normalizeName} from '../lib/text.js';

export interface DeriveOptions {
  /** The spec's path: the profile's name comes from its file name. */
  filePath?: string;
  /** Profile name (default: from the file name). */
  name?: string;
}

const NAME = /^[a-z0-9][a-z0-9:._-]*$/;
const DIAGRAM_KINDS = new Set<string>(['flowchart', 'sequenceDiagram', 'stateDiagram', 'erDiagram', 'classDiagram']);

const parser = unified().use(remarkParse).use(remarkSpecSyntax).freeze();

/** A profile name from a file name: `Payments Service.md` → `payments-service`. */
export function profileNameFrom(filePath: string | undefined): string {
  const stem = filePath ? basename(filePath, extname(filePath)) : '';
  const name = stem
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/-+$/, '');
  return name || 'derived';
}

/** A table id from a heading: `Error Classification` → `error-classification`. */
function kebab(text: string): string {
  return normalizeName(text)
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

interface Origins {
  sections: Map<SectionSpec, Section>;
  tables: Map<TableSpec, SpecTable>;
}

export function deriveProfile(text: string, options: DeriveOptions = {}): Profile {
  const name = options.name ?? profileNameFrom(options.filePath);
  if (!NAME.test(name)) {
    throw new UsageError(`profile name "${name}" must be lowercase letters, digits and . _ - : (starting with a letter or digit)`);
  }
  const source = text.replace(/^\uFEFF/, '');
  const model = buildSpecModel(parser.parse(source) as Root, source);
  const titleSection = model.title ?? model.sections[0];
  const top = model.root.children.flatMap((s) => (s === model.title ? s.children : [s]));

  const origins: Origins = {sections: new Map(), tables: new Map()};
  const ids = new Set<string>();
  const sections = specsOf(top, model, origins, ids);

  // The rules any custom profile gets, less those for what a derived profile
  // may lack: a checklist or a diagram (added below when it has one), and
  // section `content`, which derive never writes.
  const rules: Record<string, RuleSetting> = Object.fromEntries(
    Object.entries(DEFAULT_CUSTOM_RULES).filter(([id]) => !['quality-gate', 'required-diagram', 'section-content'].includes(id)),
  );
  let profile: Profile = {
    name,
    title: titleSection?.title || name,
    description: `Derived by "speclint profile derive" from ${options.filePath ? basename(options.filePath) : 'a spec'}: every heading is a required section, every table and **Field:** label is required. Loosen what is optional, add aliases and descriptions.`,
    ...(options.filePath ? {template: basename(options.filePath)} : {}),
    sections,
    rules,
  };
  profile = settle(profile, model, origins);
  let checklist = false;
  let diagram = false;
  const scan = (specs: SectionSpec[]) =>
    specs.forEach((s) => {
      checklist ||= Boolean(s.checklist);
      diagram ||= Boolean(s.diagram);
      scan(s.sections ?? []);
    });
  scan(profile.sections);
  if (checklist) rules['quality-gate'] = 'error';
  if (diagram) rules['required-diagram'] = 'error';
  return profile;
}

function specsOf(sections: Section[], model: SpecModel, origins: Origins, ids: Set<string>): SectionSpec[] {
  const out: SectionSpec[] = [];
  const seen = new Set<string>();
  for (const section of sections) {
    // Matching takes the first heading of a name among siblings: a second one cannot be told apart.
    if (!section.title || !section.key || seen.has(section.key)) continue;
    seen.add(section.key);
    const spec: SectionSpec = {name: section.title, presence: 'required'};
    const diagram = model
      .codeIn(section, true)
      .filter((b) => (b.lang ?? '').toLowerCase() === 'mermaid')
      .map((b) => mermaidKind(b.value)?.kind)
      .find((kind): kind is DiagramKind => kind !== undefined && DIAGRAM_KINDS.has(kind));
    if (diagram) spec.diagram = diagram;
    const fields = fieldsOf(model, section);
    if (fields.length) spec.fields = fields;
    const tables = model
      .tablesIn(section, true)
      .map((table) => tableOf(table, section, ids, origins))
      .filter((t): t is TableSpec => t !== undefined);
    if (tables.length) spec.tables = tables;
    const items = model.checklistIn(section, true).map((i) => i.text.replace(/\s+/g, ' ').trim()).filter(Boolean);
    if (items.length) spec.checklist = {items};
    const children = specsOf(section.children, model, origins, ids);
    if (children.length) spec.sections = children;
    origins.sections.set(spec, section);
    out.push(spec);
  }
  return out;
}

/** Field labels of a section's own content whose first occurrence (the one required-fields reads) has a value. */
function fieldsOf(model: SpecModel, section: Section): string[] {
  const own = model.fieldsIn(section, true);
  const out: string[] = [];
  const keys = new Set<string>();
  for (const field of own) {
    const label = field.name.replace(/\s+/g, ' ').trim();
    if (!label || keys.has(field.key)) continue;
    keys.add(field.key);
    if (findField(own, {name: label})?.value) out.push(label);
  }
  return out;
}

function tableOf(table: SpecTable, section: Section, ids: Set<string>, origins: Origins): TableSpec | undefined {
  const columns: Array<string | ColumnSpec> = [];
  const keys = new Set<string>();
  table.header.forEach((cell, index) => {
    const name = cell.text.replace(/\s+/g, ' ').trim();
    const key = normalizeName(name);
    if (!name || !key || keys.has(key)) return;
    keys.add(key);
    const someEmpty = table.rows.some((row) => EMPTY_CELL_VALUES.includes((row[index]?.text ?? '').trim().toLowerCase()));
    columns.push(someEmpty ? {name, filled: false} : name);
  });
  if (columns.length === 0) return undefined;
  const base = kebab(section.title) || 'table';
  let id = base;
  for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
  ids.add(id);
  const spec: TableSpec = {id, columns, ...(table.rows.length === 0 ? {minRows: 0} : {})};
  origins.tables.set(spec, table);
  return spec;
}

/**
 * Make the derived profile agree with its source: a section spec that
 * matches another heading than the one it came from loses its content
 * requirements and subsections; a table spec that matches another table
 * than its own takes that table's row count and empty columns.
 */
function settle(profile: Profile, model: SpecModel, origins: Origins): Profile {
  for (;;) {
    const match = matchProfile(model, profile);
    const wrong = match.all.find((m) => m.section !== origins.sections.get(m.located.spec));
    if (!wrong) break;
    // Found elsewhere: keep the name only (that heading then answers it). Not found at all: drop it.
    let bare: SectionSpec | undefined;
    if (wrong.section) {
      bare = {name: wrong.located.spec.name, presence: 'required'};
      origins.sections.set(bare, wrong.section);
    }
    profile = {...profile, sections: replaceSpec(profile.sections, wrong.located.spec, bare, origins)};
  }
  for (const matched of matchTables(model, profile)) {
    const own = origins.tables.get(matched.spec);
    const table = matched.table;
    if (!table || table === own) continue;
    if (table.rows.length === 0) matched.spec.minRows = 0;
    matched.spec.columns = matched.spec.columns.map((column, i) => {
      const index = matched.columns[i]?.index ?? -1;
      const empty = index >= 0 && table.rows.some((row) => EMPTY_CELL_VALUES.includes((row[index]?.text ?? '').trim().toLowerCase()));
      if (!empty) return column;
      return typeof column === 'string' ? {name: column, filled: false} : {...column, filled: false};
    });
  }
  return profile;
}

/** `specs` with `target` replaced (or removed); copied ancestors keep their origin. */
function replaceSpec(specs: SectionSpec[], target: SectionSpec, replacement: SectionSpec | undefined, origins: Origins): SectionSpec[] {
  return specs.flatMap((spec) => {
    if (spec === target) return replacement ? [replacement] : [];
    if (!spec.sections) return [spec];
    const sections = replaceSpec(spec.sections, target, replacement, origins);
    if (sections.length === spec.sections.length && sections.every((s, i) => s === spec.sections![i])) return [spec];
    const copy: SectionSpec = {...spec};
    if (sections.length) copy.sections = sections;
    else delete copy.sections;
    origins.sections.set(copy, origins.sections.get(spec)!);
    return [copy];
  });
}

/** The derived profile as YAML, with a header comment saying what it is. */
export function deriveProfileYaml(text: string, options: DeriveOptions = {}): string {
  const profile = deriveProfile(text, options);
  const doc = new Document(profile);
  doc.commentBefore = [
    ` Profile derived by "speclint profile derive"${options.filePath ? ` from ${basename(options.filePath)}` : ''}.`,
    ' A starting point: every heading became a required section, every table and',
    ' **Field:** label a required one. Mark what is not always needed',
    ' (presence: recommended or optional), add aliases and descriptions.',
  ].join('\n');
  // Short lists of plain values (columns, aliases) read best on one line.
  visit(doc, {
    Seq(_key, node) {
      if (isSeq(node) && node.items.every((item) => isScalar(item)) && JSON.stringify(node.toJSON()).length <= 100) node.flow = true;
    },
  });
  return doc.toString({lineWidth: 0, flowCollectionPadding: false});
}
