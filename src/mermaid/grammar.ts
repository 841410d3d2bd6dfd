/**
 * The mermaid syntax check at the grammar level: mermaid's own parsers
 * (src/mermaid/grammars.ts, generated from the installed mermaid at build
 * time), fed the text `mermaid.parse` would feed them, with a `yy` whose
 * database methods do nothing. `mermaid.parse` spends most of its time in
 * those databases (about 90% in deep copies of its configuration, which
 * they ask for per node), not in the grammars: this check costs about a
 * fifteenth of it and, with only the parsers loaded, starts much sooner.
 *
 * What the grammar cannot decide is left to `mermaid.parse`
 * (src/mermaid/parse.ts) by answering `{kind: 'mermaid'}`:
 * - front matter and `%%{...}%%` directives (they configure the diagram),
 * - diagram kinds without a grammar here (the rarer ones, and langium's),
 * - errors that are not the grammar's (an exception in a lexer action),
 * - what only a database rejects, where the grammar shows it can happen:
 *   in a sequence diagram a deactivation (`deactivate X`, `-` after an
 *   arrow), `create`/`destroy`, a participant's `@{...}` metadata; in a
 *   flowchart a node's or edge's `@{...}` metadata (YAML, shape names),
 *   `linkStyle` (index bounds) and 500 or more edges (mermaid's limit).
 * test/mermaid-agreement.test.ts holds that the verdict, line and reason
 * are those of `mermaid.parse` over the fixtures, examples and hundreds of
 * mutants of them.
 */
import type {JisonParser, MermaidGrammars} from './grammars.js';

export type GrammarVerdict =
  | {kind: 'ok'}
  /** The parser's error, as mermaid.parse would throw it. */
  | {kind: 'error'; error: unknown}
  /** Only mermaid.parse can tell: why not; `parsed` when the grammar accepted the text (a database check is left). */
  | {kind: 'mermaid'; why: string; parsed?: boolean};

/** What a parse found that needs mermaid's database to decide. */
export interface ParseState {
  needsDb: boolean;
  /** flowchart: the lexer's `firstGraph()`, true once per parse. */
  firstGraph: boolean;
  /** flowchart: edges added so far. */
  edges: number;
}

/** mermaid's flowchart database throws at its `maxEdges` (default 500) edges. */
const FLOWCHART_MAX_EDGES = 500;

const flowchart = (s: ParseState): Record<string, unknown> => ({
  lex: {
    firstGraph: () => {
      const first = s.firstGraph;
      s.firstGraph = false;
      return first;
    },
  },
  // Its result only goes on to addLink, a no-op here.
  destructLink: () => ({}),
  // (id, textObj, type, style, classes, dir, props, metadata): metadata is `@{...}`, YAML the database parses.
  addVertex: (...args: unknown[]) => {
    if (args[7] !== undefined) s.needsDb = true;
  },
  addLink: (start: unknown, end: unknown) => {
    s.edges += (Array.isArray(start) ? start.length : 1) * (Array.isArray(end) ? end.length : 1);
    if (s.edges >= FLOWCHART_MAX_EDGES) s.needsDb = true;
  },
  updateLink: () => {
    s.needsDb = true;
  },
  updateLinkInterpolate: () => {
    s.needsDb = true;
  },
});

/** Sequence statements the database can reject (the grammar hands them all to `yy.apply`). */
const SEQUENCE_DB_CHECKED = new Set(['activeEnd', 'createParticipant', 'destroyParticipant']);

function sequenceNeedsDb(param: unknown): boolean {
  if (Array.isArray(param)) return param.some(sequenceNeedsDb);
  if (!param || typeof param !== 'object') return false;
  const {type, config} = param as {type?: unknown; config?: unknown};
  return SEQUENCE_DB_CHECKED.has(type as string) || (type === 'addParticipant' && config !== undefined);
}

const sequence = (s: ParseState): Record<string, unknown> => ({
  apply: (param: unknown) => {
    if (sequenceNeedsDb(param)) s.needsDb = true;
  },
});

/**
 * By diagram id: the `yy` members the check gives behaviour; every other
 * database method the grammar calls is a no-op. scripts/build-vendor.mjs
 * fails the build when a name here is no longer one the grammar reads.
 */
export const YY_OVERRIDES: Record<string, (s: ParseState) => Record<string, unknown>> = {
  'flowchart-v2': flowchart,
  flowchart,
  sequence,
};

/** mermaid's cleanupText (src/preprocess.ts). */
function cleanupText(code: string): string {
  return code
    .replace(/\r\n?/g, '\n')
    .replace(/<(\w+)([^>]*)>/g, (_match, tag: string, attributes: string) => '<' + tag + attributes.replace(/="([^"]*)"/g, "='$1'") + '>');
}

/** mermaid's cleanupComments (src/diagram-api/comments.ts). */
function cleanupComments(text: string): string {
  return text.replace(/^\s*%%(?!{)[^\n]+\n?/gm, '').trimStart();
}

/** mermaid's detectType (src/diagram-api/detectType.ts): the id of the first detector that claims the text. */
function detectType(text: string, g: MermaidGrammars): {id: string; loadable: boolean} | undefined {
  const stripped = text.replace(g.frontMatterRegex, '').replace(g.directiveRegex, '').replace(g.anyCommentRegex, '\n');
  // One copy per call, as mermaid passes one fresh getConfig() to all its detectors (the elk one sets `layout` on it).
  const config = {...g.config};
  for (const [id, detector, loadable] of g.detectors) {
    if (detector(stripped, config)) return {id, loadable};
  }
  return undefined;
}

interface Loaded {
  parser: JisonParser;
  yy: Record<string, unknown>;
  state: ParseState;
}

const loaded = new Map<string, Promise<Loaded>>();

function load(id: string, g: MermaidGrammars): Promise<Loaded> {
  let entry = loaded.get(id);
  if (!entry) {
    const grammar = g.grammars[id]!;
    entry = grammar.load().then((parser) => {
      const state: ParseState = {needsDb: false, firstGraph: true, edges: 0};
      const yy: Record<string, unknown> = {...grammar.data};
      for (const name of grammar.functions) yy[name] = () => undefined;
      Object.assign(yy, YY_OVERRIDES[id]?.(state));
      return {parser, yy, state};
    });
    loaded.set(id, entry);
  }
  return entry;
}

/** A jison parse or lexical error (its `parseError` throws them with a `hash`). */
function isGrammarError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'hash' in error;
}

/** The grammar's verdict on a diagram, as mermaid.parse(text) would give it, or `mermaid` when only mermaid.parse can tell. */
export async function grammarCheck(text: string, g: MermaidGrammars): Promise<GrammarVerdict> {
  // mermaid.parse preprocesses the text twice (processAndSetConfigs, then getDiagramFromText): so here.
  let code = text;
  for (let pass = 0; pass < 2; pass++) {
    code = cleanupText(code);
    if (g.frontMatterRegex.test(code)) return {kind: 'mermaid', why: 'front matter'};
    if (code.includes('%%{')) return {kind: 'mermaid', why: 'directive'};
    code = cleanupComments(code);
  }
  const type = detectType(code, g);
  if (!type || !type.loadable) return {kind: 'mermaid', why: 'no diagram type mermaid loads'};
  if (!g.grammars[type.id]) return {kind: 'mermaid', why: `no grammar for ${type.id}`};
  const {parser, yy, state} = await load(type.id, g);
  state.needsDb = false;
  state.firstGraph = true;
  state.edges = 0;
  parser.parser.yy = yy;
  try {
    await parser.parse(g.encodeEntities(code) + '\n');
  } catch (error) {
    if (!isGrammarError(error)) return {kind: 'mermaid', why: 'not a grammar error'};
    // A database check met before the grammar's error would have thrown
    // first in mermaid.parse (a bad shape name ahead of a broken edge).
    if (state.needsDb) return {kind: 'mermaid', why: 'database check before a grammar error'};
    return {kind: 'error', error};
  }
  return state.needsDb ? {kind: 'mermaid', why: 'database check', parsed: true} : {kind: 'ok'};
}
