/**
 * mermaid's own parsers, without mermaid: `npm run build` replaces the
 * compiled form of this module with one that scripts/build-vendor.mjs
 * generates from the installed mermaid (see `MermaidGrammars`). Each
 * grammar is split into its own chunk, loaded the first time a diagram of
 * its kind is checked, without its renderer or database.
 *
 * This source form exports no grammars: run from the TypeScript sources, or
 * when the build step has not run, every diagram is checked by
 * `mermaid.parse` itself (src/mermaid/parse.ts), only slower.
 */

/** A jison parser as mermaid's diagrams export it (the flowchart one wraps `parse`). */
export interface JisonParser {
  parse(text: string): unknown;
  parser: {yy: Record<string, unknown>};
}

export interface MermaidGrammar {
  /** The grammar's chunk: the parser mermaid's diagram definition uses, byte for byte. */
  load(): Promise<JisonParser>;
  /** Names the grammar reads from `yy` that are methods of the diagram's database. */
  functions: string[];
  /** Names the grammar reads from `yy` that are data of the database (enums, counters), with their values. */
  data: Record<string, unknown>;
}

export interface MermaidGrammars {
  /** The mermaid version these were taken from. */
  version: string;
  /** mermaid's site configuration after speclint's `initialize` (its detectors read it). */
  config: Record<string, unknown>;
  frontMatterRegex: RegExp;
  directiveRegex: RegExp;
  anyCommentRegex: RegExp;
  /** mermaid's diagram detectors in registration order, and whether mermaid has a loader for each. */
  detectors: Array<[id: string, detector: (text: string, config: Record<string, unknown>) => boolean, loadable: boolean]>;
  /** mermaid's `encodeEntities`, which `Diagram.fromText` applies before parsing. */
  encodeEntities(text: string): string;
  /** By diagram id (mermaid's detector id): the grammars checked without mermaid. */
  grammars: Record<string, MermaidGrammar>;
}

export const grammars: MermaidGrammars | undefined = undefined;
