/**
 * Mermaid syntax check with mermaid's own parsers, in plain Node (no
 * browser). First at the grammar level (mermaid-grammar.ts: the parser of
 * the diagram's kind alone, without mermaid), then, for what only mermaid
 * can decide, `mermaid.parse` itself (mermaid-load.ts). Both are loaded
 * lazily: only a spec with a mermaid block pays for either, and mermaid
 * only when a diagram needs it.
 */
import {createHash} from 'node:crypto';
import {mermaidParseInput} from './kinds.js';
import type {Mermaid} from './load.js';
import type {MermaidGrammars} from './grammars.js';

let loading: Promise<Mermaid> | undefined;
let grammarsLoading: Promise<MermaidGrammars | undefined> | undefined;

/** mermaid.parse: resolves when the diagram parses, else throws mermaid's error. */
async function mermaidParse(text: string): Promise<void> {
  loading ??= import('./load.js').then(({loadMermaid}) => loadMermaid());
  await (await loading).parse(text);
}

/**
 * What mermaid.parse(text) would do, grammar first. Exported for the
 * agreement test; `how` says which check decided.
 */
export async function parseLikeMermaid(text: string): Promise<{how: 'grammar' | 'mermaid'; ok: boolean; error?: unknown}> {
  grammarsLoading ??= import('./grammars.js').then(({grammars}) => grammars);
  const grammars = await grammarsLoading;
  let parsed = false;
  if (grammars) {
    const {grammarCheck} = await import('./grammar.js');
    const verdict = await grammarCheck(text, grammars);
    if (verdict.kind === 'ok') return {how: 'grammar', ok: true};
    if (verdict.kind === 'error') return {how: 'grammar', ok: false, error: verdict.error};
    parsed = verdict.parsed === true;
  }
  try {
    await mermaidParse(text);
    return {how: 'mermaid', ok: true};
  } catch (error) {
    // In Node, a sequence database that reaches for the browser (`box` colours
    // through window.CSS, `details` through document) throws where a browser
    // parses: the grammar's verdict stands.
    if (parsed && error instanceof ReferenceError && NODE_ONLY.test(error.message)) return {how: 'grammar', ok: true};
    return {how: 'mermaid', ok: false, error};
  }
}

const NODE_ONLY = /^(window|document) is not defined$/;

export interface MermaidSyntaxError {
  /** 1-based line inside the block. */
  line: number;
  /** 1-based column inside that line, when the parser gives one. */
  column?: number;
  /** The parser's reason, one line. */
  reason: string;
}

/** Shorten a jison "Expecting 'A', 'B', ... got 'X'" list to its first few tokens. */
function shortenExpecting(reason: string): string {
  const m = /^Expecting (.*), got (.*)$/.exec(reason);
  if (!m) return reason;
  const tokens = m[1]!.split(/,\s*/);
  const shown = tokens.length > 6 ? `${tokens.slice(0, 6).join(', ')}, ...` : tokens.join(', ');
  // jison names the end of input by its token number, 1.
  return `expecting ${shown}; got ${m[2] === "'1'" ? 'the end of the diagram' : m[2]}`;
}

interface ParserError {
  message?: string;
  hash?: {loc?: {first_line: number; last_line: number; first_column: number; last_column: number}};
}

/** Read the line, column and reason out of a jison or langium parse error. */
export function describeMermaidError(error: unknown): {line?: number; column?: number; reason: string} {
  const {message = String(error), hash} = (error ?? {}) as ParserError;
  // langium (pie, gitGraph, packet, architecture, radar, info):
  // "Parsing failed: Lexer error on line 3, column 9: unexpected character: ..."
  const langium = /(?:Lexer|Parse) error on line (\d+), column (\d+): ([^\n]*?)(?:\s+at offset: \d+.*)?$/m.exec(message);
  if (langium) return {line: Number(langium[1]), column: Number(langium[2]), reason: langium[3]!.replace(/\.$/, '')};
  // jison (flowchart, sequence, state, class, er, gantt ...):
  // "Parse error on line 2:\n<context>\n---^\nExpecting 'TXT', got 'NEWLINE'"
  const jison = /Parse error on line (\d+):/.exec(message);
  if (jison) {
    const last = message.trim().split('\n').at(-1) ?? '';
    const loc = hash?.loc;
    const column = loc && loc.first_line === loc.last_line ? loc.first_column + 1 : undefined;
    return {line: Number(jison[1]), ...(column ? {column} : {}), reason: shortenExpecting(last.trim())};
  }
  // Lexical errors and others: "Lexical error on line 3. Unrecognized text."
  const other = /on line (\d+)/.exec(message);
  return {...(other ? {line: Number(other[1])} : {}), reason: message.split('\n')[0]!.trim()};
}

/**
 * Results by a hash of the block text, most recent last. The grammar-level
 * check costs about 0.4 ms a diagram, and a diagram it leaves to
 * mermaid.parse about 5 ms (most of it mermaid deep-copying its
 * configuration); the language server re-lints a spec on every pause in
 * typing, and an edit almost never touches every diagram. The result depends on the text alone. Keyed by
 * hash, not by the text: a block's text is a slice of its document, and V8
 * would keep each whole document alive with it. Bounded, so a run over
 * thousands of files holds at most this many.
 */
const parsed = new Map<string, MermaidSyntaxError | undefined>();
const PARSED_MAX = 256;

/** The first syntax error of a mermaid block, or undefined when it parses. */
export async function mermaidSyntaxError(source: string): Promise<MermaidSyntaxError | undefined> {
  const key = createHash('sha256').update(source).digest('base64');
  if (parsed.has(key)) {
    const hit = parsed.get(key);
    parsed.delete(key);
    parsed.set(key, hit);
    return hit && {...hit};
  }
  const result = await parseBlock(source);
  parsed.set(key, result);
  if (parsed.size > PARSED_MAX) parsed.delete(parsed.keys().next().value!);
  return result && {...result};
}

async function parseBlock(source: string): Promise<MermaidSyntaxError | undefined> {
  const {text, lines} = mermaidParseInput(source);
  if (!text.trim()) return undefined;
  const {ok, error} = await parseLikeMermaid(text);
  if (ok) return undefined;
  const {line, column, reason} = describeMermaidError(error);
  const blockLine = line === undefined ? lines[0]! : (lines[Math.min(line, lines.length) - 1] ?? lines[0]!);
  return {line: blockLine, ...(column ? {column} : {}), reason};
}
