import {createRequire} from 'node:module';
import {excerpt} from '../src/lib/text.js';
import {defineRule, fileState} from '../src/engine/rule.js';
import {checkDeadline, excuse} from '../src/engine/budget.js';
import type {CodeBlock} from '../src/engine/model.js';
import {mermaidKind} from '../src/mermaid/kinds.js';
import type {MermaidSyntaxError} from '../src/mermaid/parse.js';

interface Options {
  /** Languages to check; the others are left alone. */
  languages: Array<'json' | 'yaml' | 'dbml' | 'mermaid'>;
  /** Parse mermaid blocks with mermaid's own parsers (src/mermaid/parse.ts); false checks only the diagram type. */
  mermaidSyntax: boolean;
}

const require = createRequire(import.meta.url);

interface DbmlParse {
  MemoryProjectLayout: new () => {setSource(entry: unknown, source: string): void};
  Compiler: new (layout: unknown) => {parse: {errors(entry: unknown): Array<{diagnostic: string; nodeOrToken: {startPos: {line: number}}}>}};
  DEFAULT_ENTRY: unknown;
}
let dbml: DbmlParse | undefined;

/** Diagram types whose parser this process has loaded (a first diagram of a type pays for loading it). */
const loadedKinds = new Set<string>();

/**
 * DBML errors from @dbml/parse, the parser @dbml/core's dbmlv2 mode uses
 * (loaded only when a spec has a dbml block). Lines are 1-based in the block.
 */
function dbmlErrors(source: string): Array<{message: string; line: number}> {
  dbml ??= require('@dbml/parse') as DbmlParse;
  const layout = new dbml.MemoryProjectLayout();
  layout.setSource(dbml.DEFAULT_ENTRY, source);
  return new dbml.Compiler(layout).parse
    .errors(dbml.DEFAULT_ENTRY)
    .map((e) => ({message: e.diagnostic, line: e.nodeOrToken.startPos.line + 1}));
}

/**
 * V8's JSON.parse errors: "... in JSON at position N" gives the offset;
 * "Unexpected token 'C', ...context..." gives only a snippet around the
 * token, which is found in the source to recover the offset.
 */
export function jsonError(message: string, source: string): {reason: string; offset: number | undefined} {
  const at = /^(.*?) in JSON at position (\d+)/s.exec(message);
  if (at) return {reason: at[1]!, offset: Number(at[2])};
  // V8 writes the snippet as `, ..."<context>"... is not valid JSON` (ellipses when cut).
  const token = /^(Unexpected token '(.)'), (?:\.\.\.)?"([\s\S]*?)"(?:\.\.\.)? is not valid JSON$/.exec(message);
  if (token) {
    const snippet = token[3]!;
    const start = source.indexOf(snippet);
    const inSnippet = snippet.indexOf(token[2]!);
    return {reason: token[1]!, offset: start >= 0 && inSnippet >= 0 ? start + inSnippet : undefined};
  }
  return {reason: message.split('\n')[0] ?? message, offset: undefined};
}

/** File line of a 1-based line inside a fenced block (the fence is the block's first line). */
function fileLine(block: CodeBlock, line: number): number {
  return block.position.start.line + line;
}

export default defineRule<Options>({
  meta: {
    id: 'code-blocks',
    recommended: 'error',
    description: 'Fenced json, yaml, dbml and mermaid blocks parse (mermaid with its own parser); errors point at the line inside the block.',
    messages: {
      jsonParse: 'JSON block does not parse: {{reason}}',
      yamlParse: 'YAML block does not parse: {{reason}}',
      dbmlParse: 'DBML block does not parse: {{reason}}',
      mermaidEmpty: 'Mermaid block is empty',
      mermaidType: 'Mermaid block starts with "{{keyword}}", which is not a mermaid diagram type',
      mermaidKeywordParticipant: 'Mermaid sequenceDiagram does not parse: participant "{{name}}" starts with the keyword "{{keyword}}", so mermaid reads a {{statement}} statement there',
      mermaidParse: 'Mermaid {{kind}} does not parse: {{reason}}',
    },
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        languages: {type: 'array', items: {enum: ['json', 'yaml', 'dbml', 'mermaid']}},
        mermaidSyntax: {type: 'boolean'},
      },
    },
    defaultOptions: {languages: ['json', 'yaml', 'dbml', 'mermaid'], mermaidSyntax: true},
    async: true,
  },
  async check({model, options, report, file}) {
    const check = new Set(options.languages);
    const mermaidBlocks: Array<{block: CodeBlock; kind: string}> = [];
    for (const block of model.codeBlocks) {
      const lang = (block.lang ?? '').toLowerCase();
      if (lang === 'json' && check.has('json')) {
        if (!block.value.trim()) continue;
        try {
          JSON.parse(block.value);
        } catch (error) {
          const {reason, offset} = jsonError((error as Error).message, block.value);
          const line = offset === undefined ? 1 : block.value.slice(0, offset).split('\n').length;
          report({
            messageId: 'jsonParse',
            data: {reason: excerpt(reason, 120)},
            at: {line: fileLine(block, line), column: 1},
            hint: 'Fix the JSON, or mark an illustrative fragment with another language (jsonc, text)',
          });
        }
      } else if ((lang === 'yaml' || lang === 'yml') && check.has('yaml')) {
        // Several documents (Kubernetes manifests separated by ---) are valid YAML.
        const {parseAllDocuments} = require('yaml') as typeof import('yaml');
        const error = parseAllDocuments(block.value).flatMap((doc) => ('errors' in doc ? doc.errors : []))[0];
        if (error) {
          const at = error.linePos?.[0];
          report({
            messageId: 'yamlParse',
            data: {reason: excerpt((error.message.split('\n')[0] ?? '').replace(/\s*at line \d+, column \d+:?\s*$/, ''), 120)},
            at: {line: fileLine(block, at?.line ?? 1), column: 1},
            hint: 'Fix the YAML indentation or syntax',
          });
        }
      } else if (lang === 'dbml' && check.has('dbml')) {
        const [first] = dbmlErrors(block.value);
        if (first) {
          report({
            messageId: 'dbmlParse',
            data: {reason: excerpt(first.message, 120)},
            at: {line: fileLine(block, first.line), column: 1},
            hint: 'Fix the DBML (see dbml.dbdiagram.io/docs for the syntax)',
          });
        }
      } else if (lang === 'mermaid' && check.has('mermaid')) {
        const kind = mermaidKind(block.value);
        if (!kind) {
          report({messageId: 'mermaidEmpty', at: block.position, hint: 'Draw the diagram, or remove the block'});
        } else if (!kind.kind) {
          report({
            messageId: 'mermaidType',
            data: {keyword: excerpt(kind.keyword)},
            at: {line: fileLine(block, kind.line), column: 1},
            hint: 'Start the block with the diagram type: flowchart, sequenceDiagram, stateDiagram-v2, erDiagram, classDiagram ...',
          });
        } else {
          mermaidBlocks.push({block, kind: kind.keyword});
        }
      }
    }
    if (mermaidBlocks.length === 0 || !options.mermaidSyntax) return;
    // The parsers (and mermaid, for what only it can decide) are loaded only when a spec has a diagram.
    // What runs after a wait is outside the file's time limit: check the clock between diagrams.
    // Loading mermaid, and each diagram type's parser, happens once a process (about 1 s, far more
    // on a loaded machine): that time is not the file's, and is given back to its budget.
    const clock = fileState(file).clock;
    const loading = performance.now();
    const {mermaidSyntaxError} = await import('../src/mermaid/parse.js');
    excuse(clock, performance.now() - loading);
    const errors: Array<MermaidSyntaxError | undefined> = [];
    for (const {block, kind} of mermaidBlocks) {
      checkDeadline(clock);
      const started = performance.now();
      errors.push(await mermaidSyntaxError(block.value));
      if (!loadedKinds.has(kind)) {
        loadedKinds.add(kind);
        excuse(clock, performance.now() - started);
      }
    }
    checkDeadline(clock);
    for (const [i, {block, kind}] of mermaidBlocks.entries()) {
      const error = errors[i];
      if (!error) continue;
      const keyword = kind === 'sequenceDiagram' ? keywordParticipant(block.value, error) : undefined;
      report({
        ...(keyword
          ? {messageId: 'mermaidKeywordParticipant', data: {name: excerpt(keyword.name), keyword: keyword.word, statement: keyword.word.toLowerCase()}}
          : {messageId: 'mermaidParse', data: {kind, reason: excerpt(error.reason, 120)}}),
        at: {line: fileLine(block, error.line), column: error.column ? block.position.start.column - 1 + error.column : 1},
        hint: keyword
          ? `Declare the participant with an alias ("participant ${keyword.alias} as ${keyword.name}") and use ${keyword.alias} in the messages`
          : 'Fix the diagram syntax (mermaid.live shows the same parser error)',
      });
    }
  },
});

/** Words a sequence diagram line may start with that mermaid reads as statements. */
const SEQUENCE_KEYWORDS = new Set(['note', 'loop', 'alt', 'else', 'opt', 'par', 'and', 'rect', 'critical', 'break', 'end', 'activate', 'deactivate', 'box', 'create', 'destroy', 'autonumber', 'title']);

/**
 * The commonest sequence-diagram error in real specs: a participant named
 * like "Note Service" or "End User", whose first word mermaid takes for a
 * keyword. Returns the name when the error points at such a word.
 */
function keywordParticipant(source: string, error: MermaidSyntaxError): {name: string; word: string; alias: string} | undefined {
  if (!error.line) return undefined;
  const line = source.split(/\r?\n/)[error.line - 1];
  if (line === undefined) return undefined;
  // The participants of a message line: the names between its arrows, before the colon.
  const names = (line.split(':')[0] ?? '').split(/(?:<<)?-{1,2}(?:>>|>|x|\))[+-]?/).map((n) => n.trim());
  const name = names.find((n) => / /.test(n) && SEQUENCE_KEYWORDS.has(n.split(' ')[0]!.toLowerCase()));
  const word = name?.split(' ')[0];
  if (!name || !word || !name.includes(' ') || !SEQUENCE_KEYWORDS.has(word.toLowerCase())) return undefined;
  const alias = name.split(' ').map((w) => w[0]!.toUpperCase()).join('');
  return {name, word, alias};
}
