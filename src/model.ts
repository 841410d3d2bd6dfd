/**
 * The spec model: one pass over the mdast tree that every rule shares.
 *
 * Rules never walk raw mdast for what is here: sections (a tree built from
 * top-level headings), tables with cell positions, `**Field:** value` labels,
 * task-list items and fenced code blocks, each tagged with the section that
 * holds it. The model is built once per file and cached on the file.
 */
import type {Code, Heading, ListItem, Paragraph, Root, RootContent, Table as MdTable, Yaml} from 'mdast';
import type {Point, Position} from 'unist';
import type {VFile} from 'vfile';
import {toString} from 'mdast-util-to-string';
import {visit} from 'unist-util-visit';
import {parse as parseYaml} from 'yaml';
import {normalizeName} from './text.js';

export interface Section {
  /** Heading text as written (plain text, markup removed). */
  title: string;
  /** Normalised title used for matching (see `normalizeName`). */
  key: string;
  /** Normalised title without a trailing parenthetical: `Metrics (Prometheus format)` → `metrics`. */
  baseKey: string;
  /** Heading depth 1-6; the document root is depth 0. */
  depth: number;
  heading?: Heading;
  /** Position of the heading (for the root: the whole document). */
  position: Position;
  /** Point where this section's subtree ends (start of the next heading at the same or a shallower depth, or end of file). */
  end: Point;
  parent?: Section;
  children: Section[];
  /** Top-level content nodes between this heading and the next heading of any depth. */
  nodes: RootContent[];
  /** Document order of the heading (root: -1). */
  index: number;
}

export interface TableCell {
  text: string;
  position: Position;
}

export interface SpecTable {
  node: MdTable;
  section: Section;
  position: Position;
  header: TableCell[];
  rows: TableCell[][];
  /** Position of each body row (same order as `rows`). */
  rowPositions: Position[];
}

export interface Field {
  /** Label as written, without the colon. */
  name: string;
  key: string;
  value: string;
  position: Position;
  section: Section;
}

export interface ChecklistItem {
  text: string;
  checked: boolean;
  position: Position;
  section: Section;
}

export interface CodeBlock {
  lang: string | undefined;
  meta: string | undefined;
  value: string;
  position: Position;
  section: Section;
}

/** A run of prose text (or raw HTML) with its position, for rules that scan wording. */
export interface TextRun {
  kind: 'text' | 'html';
  value: string;
  position: Position;
  section: Section;
}

export interface FrontMatter {
  data: Record<string, unknown> | undefined;
  error?: string;
  position?: Position;
}

/** What a profile uses to name a section: a heading plus aliases, or a pattern. */
export interface SectionMatcher {
  name: string;
  aliases?: string[];
  /** Regular expression tested against the heading text as written (case-insensitive). */
  pattern?: string;
}

export interface SpecModel {
  tree: Root;
  root: Section;
  /** Every section in document order (root excluded). */
  sections: Section[];
  /** The first depth-1 heading, when there is one. */
  title?: Section;
  frontMatter: FrontMatter;
  tables: SpecTable[];
  fields: Field[];
  checklist: ChecklistItem[];
  codeBlocks: CodeBlock[];
  /** Text and raw-HTML runs outside code, headings included. */
  texts: TextRun[];
  /** Plain text of a section's content (its own and, unless `ownOnly`, its subsections'), headings excluded. */
  textOf(section: Section, ownOnly?: boolean): string;
  /** Section that holds a point (deepest one). */
  sectionAt(point: Point): Section;
  /** First section (in document order) matching `matcher`, searched below `within` (default: whole document). */
  findSection(matcher: SectionMatcher | string, within?: Section): Section | undefined;
  /** Every section matching `matcher` below `within`. */
  findSections(matcher: SectionMatcher | string, within?: Section): Section[];
  /** Items of a kind that lie inside `section` (its own content and, unless `ownOnly`, its subsections). */
  tablesIn(section: Section, ownOnly?: boolean): SpecTable[];
  fieldsIn(section: Section, ownOnly?: boolean): Field[];
  checklistIn(section: Section, ownOnly?: boolean): ChecklistItem[];
  codeIn(section: Section, ownOnly?: boolean): CodeBlock[];
  /** True when `inner` is `outer` or nested below it. */
  contains(outer: Section, inner: Section): boolean;
}

const EOF_FALLBACK: Point = {line: 1, column: 1, offset: 0};

function sameName(section: Section, name: string): boolean {
  const key = normalizeName(name);
  return section.key === key || section.baseKey === key;
}

export function matchesSection(matcher: SectionMatcher | string, section: Section): boolean {
  if (typeof matcher === 'string') return sameName(section, matcher);
  if (sameName(section, matcher.name)) return true;
  if (matcher.aliases?.some((a) => sameName(section, a))) return true;
  if (matcher.pattern) {
    try {
      return new RegExp(matcher.pattern, 'iu').test(section.title);
    } catch {
      return false;
    }
  }
  return false;
}

export function buildSpecModel(tree: Root): SpecModel {
  const endOfDoc: Point = tree.position?.end ?? EOF_FALLBACK;
  const root: Section = {
    title: '',
    key: '',
    baseKey: '',
    depth: 0,
    position: {start: tree.position?.start ?? EOF_FALLBACK, end: endOfDoc},
    end: endOfDoc,
    children: [],
    nodes: [],
    index: -1,
  };
  const sections: Section[] = [];
  const tables: SpecTable[] = [];
  const fields: Field[] = [];
  const checklist: ChecklistItem[] = [];
  const codeBlocks: CodeBlock[] = [];
  const texts: TextRun[] = [];
  const frontMatter: FrontMatter = {data: undefined};

  // Stack of open sections; the top is the one receiving content.
  const stack: Section[] = [root];

  for (const node of tree.children) {
    if (node.type === 'heading') {
      while (stack.length > 1 && stack[stack.length - 1]!.depth >= node.depth) {
        stack.pop()!.end = node.position!.start;
      }
      const parent = stack[stack.length - 1]!;
      const title = toString(node).trim();
      const section: Section = {
        title,
        key: normalizeName(title),
        baseKey: normalizeName(title.replace(/\s*\([^()]*\)\s*$/, '')),
        depth: node.depth,
        heading: node,
        position: node.position!,
        end: endOfDoc,
        parent,
        children: [],
        nodes: [],
        index: sections.length,
      };
      parent.children.push(section);
      sections.push(section);
      stack.push(section);
      collect(node, section);
      continue;
    }

    const section = stack[stack.length - 1]!;
    section.nodes.push(node);

    if (node.type === 'yaml') {
      readFrontMatter(node, frontMatter);
      continue;
    }

    collect(node, section);
  }

  function collect(top: RootContent, section: Section): void {
    visit(top, (node, _index, parent) => {
      switch (node.type) {
        case 'text':
        case 'html':
          texts.push({kind: node.type, value: node.value, position: node.position!, section});
          return undefined;
        case 'table':
          tables.push(readTable(node, section));
          return undefined;
        case 'code':
          codeBlocks.push(readCode(node, section));
          return 'skip';
        case 'listItem':
          if (typeof node.checked === 'boolean') {
            const text = toString(node.children[0] ?? node).trim();
            checklist.push({text, checked: node.checked, position: node.position!, section});
          }
          return undefined;
        case 'paragraph': {
          const field = readField(node, parent?.type === 'listItem' ? (parent as ListItem) : undefined);
          if (field) fields.push({...field, section});
          return undefined;
        }
        default:
          return undefined;
      }
    });
  }

  const title = sections.find((s) => s.depth === 1);

  function textOf(section: Section, ownOnly?: boolean): string {
    const parts = section.nodes.filter((n) => n.type !== 'html' && n.type !== 'yaml').map((n) => toString(n));
    if (!ownOnly) for (const child of section.children) parts.push(textOf(child));
    return parts.join('\n');
  }

  function contains(outer: Section, inner: Section): boolean {
    for (let s: Section | undefined = inner; s; s = s.parent) if (s === outer) return true;
    return false;
  }

  function inScope<T extends {section: Section}>(items: T[], section: Section, ownOnly?: boolean): T[] {
    return items.filter((item) => (ownOnly ? item.section === section : contains(section, item.section)));
  }

  function findSections(matcher: SectionMatcher | string, within: Section = root): Section[] {
    return sections.filter((s) => s !== within && contains(within, s) && matchesSection(matcher, s));
  }

  return {
    tree,
    root,
    sections,
    title,
    frontMatter,
    tables,
    fields,
    checklist,
    codeBlocks,
    texts,
    textOf,
    sectionAt(point) {
      let found = root;
      for (const s of sections) {
        if (comparePoints(s.position.start, point) <= 0 && comparePoints(point, s.end) < 0) found = s;
      }
      return found;
    },
    findSection: (matcher, within) => findSections(matcher, within)[0],
    findSections,
    tablesIn: (section, ownOnly) => inScope(tables, section, ownOnly),
    fieldsIn: (section, ownOnly) => inScope(fields, section, ownOnly),
    checklistIn: (section, ownOnly) => inScope(checklist, section, ownOnly),
    codeIn: (section, ownOnly) => inScope(codeBlocks, section, ownOnly),
    contains,
  };
}

function comparePoints(a: Point, b: Point): number {
  return a.line - b.line || a.column - b.column;
}

function readTable(node: MdTable, section: Section): SpecTable {
  const [head, ...body] = node.children;
  // A cell's own position starts at its pipe; point at its text when it has some.
  const cells = (row: typeof head) =>
    (row?.children ?? []).map((cell) => {
      const first = cell.children[0]?.position;
      const last = cell.children[cell.children.length - 1]?.position;
      return {
        text: toString(cell).trim(),
        position: first && last ? {start: first.start, end: last.end} : cell.position!,
      };
    });
  return {
    node,
    section,
    position: node.position!,
    header: cells(head),
    rows: body.map(cells),
    rowPositions: body.map((row) => row.position!),
  };
}

function readCode(node: Code, section: Section): CodeBlock {
  return {
    lang: node.lang ?? undefined,
    meta: node.meta ?? undefined,
    value: node.value,
    position: node.position!,
    section,
  };
}

/**
 * A field is a paragraph that opens with bold text ending in a colon
 * (`**Trigger:** value`) or bold text followed by a colon
 * (`**Trigger**: value`). When the paragraph opens a list item, the rest of
 * the item (a nested list of steps, say) is part of the value.
 */
function readField(node: Paragraph, item: ListItem | undefined): Omit<Field, 'section'> | undefined {
  const first = node.children[0];
  if (!first || first.type !== 'strong') return undefined;
  const label = toString(first).trim();
  const rest = node.children.slice(1);
  let value = rest.map((n) => toString(n)).join('');
  let name: string;
  if (label.endsWith(':')) {
    name = label.slice(0, -1).trim();
  } else if (/^\s*:/.test(value)) {
    name = label;
    value = value.replace(/^\s*:/, '');
  } else {
    return undefined;
  }
  if (!name || name.length > 60) return undefined;
  if (item && item.children[0] === node && item.children.length > 1) {
    value += ' ' + item.children.slice(1).map((n) => toString(n)).join(' ');
  }
  return {name, key: normalizeName(name), value: value.trim(), position: node.position!};
}

function readFrontMatter(node: Yaml, out: FrontMatter): void {
  out.position = node.position;
  try {
    const data = parseYaml(node.value);
    out.data = data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  } catch (error) {
    out.error = error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
}
