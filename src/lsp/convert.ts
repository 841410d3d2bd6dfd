/**
 * speclint's findings and fixes in the Language Server Protocol's terms.
 *
 * Positions: a LintMessage has 1-based lines and columns, columns counted
 * in UTF-16 code units (micromark's, and the protocol's default encoding),
 * in the text without its BOM; an LSP position is 0-based. A fix's range is
 * offsets into that BOM-less text. `bom` is 1 when the editor's text still
 * starts with U+FEFF (most editors drop it), so everything on line 1 moves
 * one unit right.
 */
import type {TextDocument} from 'vscode-languageserver-textdocument';
import type {LintMessage} from '../engine/lint.js';
import type {MessageFix} from '../engine/edits.js';
import type {Diagnostic, TextEdit} from './vendor.js';

export const SOURCE = 'speclint';

/** LSP DiagnosticSeverity: Error 1, Warning 2, Information 3. */
const ERROR = 1;
const WARNING = 2;

export interface Position {
  line: number;
  character: number;
}

/** The text of a 0-based line, without its line ending. */
function lineText(doc: TextDocument, line: number): string {
  return doc.getText({start: {line, character: 0}, end: {line: line + 1, character: 0}}).replace(/\r?\n$/, '');
}

/** A 1-based line and column as an LSP position, kept inside the document. */
export function toPosition(doc: TextDocument, line: number, column: number, bom = 0): Position {
  const at = Math.min(Math.max(line - 1, 0), Math.max(doc.lineCount - 1, 0));
  const character = Math.max(column - 1, 0) + (at === 0 ? bom : 0);
  return {line: at, character: Math.min(character, lineText(doc, at).length)};
}

/**
 * Where a finding without an end position ends: at the end of the word it
 * starts on, else (it starts on a blank, or at the end of the line) at the
 * end of its line.
 */
function wordOrLineEnd(doc: TextDocument, start: Position): Position {
  const text = lineText(doc, start.line);
  const word = /^\S+/.exec(text.slice(start.character));
  return {line: start.line, character: word ? start.character + word[0].length : text.length};
}

/** One finding as a diagnostic: rule id as `code`, its docs as `codeDescription`, the hint after the message. */
export function toDiagnostic(m: LintMessage, doc: TextDocument, bom = 0): Diagnostic {
  const start = toPosition(doc, m.line, m.column, bom);
  let end = m.endLine !== undefined && m.endColumn !== undefined ? toPosition(doc, m.endLine, m.endColumn, bom) : wordOrLineEnd(doc, start);
  if (end.line < start.line || (end.line === start.line && end.character < start.character)) end = start;
  return {
    range: {start, end},
    severity: m.severity === 2 ? ERROR : WARNING,
    source: SOURCE,
    ...(m.ruleId ? {code: m.ruleId} : {}),
    ...(m.url ? {codeDescription: {href: m.url}} : {}),
    message: m.hint ? `${m.message}\nhint: ${m.hint}` : m.message,
  };
}

/** A diagnostic for the whole file that is not a finding (the config is invalid, linting failed). */
export function fileDiagnostic(code: string, message: string, severity: 'error' | 'warning' = 'error'): Diagnostic {
  return {
    range: {start: {line: 0, character: 0}, end: {line: 0, character: 0}},
    severity: severity === 'error' ? ERROR : WARNING,
    source: SOURCE,
    code,
    message,
  };
}

/** A finding's fix (offsets into the BOM-less text) as a text edit of the document. */
export function fixToTextEdit(fix: MessageFix, doc: TextDocument, bom = 0): TextEdit {
  return {range: {start: doc.positionAt(fix.range[0] + bom), end: doc.positionAt(fix.range[1] + bom)}, newText: fix.text};
}

interface Change {
  value: string;
  added?: boolean;
  removed?: boolean;
}

/**
 * The edits that turn `before` into `after` (both BOM-less, `before` the
 * document's text), line by line: an inserted line is an insertion, a
 * changed line (a table row that gained a cell) is replaced. `changes` is
 * jsdiff's `diffLines(before, after)`. The edits never overlap and are in
 * document order, as a WorkspaceEdit needs.
 */
export function editsBetween(changes: Change[], doc: TextDocument, bom = 0): TextEdit[] {
  const edits: TextEdit[] = [];
  let offset = 0;
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i]!;
    if (!change.added && !change.removed) {
      offset += change.value.length;
      continue;
    }
    // A replacement is a removal and an insertion side by side, in either order.
    const next = changes[i + 1];
    const pair = next && (change.added ? next.removed : next.added) ? next : undefined;
    if (pair) i++;
    const removed = change.removed ? change.value : pair?.removed ? pair.value : '';
    const added = change.added ? change.value : pair?.added ? pair.value : '';
    edits.push({
      range: {start: doc.positionAt(offset + bom), end: doc.positionAt(offset + removed.length + bom)},
      newText: added,
    });
    offset += removed.length;
  }
  return edits;
}
