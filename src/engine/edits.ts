/**
 * Building and merging `--fix` edits. Every edit is an insertion into the
 * file text as the rules see it (BOM removed, line endings as in the file):
 * `--fix` adds what the template asks for and never deletes user text.
 * Inserted text is written with "\n"; `toMessageFix` turns it into the
 * file's own line ending. Lines end in LF, CRLF or a lone CR, as the parser
 * counts them.
 */
import type {List, ListItem, RootContent} from 'mdast';
import type {Point} from 'unist';
import type {Field, Section, SpecTable} from './model.js';
import type {TextEdit} from './rule.js';

/** ESLint's fix shape: replace `range` (offsets into the BOM-less text) with `text`. */
export interface MessageFix {
  range: [number, number];
  text: string;
}

/** A line ending: CommonMark's three (LF, CRLF and a lone CR). */
export type Eol = '\n' | '\r\n' | '\r';

/** The line ending most lines of the text use (`\n` for a text without line breaks; ties go to LF, then CRLF). */
export function dominantEol(text: string): Eol {
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) lf++;
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) {
        crlf++;
        i++;
      } else cr++;
    }
  }
  if (lf >= crlf && lf >= cr) return '\n';
  return crlf >= cr ? '\r\n' : '\r';
}

/** True when `i` is the last character of a line ending: an LF, or a CR not followed by an LF. */
function endsEol(source: string, i: number): boolean {
  const c = source.charCodeAt(i);
  return c === 10 || (c === 13 && source.charCodeAt(i + 1) !== 10);
}

/**
 * One message's edits as a single ESLint fix: the span from the first to the
 * last insertion, rewritten with the insertions in place (in the file's line
 * ending). Edits at the same offset keep their order.
 */
export function toMessageFix(source: string, edits: TextEdit[], eol: Eol): MessageFix | undefined {
  if (edits.length === 0) return undefined;
  const sorted = edits.map((e, i) => ({e, i})).sort((a, b) => a.e.offset - b.e.offset || a.i - b.i);
  const start = sorted[0]!.e.offset;
  const end = sorted[sorted.length - 1]!.e.offset;
  let text = '';
  let at = start;
  for (const {e} of sorted) {
    text += source.slice(at, e.offset) + (eol === '\n' ? e.text : e.text.replace(/\n/g, eol));
    at = e.offset;
  }
  text += source.slice(at, end);
  return {range: [start, end], text};
}

/** Offset of a point in `source` (points from the parser carry it; computed from line and column otherwise). */
export function offsetOf(source: string, point: Point): number {
  if (typeof point.offset === 'number') return point.offset;
  let at = 0;
  for (let line = 1; line < point.line; line++) {
    if (at >= source.length) return source.length;
    at = nextLineStart(source, at);
  }
  return Math.min(at + point.column - 1, source.length);
}

// Lines end in LF, CRLF or a lone CR (CommonMark's line endings, as the parser counts lines).

/** Start of the line holding `offset` (a line's ending belongs to it). */
export function lineStart(source: string, offset: number): number {
  for (let i = Math.min(offset, source.length) - 1; i >= 0; i--) if (endsEol(source, i)) return i + 1;
  return 0;
}

/** End of the line holding `offset`, before its line ending. */
export function lineEnd(source: string, offset: number): number {
  for (let i = offset; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return source.length;
}

/** Start of the line after the one holding `offset` (the end of the text on the last line). */
function nextLineStart(source: string, offset: number): number {
  for (let i = offset; i < source.length; i++) if (endsEol(source, i)) return i + 1;
  return source.length;
}

/**
 * Insert a block (lines without surrounding blank lines) at a line start or
 * at the end of the text, with a blank line on each side where there is
 * none, so it neither joins the paragraph before it nor the one after.
 */
export function insertBlock(source: string, offset: number, block: string): TextEdit {
  let prefix = '';
  if (offset > 0) {
    const before = source.slice(lineStart(source, offset - 1), offset);
    if (!/[\r\n]$/.test(before)) prefix = '\n\n';
    else if (before.trim() !== '') prefix = '\n';
  }
  let suffix = '\n';
  if (offset < source.length) {
    const after = source.slice(offset, nextLineStart(source, offset));
    if (after.trim() !== '') suffix = '\n\n';
  }
  return {offset, text: prefix + block + suffix};
}

/** HTML comment text that cannot close the comment early. */
export function commentText(text: string): string {
  return text.replace(/--+>?/g, '-').replace(/\s+/g, ' ').trim();
}

/** Where a section (its subtree) ends: the start of the line of the heading that closes it, or the end of the text. */
function sectionEnd(source: string, section: Section): number {
  const at = offsetOf(source, section.end);
  return at >= source.length ? source.length : lineStart(source, at);
}

/** Where a section's own content ends: at its first subsection heading, else where the section ends. */
export function ownContentEnd(source: string, section: Section): number {
  const child = section.children[0]?.heading?.position?.start;
  return child ? lineStart(source, offsetOf(source, child)) : sectionEnd(source, section);
}

/**
 * The edit inserting a missing section heading (with a placeholder comment
 * under it): after the previous sibling's subtree, else before the next
 * sibling, else at the end of the parent, else at the end of the document.
 * The heading takes the depth of the sibling it is placed by, so it nests
 * where the template puts it. Undefined when no depth can keep it under
 * its parent (a parent at depth 6).
 */
export function sectionInsertion(
  source: string,
  place: {previous?: Section; next?: Section; parent?: Section; depth: number},
  name: string,
  comment: string,
): TextEdit | undefined {
  const {previous, next, parent} = place;
  let offset: number;
  let depth: number;
  if (previous) {
    offset = sectionEnd(source, previous);
    depth = previous.depth;
  } else if (next?.heading?.position) {
    offset = lineStart(source, offsetOf(source, next.heading.position.start));
    depth = next.depth;
  } else if (parent) {
    if (parent.depth >= 6) return undefined;
    offset = sectionEnd(source, parent);
    depth = parent.depth + 1;
  } else {
    offset = source.length;
    depth = place.depth;
  }
  depth = Math.min(Math.max(depth, 1), 6);
  return insertBlock(source, offset, `${'#'.repeat(depth)} ${name}\n\n<!-- TODO: ${commentText(comment)} -->`);
}

/** True when a table row line (trailing blanks removed) ends with an unescaped pipe. */
function endsWithPipe(row: string): boolean {
  if (!row.endsWith('|')) return false;
  let slashes = 0;
  for (let i = row.length - 2; i >= 0 && row[i] === '\\'; i--) slashes++;
  return slashes % 2 === 0;
}

/** Offset just after the last non-blank character of the text from `start` to `end`. */
function trimmedEnd(source: string, start: number, end: number): number {
  let at = end;
  while (at > start && /[ \t\r]/.test(source[at - 1]!)) at--;
  return at;
}

/** Append cells (`''` for an empty one) to the table row written from `start` to `end`. */
function appendCells(source: string, start: number, end: number, cells: string[]): TextEdit {
  const at = trimmedEnd(source, start, end);
  // A row's last cell is closed by a pipe at its end, unless that pipe is the row's leading one (a row of just `|`).
  const row = source.slice(start, at).replace(/^[ \t>]*/, '');
  const closed = row.length > 1 && endsWithPipe(row);
  // A pipe in a column name would split the cell: escape it.
  return {offset: at, text: (closed ? '' : ' |') + cells.map((c) => (c ? ` ${c.replace(/\|/g, '\\|')} |` : ' |')).join('')};
}

/**
 * Edits adding columns at the end of a table: the names to the header row,
 * `---` to the delimiter row, an empty cell to every body row.
 */
export function tableColumnsInsertion(source: string, table: SpecTable, names: string[]): TextEdit[] {
  const [head, ...body] = table.node.children;
  if (!head?.position || names.length === 0) return [];
  const headStart = offsetOf(source, head.position.start);
  const headEnd = offsetOf(source, head.position.end);
  const edits = [appendCells(source, headStart, headEnd, names)];
  // The delimiter row is no node: it is the line after the header row.
  const delimiterStart = nextLineStart(source, headEnd);
  edits.push(appendCells(source, delimiterStart, lineEnd(source, delimiterStart), names.map(() => '---')));
  for (const row of body) {
    if (!row.position) continue;
    edits.push(appendCells(source, offsetOf(source, row.position.start), offsetOf(source, row.position.end), names.map(() => '')));
  }
  return edits;
}

/** The edit adding `count` empty cells at the end of a table row. */
export function rowPadding(source: string, row: {start: Point; end: Point}, count: number): TextEdit {
  return appendCells(source, offsetOf(source, row.start), offsetOf(source, row.end), Array.from({length: count}, () => ''));
}

/**
 * What starts a list item's first line up to its content: the line's own
 * prefix (indentation, `> `) and the item's marker (`- `, `3. `; with
 * `next`, an ordered marker takes the next number).
 */
function itemPrefix(source: string, itemStart: number, next: boolean): string {
  const lead = source.slice(lineStart(source, itemStart), itemStart);
  const marker = /^(?:[-*+]|(\d{1,9})([.)]))[ \t]+/.exec(source.slice(itemStart, lineEnd(source, itemStart)));
  if (!marker) return `${lead}- `;
  if (!marker[1] || !next) return lead + marker[0];
  return `${lead}${Number(marker[1]) + 1}${marker[0].slice(marker[1].length)}`;
}

/**
 * The edit adding a list item after an existing one (after its last line,
 * nested content included), written with the same indentation and marker.
 */
export function itemAfter(source: string, item: {start: Point; end: Point}, content: string): TextEdit {
  const start = offsetOf(source, item.start);
  const end = lineEnd(source, offsetOf(source, item.end));
  return {offset: end, text: `\n${itemPrefix(source, start, true)}${content}`};
}

/** The edit adding a list item before an existing one, with the same indentation and marker. */
export function itemBefore(source: string, item: {start: Point}, content: string): TextEdit {
  const start = offsetOf(source, item.start);
  return {offset: lineStart(source, start), text: `${itemPrefix(source, start, false)}${content}\n`};
}

/** The list item (deepest) of a section's own content whose first paragraph holds `offset`. */
export function listItemAt(nodes: RootContent[], offset: number): ListItem | undefined {
  let found: ListItem | undefined;
  const within = (n: {position?: {start: Point; end: Point}}) =>
    n.position !== undefined && (n.position.start.offset ?? -1) <= offset && offset < (n.position.end.offset ?? -1);
  const walk = (list: List) => {
    for (const item of list.children) {
      if (!within(item)) continue;
      const first = item.children[0];
      if (first?.type === 'paragraph' && within(first)) found = item;
      for (const child of item.children) if (child.type === 'list') walk(child);
    }
  };
  for (const node of nodes) {
    if (!within(node)) continue;
    if (node.type === 'list') walk(node);
    else if (node.type === 'blockquote') {
      for (const child of node.children) if (child.type === 'list') walk(child);
    }
  }
  return found;
}

/**
 * The edit adding a missing `**Field:**` label to a section: as a list item
 * beside the field before it in the profile's order (or before the field
 * after it) when that field is a list item, else as a paragraph at the end
 * of the section's own text.
 */
export function fieldInsertion(
  source: string,
  owner: Section,
  neighbours: {previous?: Field; next?: Field},
  label: string,
): TextEdit {
  const {previous, next} = neighbours;
  const itemOf = (field: Field) => listItemAt(field.section.nodes, offsetOf(source, field.position.start))?.position;
  const before = previous ? itemOf(previous) : undefined;
  if (before) return itemAfter(source, before, label);
  const after = !previous && next ? itemOf(next) : undefined;
  if (after) return itemBefore(source, after, label);
  return insertBlock(source, ownContentEnd(source, owner), label);
}
