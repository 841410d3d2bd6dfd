/**
 * The spec model: one pass over the mdast tree that every rule shares.
 *
 * Rules never walk raw mdast for what is here: sections (a tree built from
 * top-level headings), tables with cell positions, `**Field:** value` labels,
 * task-list items and fenced code blocks, each tagged with the section that
 * holds it. The model is built once per file and cached on the file.
 *
 * Over 300 lines: the model's types and the single pass that builds them
 * belong together; rules import the types, and the builder is the only
 * code that makes them.
 */
import type {Code, Heading, ListItem, Paragraph, Root, RootContent, Table as MdTable, Yaml} from 'mdast';
import type {Node, Point, Position} from 'unist';
import type {VFile} from 'vfile';
import {toString, visit} from '../lib/vendor.js';
import {blankComments, normalizeName} from '../lib/text.js';
import {compilePattern, type Pattern} from '../lib/regex.js';
import {parseYamlQuietly, YamlError, type YamlProblem} from '../lib/yaml.js';

export interface Section {
  /** Heading text as written (plain text, markup removed). */
  title: string;
  /** Normalised title used for matching (see `normalizeName`). */
  key: string;
  /** Normalised title without a trailing parenthetical: `Metrics (Prometheus format)` → `metrics`. */
  baseKey: string;
  /**
   * Heading depth 1-6 as it nests (the document root is depth 0). Only a
   * leading H1 is the document's title: a later H1 in a document whose
   * sections are H2s is one of those sections, so it nests as depth 2.
   */
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

export interface HeadingRef {
  /** Plain text, trimmed (a section's title). */
  text: string;
  position: Position;
}

export interface LinkRef {
  kind: 'link' | 'definition';
  url: string;
  position: Position;
}

export interface FrontMatter {
  data: Record<string, unknown> | undefined;
  error?: string;
  /** Where in the file the YAML error is. */
  errorAt?: Point;
  /** What the YAML library warned about (an unresolved tag), and where. */
  warnings?: Array<{message: string; at?: Point}>;
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
  /** The document title: the first heading, when it is the only H1 at the top (not `# Summary` of an all-H1 document). */
  title?: Section;
  frontMatter: FrontMatter;
  tables: SpecTable[];
  fields: Field[];
  checklist: ChecklistItem[];
  codeBlocks: CodeBlock[];
  /** Text and raw-HTML runs outside code, headings included. */
  texts: TextRun[];
  /** Every heading in document order, also those inside list items and block quotes (which open no section). */
  headings: HeadingRef[];
  /** Links and link definitions with a URL, outside code, in document order. */
  links: LinkRef[];
  /** Plain text of a section's content (its own and, unless `ownOnly`, its subsections'), headings excluded. */
  textOf(section: Section, ownOnly?: boolean): string;
  /**
   * File point of `index` in a text `value` that starts at `start`. Text in
   * list items and blockquotes loses its indentation and markers on later
   * lines; the source line tells where each line's text really starts.
   */
  pointIn(value: string, start: Point, index: number): Point;
  /**
   * The section matching `matcher` below `within` (default: whole document)
   * that is nearest to it: a top-level heading before a subsection of the
   * same name, then document order.
   */
  findSection(matcher: SectionMatcher | string, within?: Section): Section | undefined;
  /** True when `section` is one of the document's top-level sections (a child of the root or of the title). */
  isTopLevel(section: Section): boolean;
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

interface CompiledMatcher {
  keys: Set<string>;
  pattern?: Pattern;
}

// Matchers are profile data, reused for every section of every file:
// normalise their names and compile their pattern once.
const compiledMatchers = new WeakMap<SectionMatcher, CompiledMatcher>();
const compiledNames = new Map<string, CompiledMatcher>();

function compileMatcher(matcher: SectionMatcher | string): CompiledMatcher {
  if (typeof matcher === 'string') {
    let hit = compiledNames.get(matcher);
    if (!hit) compiledNames.set(matcher, (hit = {keys: new Set([normalizeName(matcher)])}));
    return hit;
  }
  let hit = compiledMatchers.get(matcher);
  if (!hit) {
    let pattern: Pattern | undefined;
    try {
      pattern = matcher.pattern ? compilePattern(matcher.pattern, 'iu') : undefined;
    } catch {
      pattern = undefined; // Profiles are checked when loaded; a bad pattern simply matches nothing.
    }
    hit = {keys: new Set([matcher.name, ...(matcher.aliases ?? [])].map(normalizeName)), pattern};
    compiledMatchers.set(matcher, hit);
  }
  return hit;
}

export function matchesSection(matcher: SectionMatcher | string, section: Section): boolean {
  const {keys, pattern} = compileMatcher(matcher);
  return keys.has(section.key) || keys.has(section.baseKey) || (pattern ? pattern.test(section.title) : false);
}

const LINE_BREAK = /\r\n|\r|\n/;
const LINE_BREAKS = /\r\n|\r|\n/g;

export function buildSpecModel(tree: Root, source = ''): SpecModel {
  // Line endings as micromark counts them: CRLF, LF, and a lone CR.
  const lines = source.split(LINE_BREAK);
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
  // Document order: a nested heading is met while its top-level node is collected, between the sections' headings.
  const headings: HeadingRef[] = [];
  const links: LinkRef[] = [];
  const frontMatter: FrontMatter = {data: undefined};

  // Stack of open sections; the top is the one receiving content.
  const stack: Section[] = [root];

  // A later H1 nests like the title's subsections when those are H2s (an
  // author's slip, or an appendix), instead of swallowing every H2 after it.
  let titleSection: Section | undefined;
  for (const node of tree.children) {
    if (node.type === 'heading') {
      const depth = node.depth === 1 && titleSection?.children[0]?.depth === 2 ? 2 : node.depth;
      while (stack.length > 1 && stack[stack.length - 1]!.depth >= depth) {
        stack.pop()!.end = node.position!.start;
      }
      const parent = stack[stack.length - 1]!;
      const title = toString(node).trim();
      const section: Section = {
        title,
        key: normalizeName(title),
        baseKey: normalizeName(title.replace(/\s*\([^()]*\)\s*$/, '')),
        depth,
        heading: node,
        position: node.position!,
        end: endOfDoc,
        parent,
        children: [],
        nodes: [],
        index: sections.length,
      };
      if (sections.length === 0 && node.depth === 1) titleSection = section;
      headings.push({text: title, position: node.position!});
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
        case 'heading':
          // A heading in a list item or block quote: no section, but it has an anchor.
          if (node !== top && node.position) {
            headings.push({text: toString(node).trim(), position: node.position});
          }
          return undefined;
        case 'link':
        case 'definition':
          if (node.position) links.push({kind: node.type, url: node.url, position: node.position});
          return undefined;
        case 'listItem':
          if (typeof node.checked === 'boolean') {
            const text = toString(node.children[0] ?? node).trim();
            checklist.push({text, checked: node.checked, position: node.position!, section});
          }
          return undefined;
        case 'paragraph': {
          for (const field of readFields(node, parent?.type === 'listItem' ? (parent as ListItem) : undefined)) {
            fields.push({...field, section});
          }
          return undefined;
        }
        default:
          return undefined;
      }
    });
  }

  // A document whose sections are all H1s (`# Summary`, `# Motivation`) has no title heading.
  const title = titleSection && !sections.some((s) => s !== titleSection && s.depth === 1) ? titleSection : undefined;
  const isTopLevel = (s: Section) => s !== title && (s.parent === root || (title !== undefined && s.parent === title));

  function textOf(section: Section, ownOnly?: boolean): string {
    const parts = section.nodes.filter((n) => n.type !== 'html' && n.type !== 'yaml').map((n) => plainText(n));
    if (!ownOnly) for (const child of section.children) parts.push(textOf(child));
    return parts.join('\n');
  }

  function contains(outer: Section, inner: Section): boolean {
    for (let s: Section | undefined = inner; s; s = s.parent) if (s === outer) return true;
    return false;
  }

  // Items indexed by the section that holds them, so a query costs the size
  // of the subtree asked about, not of the whole document.
  function indexBySection<T extends {section: Section}>(items: T[]): Map<Section, T[]> {
    const index = new Map<Section, T[]>();
    for (const item of items) {
      const list = index.get(item.section);
      if (list) list.push(item);
      else index.set(item.section, [item]);
    }
    return index;
  }
  const byKind = {
    tables: indexBySection(tables),
    fields: indexBySection(fields),
    checklist: indexBySection(checklist),
    codeBlocks: indexBySection(codeBlocks),
  };

  function inScope<T>(index: Map<Section, T[]>, section: Section, ownOnly?: boolean): T[] {
    if (ownOnly) return index.get(section) ?? [];
    const out: T[] = [];
    const walk = (s: Section) => {
      const own = index.get(s);
      if (own) out.push(...own);
      for (const child of s.children) walk(child);
    };
    walk(section);
    return out;
  }

  function findSections(matcher: SectionMatcher | string, within: Section = root): Section[] {
    const out: Section[] = [];
    const walk = (s: Section) => {
      for (const child of s.children) {
        if (matchesSection(matcher, child)) out.push(child);
        walk(child);
      }
    };
    walk(within);
    return out;
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
    headings,
    links,
    textOf,
    pointIn(value, start, index) {
      const before = value.slice(0, index);
      let newlines = 0;
      let lineStartInValue = 0;
      for (const lineBreak of before.matchAll(LINE_BREAKS)) {
        newlines++;
        lineStartInValue = lineBreak.index + lineBreak[0].length;
      }
      const offsetInLine = index - lineStartInValue;
      if (newlines === 0) return {line: start.line, column: start.column + offsetInLine};
      const line = start.line + newlines;
      const sourceLine = lines[line - 1] ?? '';
      const valueLine = value.split(LINE_BREAK)[newlines] ?? '';
      let lineStart = valueLine ? sourceLine.indexOf(valueLine.slice(0, 24)) : -1;
      if (lineStart < 0) lineStart = sourceLine.length - sourceLine.trimStart().length;
      return {line, column: lineStart + 1 + offsetInLine};
    },
    findSection(matcher, within = root) {
      let best: Section | undefined;
      let bestRank = Infinity;
      for (const s of findSections(matcher, within)) {
        // Nesting below `within`, with the title's children counted as top level.
        let rank = 0;
        for (let p = s.parent; p && p !== within; p = p.parent) if (p !== title) rank++;
        if (rank < bestRank) [best, bestRank] = [s, rank];
      }
      return best;
    },
    findSections,
    isTopLevel,
    tablesIn: (section, ownOnly) => inScope(byKind.tables, section, ownOnly),
    fieldsIn: (section, ownOnly) => inScope(byKind.fields, section, ownOnly),
    checklistIn: (section, ownOnly) => inScope(byKind.checklist, section, ownOnly),
    codeIn: (section, ownOnly) => inScope(byKind.codeBlocks, section, ownOnly),
    contains,
  };
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
    // The parsers that check a block (JSON, YAML, DBML, mermaid) split lines on LF: give them LF,
    // whatever the file's line endings (a lone CR included); the line count is the same.
    value: node.value.replace(/\r\n?/g, '\n'),
    position: node.position!,
    section,
  };
}

/**
 * Fields are bold labels that end in a colon (`**Trigger:** value`) or are
 * followed by one (`**Trigger**: value`), at the start of a paragraph or of
 * a line inside it (labels on consecutive lines form one paragraph). When
 * the paragraph opens a list item, the rest of the item (a nested list of
 * steps, say) belongs to the last field's value.
 */
function readFields(node: Paragraph, item: ListItem | undefined): Array<Omit<Field, 'section'>> {
  const out: Array<Omit<Field, 'section'> & {valueParts: string[]}> = [];
  let current: (typeof out)[number] | undefined;
  let lineStart = true;
  for (const [i, child] of node.children.entries()) {
    const next = node.children[i + 1];
    const label = child.type === 'strong' && lineStart ? toString(child).trim() : undefined;
    let name: string | undefined;
    if (label?.endsWith(':')) name = label.slice(0, -1).trim();
    else if (label && next?.type === 'text' && /^\s*:/.test(next.value)) name = label;
    if (name && name.length <= 60) {
      current = {name, key: normalizeName(name), value: '', position: child.position!, valueParts: []};
      out.push(current);
      lineStart = false;
      continue;
    }
    const text = child.type === 'break' ? '\n' : toString(child);
    if (current) current.valueParts.push(text);
    lineStart = child.type === 'break' || (child.type === 'text' && /[\r\n]$/.test(child.value));
  }
  if (out.length && item && item.children[0] === node && item.children.length > 1) {
    out[out.length - 1]!.valueParts.push(' ' + item.children.slice(1).map((n) => plainText(n)).join(' '));
  }
  return out.map(({valueParts, ...field}) => ({...field, value: valueParts.join('').replace(/^\s*:/, '').trim()}));
}

/**
 * Plain text of a node with block boundaries kept: list items, paragraphs
 * and table rows end in a newline and cells are separated by ` | `, so
 * "50ms" in one item and "Throughput" in the next stay two words
 * (mdast-util-to-string would join them).
 */
export function plainText(node: Node): string {
  if ('value' in node && typeof node.value === 'string') return node.type === 'html' ? '' : node.value;
  if (!('children' in node) || !Array.isArray(node.children)) return '';
  const children = node.children as Node[];
  switch (node.type) {
    case 'tableRow':
      return children.map(plainText).join(' | ') + '\n';
    case 'paragraph':
    case 'heading':
    case 'tableCell':
      return children.map(plainText).join('') + (node.type === 'tableCell' ? '' : '\n');
    default:
      return children.map(plainText).join(node.type === 'list' || node.type === 'listItem' || node.type === 'table' || node.type === 'blockquote' || node.type === 'root' ? '\n' : '');
  }
}

function readFrontMatter(node: Yaml, out: FrontMatter): void {
  out.position = node.position;
  // yaml counts lines inside the block; the block starts one line below the opening ---.
  const place = (p: YamlProblem): Point | undefined =>
    p.line !== undefined && node.position ? {line: node.position.start.line + p.line, column: p.column ?? 1} : undefined;
  try {
    // Quietly: the library would print warnings, with the document's line, on stderr.
    // yaml knows LF and CRLF, not a lone CR: give it LF (the same lines).
    const {data, warnings} = parseYamlQuietly(node.value.replace(/\r\n?/g, '\n'));
    out.data = data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
    if (warnings.length) out.warnings = warnings.map((w) => ({message: w.message, at: place(w)}));
  } catch (error) {
    if (!(error instanceof YamlError)) throw error;
    out.error = error.problem.message;
    const at = place(error.problem);
    if (at) out.errorAt = at;
  }
}

/**
 * Whether a section says anything: content other than comments (template
 * guidance), rules and front matter, in it or in a subsection.
 */
export function sectionHasContent(section: Section): boolean {
  const own = section.nodes.some(
    (n) => !(n.type === 'html' && blankComments(n.value).trim() === '') && n.type !== 'thematicBreak' && n.type !== 'yaml',
  );
  return own || section.children.some(sectionHasContent);
}
