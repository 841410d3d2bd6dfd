/**
 * The grammar-level mermaid check (src/mermaid/grammar.ts, with the parsers
 * `npm run build` generates) gives the verdict, line, column and reason
 * that `mermaid.parse` gives, on every mermaid block of fixtures/ and
 * examples/, the samples of test/mermaid/samples.md, a few generated
 * diagrams, and seeded mutants of all of them.
 *
 * One difference is listed and allowed: `mermaid.parse` in Node fails on
 * what a sequence diagram's database hands to the browser (`box` colours go
 * to `window.CSS`, `details` to `document`) with "window is not defined" or
 * "document is not defined"; in a browser those diagrams parse. There the
 * check gives the grammar's verdict.
 */
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {fromMarkdown} from 'mdast-util-from-markdown';
import {describe, expect, it} from 'vitest';
import {mutants} from './mermaid/mutants.js';

const repo = join(import.meta.dirname, '..');
const dist = (file: string) => pathToFileURL(join(repo, 'dist', 'src', file)).href;

type Parse = (text: string) => Promise<{how: 'grammar' | 'mermaid'; ok: boolean; error?: unknown}>;
type Describe = (error: unknown) => {line?: number; column?: number; reason: string};

function markdownFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return markdownFiles(path);
      return name.endsWith('.md') ? [path] : [];
    });
}

/** The mermaid blocks of a Markdown file, as speclint's model has them. */
function mermaidBlocks(path: string): string[] {
  const out: string[] = [];
  const walk = (node: {type: string; lang?: string | null; value?: string; children?: unknown[]}) => {
    if (node.type === 'code' && node.lang?.toLowerCase() === 'mermaid') out.push(node.value ?? '');
    for (const child of node.children ?? []) walk(child as typeof node);
  };
  walk(fromMarkdown(readFileSync(path, 'utf8')) as never);
  return out;
}

/** Diagrams too long to write out: mermaid's flowchart database stops at 500 edges. */
function generated(): string[] {
  const chain = (edges: number) => ['flowchart LR', ...Array.from({length: edges}, (_, i) => `  n${i} --> n${i + 1}`)].join('\n');
  const fan = ['flowchart TD', ...Array.from({length: 25}, (_, i) => `  a${i} & b${i} --> c${i} & d${i} & e${i} & f${i} & g${i}`)].join('\n');
  return [chain(499), chain(500), chain(501), fan];
}

const NODE_ONLY = /^(window|document) is not defined$/;

describe('grammar-level mermaid check against mermaid.parse', () => {
  it('gives the same verdict, line, column and reason on fixtures, examples, samples and their mutants', async () => {
    const {parseLikeMermaid, describeMermaidError} = (await import(dist('mermaid/parse.js'))) as {parseLikeMermaid: Parse; describeMermaidError: Describe};
    const {mermaidParseInput} = (await import(dist('mermaid/kinds.js'))) as {mermaidParseInput: (source: string) => {text: string}};
    const {loadMermaid} = (await import(dist('mermaid/load.js'))) as {loadMermaid: () => Promise<{parse(text: string): Promise<unknown>}>};
    const mermaid = await loadMermaid();

    const fromRepo = [...markdownFiles(join(repo, 'fixtures')), ...markdownFiles(join(repo, 'examples'))].flatMap(mermaidBlocks);
    const samples = mermaidBlocks(join(repo, 'test', 'mermaid', 'samples.md'));
    const originals = [...new Set([...fromRepo, ...samples, ...generated()])];
    const inputs = new Map<string, 'original' | 'mutant'>();
    for (const text of originals) inputs.set(text, 'original');
    originals.forEach((text, i) => {
      for (const m of mutants(text, 8, 1000 + i)) if (!inputs.has(m)) inputs.set(m, 'mutant');
    });

    const verdict = (ok: boolean, error: unknown) => {
      if (ok) return 'parses';
      const {line, column, reason} = describeMermaidError(error);
      return `line ${line} column ${column}: ${reason}`;
    };
    const totals = {diagrams: 0, originals: 0, mutants: 0, bothAccept: 0, bothReject: 0, byGrammar: 0, byMermaid: 0, nodeOnly: 0};
    const disagreements: string[] = [];
    const reasonsByMermaid = new Set<string>();
    for (const [block, kind] of inputs) {
      // What speclint hands to the parser (src/mermaid/parse.ts).
      const {text} = mermaidParseInput(block);
      if (!text.trim()) continue;
      totals.diagrams++;
      totals[kind === 'original' ? 'originals' : 'mutants']++;
      let expected = 'parses';
      let nodeOnly = false;
      try {
        await mermaid.parse(text);
      } catch (error) {
        expected = verdict(false, error);
        nodeOnly = NODE_ONLY.test(describeMermaidError(error).reason);
      }
      const ours = await parseLikeMermaid(text);
      const got = verdict(ours.ok, ours.error);
      totals[ours.how === 'grammar' ? 'byGrammar' : 'byMermaid']++;
      if (ours.how === 'mermaid' && !ours.ok) reasonsByMermaid.add(describeMermaidError(ours.error).reason);
      if (nodeOnly) {
        totals.nodeOnly++;
        if (ours.how !== 'grammar') disagreements.push(`${kind}: Node-only error left to mermaid.parse (${got})\n${text}`);
        continue;
      }
      if (got !== expected) disagreements.push(`${kind}: mermaid.parse: ${expected}; speclint: ${got} (${ours.how})\n${text}`);
      else if (got === 'parses') totals.bothAccept++;
      else totals.bothReject++;
    }
    console.log(`mermaid agreement: ${JSON.stringify(totals)}; errors left to mermaid.parse: ${[...reasonsByMermaid].sort().join(' | ')}`);

    expect(disagreements.slice(0, 5).join('\n\n')).toBe('');
    expect(totals.originals).toBeGreaterThanOrEqual(80);
    expect(totals.mutants).toBeGreaterThanOrEqual(600);
    expect(totals.bothReject).toBeGreaterThanOrEqual(300);
    // The grammar decides most diagrams (not everything falls back to mermaid.parse: built with the grammars).
    expect(totals.byGrammar / totals.diagrams, 'run "npm run build": dist/src/mermaid/grammars.js is not generated').toBeGreaterThan(0.6);
    // The database-level checks still run: these come from mermaid's databases, not its grammars.
    expect([...reasonsByMermaid]).toEqual(expect.arrayContaining([
      expect.stringMatching(/^Trying to inactivate an inactive participant/),
      expect.stringMatching(/^Edge limit exceeded/),
      // linkStyle 5 with one edge: the flowchart database sets the style of edges[5].
      "Cannot set properties of undefined (setting 'style')",
      expect.stringMatching(/^No such shape/),
    ]));
  }, 600_000);
});
