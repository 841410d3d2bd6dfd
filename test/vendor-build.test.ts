/**
 * `npm run build` replaces three compiled modules with esbuild bundles
 * (scripts/build-vendor.mjs): dist/src/lib/vendor.js (the packages every run
 * loads), dist/src/lsp/vendor.js (the language server's packages) and
 * dist/src/mermaid/load.js (mermaid, split by diagram type).
 * These tests hold that the bundles exist after the build, load nothing
 * from node_modules, export what the sources export, and behave the same:
 * the CLI's report over fixtures/ is byte-identical whether dist uses the
 * bundles or tsc's plain modules.
 */
import {spawnSync} from 'node:child_process';
import {cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {afterAll, describe, expect, it} from 'vitest';

const repo = join(import.meta.dirname, '..');
const dist = join(repo, 'dist', 'src');
const notBuilt = 'dist/ is not built with its bundles: run "npm run build" (npm test does)';

/** Bare package imports (not node: built-ins, not relative) in a module's source. */
function packageImports(file: string): string[] {
  // Drop comments first: bundled packages quote `import ... from 'x'` in their docs.
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const specifiers = [...text.matchAll(/(?:^|[;\s])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm)].map((m) => m[1] ?? m[2]!);
  return specifiers.filter((s) => !s.startsWith('node:') && !s.startsWith('.'));
}

describe('dist/src/lib/vendor.js', () => {
  it('is one bundle: it imports no package, only Node built-ins', () => {
    const text = readFileSync(join(dist, 'lib', 'vendor.js'), 'utf8');
    expect(text.includes('__speclintCreateRequire'), notBuilt).toBe(true);
    expect(packageImports(join(dist, 'lib', 'vendor.js'))).toEqual([]);
  });

  it('exports the same names as src/lib/vendor.ts', async () => {
    const bundled = await import(pathToFileURL(join(dist, 'lib', 'vendor.js')).href);
    const source = await import('../src/lib/vendor.js');
    expect(Object.keys(bundled).sort()).toEqual(Object.keys(source).sort());
    for (const name of Object.keys(source)) expect(typeof bundled[name], name).toBe(typeof (source as Record<string, unknown>)[name]);
  });
});

describe('dist/src/lsp/vendor.js', () => {
  // vscode-languageserver and vscode-languageserver-textdocument are devDependencies: `speclint lsp` has only this bundle.
  it('is one bundle: it imports no package, only Node built-ins', () => {
    const file = join(dist, 'lsp', 'vendor.js');
    expect(readFileSync(file, 'utf8').includes('__speclintCreateRequire'), notBuilt).toBe(true);
    expect(packageImports(file)).toEqual([]);
  });

  it('exports the same names as src/lsp/vendor.ts', async () => {
    const bundled = await import(pathToFileURL(join(dist, 'lsp', 'vendor.js')).href);
    const source = await import('../src/lsp/vendor.js');
    expect(Object.keys(bundled).sort()).toEqual(Object.keys(source).sort());
    for (const name of Object.keys(source)) expect(typeof bundled[name], name).toBe(typeof (source as Record<string, unknown>)[name]);
  });
});

describe('dist/src/mermaid/load.js', () => {
  it('is a bundle split into chunks, none of which imports a package', () => {
    expect(readFileSync(join(dist, 'mermaid', 'load.js'), 'utf8').includes('__speclintCreateRequire'), notBuilt).toBe(true);
    const chunks = readdirSync(join(dist, 'mermaid', 'mermaid-chunks'));
    // One per lazily loaded diagram type at least: flowchart, sequence, er, class, state, gantt, pie ...
    expect(chunks.length).toBeGreaterThan(20);
    for (const file of [join('mermaid', 'load.js'), ...chunks.map((c) => join('mermaid', 'mermaid-chunks', c))]) {
      expect(packageImports(join(dist, file)), file).toEqual([]);
    }
  });

  it("parses with mermaid's parser: a good diagram passes, a broken one fails with the parser's line", async () => {
    const {loadMermaid} = await import(pathToFileURL(join(dist, 'mermaid', 'load.js')).href);
    const mermaid = await loadMermaid();
    await expect(mermaid.parse('flowchart LR\n  A[Client] --> B[(DB)]\n')).resolves.toBeTruthy();
    await expect(mermaid.parse('sequenceDiagram\n  A->>B: hi\n')).resolves.toBeTruthy();
    await expect(mermaid.parse('pie\n  "a" : 1\n')).resolves.toBeTruthy();
    await expect(mermaid.parse('flowchart LR\n  A[Client --> B\n')).rejects.toThrow(/Parse error on line \d+:[\s\S]*Expecting 'SQE'/);
    await expect(mermaid.parse('erDiagram\n  A ||--o{ B has\n')).rejects.toThrow(/Parse error on line 2:/);
  }, 30_000);
});

describe('dist/src/mermaid/grammars.js', () => {
  it("is generated from mermaid: its grammars in chunks of their own, none of which imports a package", async () => {
    const {grammars} = await import(pathToFileURL(join(dist, 'mermaid', 'grammars.js')).href);
    expect(grammars, notBuilt).toBeDefined();
    const mermaidVersion = JSON.parse(readFileSync(join(repo, 'node_modules', 'mermaid', 'package.json'), 'utf8')).version;
    expect(grammars.version).toBe(mermaidVersion);
    expect(Object.keys(grammars.grammars)).toEqual(expect.arrayContaining(['flowchart-v2', 'sequence', 'er', 'stateDiagram', 'classDiagram', 'gantt']));
    const chunks = readdirSync(join(dist, 'mermaid', 'grammar-chunks'));
    for (const file of [join('mermaid', 'grammars.js'), ...chunks.map((c) => join('mermaid', 'grammar-chunks', c))]) {
      expect(packageImports(join(dist, file)), file).toEqual([]);
    }
    // A grammar's chunk is its parser alone: no renderer, no database.
    for (const chunk of chunks) expect(readFileSync(join(dist, 'mermaid', 'grammar-chunks', chunk), 'utf8'), chunk).not.toMatch(/\bd3\b|getConfig|class \w*DB\b/);
  });

  it('a file with a flowchart and an ER diagram loads their grammars and nothing of mermaid', () => {
    // A resolve hook (module.register, Node 20.6+) reports every module the check imports.
    const hook = 'export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write(`loaded ${r.url}\\n`); return r; }';
    const script = [
      "import {register} from 'node:module';",
      `register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));`,
      `const {mermaidSyntaxError} = await import(${JSON.stringify(pathToFileURL(join(dist, 'mermaid', 'parse.js')).href)});`,
      "const errors = [await mermaidSyntaxError('flowchart LR\\n  A[Client --> B\\n'), await mermaidSyntaxError('erDiagram\\n  A ||--o{ B : has\\n')];",
      'process.stdout.write(JSON.stringify(errors));',
    ].join('\n');
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {encoding: 'utf8'});
    expect(run.status, run.stderr).toBe(0);
    const [flowchart, er] = JSON.parse(run.stdout);
    expect(flowchart).toMatchObject({line: 3, reason: expect.stringMatching(/^expecting 'SQE'/)});
    expect(er).toBeNull();
    const loaded = [...new Set([...run.stderr.matchAll(/^loaded (.*)$/gm)].map((m) => m[1]!.slice(pathToFileURL(dist).href.length + 1)))];
    expect(loaded.filter((url) => url.startsWith('mermaid/')).sort()).toEqual([
      'mermaid/grammar-chunks/' + readdirSync(join(dist, 'mermaid', 'grammar-chunks')).find((c) => c.startsWith('erDiagram-')),
      'mermaid/grammar-chunks/' + readdirSync(join(dist, 'mermaid', 'grammar-chunks')).find((c) => c.startsWith('flow-')),
      'mermaid/grammar.js',
      'mermaid/grammars.js',
      'mermaid/kinds.js',
      'mermaid/parse.js',
    ]);
    expect(loaded.filter((url) => url.includes('node_modules') || url.includes('mermaid-chunks/') || url.includes('mermaid/load'))).toEqual([]);
  });
});

describe('the bundles change nothing but speed', () => {
  const work = mkdtempSync(join(tmpdir(), 'speclint-vendor-'));
  afterAll(() => rmSync(work, {recursive: true, force: true}));

  it('the report over fixtures/ is byte-identical with tsc-only modules, in every format', () => {
    // A copy of the package whose dist has tsc's plain modules instead of the bundles.
    const plain = join(work, 'plain');
    for (const entry of ['bin', 'package.json', 'rules']) cpSync(join(repo, entry), join(plain, entry), {recursive: true});
    cpSync(join(repo, 'dist'), join(plain, 'dist'), {recursive: true});
    symlinkSync(join(repo, 'node_modules'), join(plain, 'node_modules'));
    rmSync(join(plain, 'dist', 'src', 'mermaid', 'mermaid-chunks'), {recursive: true});
    // Without the generated grammars every diagram goes to mermaid.parse: the reports must not change.
    rmSync(join(plain, 'dist', 'src', 'mermaid', 'grammar-chunks'), {recursive: true});
    const tsc = spawnSync(process.execPath, [join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json', '--outDir', join(plain, 'dist')], {cwd: repo, encoding: 'utf8'});
    expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0);
    expect(readFileSync(join(plain, 'dist', 'src', 'lib', 'vendor.js'), 'utf8')).not.toContain('__speclintCreateRequire');
    expect(readFileSync(join(plain, 'dist', 'src', 'mermaid', 'grammars.js'), 'utf8')).toContain('grammars = undefined');
    for (const format of ['stylish', 'json', 'sarif']) {
      const run = (root: string) => spawnSync(process.execPath, [join(root, 'bin', 'speclint.js'), '-f', format, 'fixtures/'], {cwd: repo, encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}});
      const bundled = run(repo);
      const unbundled = run(plain);
      expect(bundled.status, format).toBe(unbundled.status);
      expect(bundled.stderr, format).toBe(unbundled.stderr);
      expect(bundled.stdout, format).toBe(unbundled.stdout);
    }
  }, 180_000);
});
