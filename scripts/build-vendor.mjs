#!/usr/bin/env node
/**
 * Replace three compiled modules of dist/ (plain re-exports and imports, from
 * tsc) with esbuild bundles, so Node loads a few files instead of hundreds
 * (measurements in docs/benchmark.md). Run by `npm run build` after tsc.
 *
 * - dist/src/lib/vendor.js: the packages every run loads (src/lib/vendor.ts), one
 *   module, without the parts speclint never calls.
 * - dist/src/lsp/vendor.js: the language server's packages (src/lsp/vendor.ts),
 *   loaded only by `speclint lsp`; they are devDependencies, bundled here.
 * - dist/src/mermaid/load.js: mermaid (src/mermaid/load.ts), loaded only for
 *   a diagram the grammar-level check leaves to `mermaid.parse`; split into
 *   dist/src/mermaid/mermaid-chunks/ so each diagram type still loads only when a
 *   diagram of that type is parsed.
 * - dist/src/mermaid/grammars.js: mermaid's own parsers without mermaid
 *   (src/mermaid/grammars.ts), generated from the installed mermaid by
 *   scripts/mermaid-grammars.mjs and checked against it; one chunk per
 *   grammar in dist/src/mermaid/grammar-chunks/. A mermaid upgrade that
 *   moves or changes what it relies on fails here.
 *
 * Both are ESM for Node 20 and later, with `requireShim` as their banner.
 * Without this step (running tsc alone) dist still works, only slower.
 */
import {readFileSync, rmSync, statSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';
import {generateMermaidGrammars, mermaidGrammarsPlugin, verifyMermaidGrammars} from './mermaid-grammars.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Bundled CommonJS dependencies call require() for Node built-ins; this
 * banner gives an ES module bundle a real one (the action bundle uses it too).
 */
export const requireShim = [
  "import {createRequire as __speclintCreateRequire} from 'node:module';",
  'const require = __speclintCreateRequire(import.meta.url);',
].join('\n');

const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  banner: {js: requireShim},
  logLevel: 'warning',
};

/** @type {import('esbuild').BuildOptions[]} */
export const vendorBuilds = [
  {...common, entryPoints: ['src/lib/vendor.ts'], outfile: 'dist/src/lib/vendor.js'},
  // The language server's packages (src/lsp/vendor.ts): devDependencies, so `speclint lsp` needs this bundle.
  {...common, entryPoints: ['src/lsp/vendor.ts'], outfile: 'dist/src/lsp/vendor.js'},
  {
    ...common,
    entryPoints: {load: 'src/mermaid/load.ts'},
    outdir: 'dist/src/mermaid',
    splitting: true,
    chunkNames: 'mermaid-chunks/[name]-[hash]',
  },
];

/** True when `dist/<path>` is one of these bundles, not tsc's plain module. */
export function isVendorBundle(path) {
  try {
    return readFileSync(join(root, 'dist', path), 'utf8').includes('__speclintCreateRequire');
  } catch {
    return false;
  }
}

/** Build dist/src/mermaid/grammars.js and its chunks from the installed mermaid, then check them against it. */
export async function buildMermaidGrammars() {
  // The overrides src/mermaid/grammar.ts gives each grammar's yy (tsc's output, built before this step).
  const {YY_OVERRIDES} = await import(new URL('../dist/src/mermaid/grammar.js', import.meta.url).href);
  const overrides = Object.fromEntries(Object.entries(YY_OVERRIDES).map(([id, make]) => [id, make({needsDb: false, firstGraph: true, edges: 0})]));
  const generated = await generateMermaidGrammars(root, {overrides});
  await build({
    ...common,
    banner: {},
    entryPoints: {grammars: 'speclint-mermaid-grammars'},
    outdir: 'dist/src/mermaid',
    splitting: true,
    chunkNames: 'grammar-chunks/[name]-[hash]',
    plugins: [mermaidGrammarsPlugin(generated)],
  });
  const checked = await verifyMermaidGrammars(root, join(root, 'dist/src/mermaid/grammars.js'));
  return {...generated, ...checked};
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // Chunk names carry a content hash: drop the last build's.
  rmSync(join(root, 'dist/src/mermaid/mermaid-chunks'), {recursive: true, force: true});
  rmSync(join(root, 'dist/src/mermaid/grammar-chunks'), {recursive: true, force: true});
  for (const options of vendorBuilds) await build(options);
  let grammars;
  try {
    grammars = await buildMermaidGrammars();
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const kib = (path) => `${(statSync(join(root, path)).size / 1024).toFixed(0)} KiB`;
  process.stdout.write(
    `build-vendor: dist/src/lib/vendor.js (${kib('dist/src/lib/vendor.js')}), dist/src/lsp/vendor.js (${kib('dist/src/lsp/vendor.js')}), dist/src/mermaid/load.js and mermaid-chunks/, dist/src/mermaid/grammars.js (mermaid ${grammars.version}: ${grammars.grammars} grammars, ${grammars.detectors} detectors, checked)\n`,
  );
}
