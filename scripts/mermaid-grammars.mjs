/**
 * Build step of scripts/build-vendor.mjs: generate dist/src/mermaid/grammars.js
 * (the module src/mermaid/grammars.ts describes) from the installed mermaid,
 * so that src/mermaid/grammar.ts can check diagrams with mermaid's own
 * parsers without loading mermaid.
 *
 * mermaid does not export its parsers; they are reached here, at build
 * time, in its published ESM build (dist/mermaid.core.mjs and its chunks):
 *
 * - the chunk holding the diagram registry, found by what mermaid.core.mjs
 *   imports from it (detectType, getDiagramLoader): the detectors, in
 *   registration order, are emitted as their source text; so are
 *   `encodeEntities` and the configuration the detectors read;
 * - each grammar's parser: the section of the chunk that esbuild marked
 *   `// src/diagrams/<kind>/parser/<name>.jison` in mermaid's build (and,
 *   for the flowchart, the wrapper section after it), emitted into a chunk
 *   of its own, without the renderer and database it sits with;
 * - for each name the grammar reads from `yy`: whether the diagram's
 *   database has it as a method (a no-op in the check) or as data (its
 *   value is emitted).
 *
 * src/mermaid/grammar.ts mirrors mermaid's preprocessing and Diagram.fromText;
 * the SHA-256 of each mirrored piece of mermaid's source is pinned below.
 * Anything not found where expected, a changed fingerprint, or an emitted
 * parser that is not mermaid's own (tables, lexer rules, actions compared
 * after bundling, in `verifyMermaidGrammars`) stops the build with an error
 * saying what to review: a mermaid upgrade fails the build, never a user.
 */
import {createHash} from 'node:crypto';
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {transform} from 'esbuild';

/** Diagram id (mermaid's detector id) -> the jison source of the parser its diagram definition uses. */
export const GRAMMAR_SOURCES = {
  'flowchart-v2': 'src/diagrams/flowchart/parser/flow.jison',
  flowchart: 'src/diagrams/flowchart/parser/flow.jison',
  sequence: 'src/diagrams/sequence/parser/sequenceDiagram.jison',
  er: 'src/diagrams/er/parser/erDiagram.jison',
  stateDiagram: 'src/diagrams/state/parser/stateDiagram.jison',
  state: 'src/diagrams/state/parser/stateDiagram.jison',
  classDiagram: 'src/diagrams/class/parser/classDiagram.jison',
  class: 'src/diagrams/class/parser/classDiagram.jison',
  gantt: 'src/diagrams/gantt/parser/gantt.jison',
};

/**
 * SHA-256 of the pieces of mermaid's source that src/mermaid/grammar.ts
 * mirrors (whitespace as published). When one changes, read the new code,
 * bring the mirror in line, run test/mermaid-agreement.test.ts, then pin
 * the new value here.
 */
const MIRRORED = {
  // cleanupText, processFrontmatter, processDirectives, preprocessDiagram -> grammarCheck's passes.
  'mermaid.core.mjs: src/preprocess.ts': 'bff426a71461ec4f7889cd57acdf33ca8268f43ede32c8a5004cecd483d5ca7f',
  // cleanupComments.
  'mermaid.core.mjs: src/diagram-api/comments.ts': 'dd5d2beaf51343c02b1ca9bb5dffa2cf9402614b032ace1e6de01510037daec4',
  // Diagram.fromText: detectType, encodeEntities(text) + "\n", parser.parse.
  'mermaid.core.mjs: src/Diagram.ts': 'ca197ab476396490fbba555ab6cb13780e9fe721a298d9bca46531edf469c944',
  // mermaidAPI.parse: processAndSetConfigs (preprocess), then getDiagramFromText (preprocess again).
  'mermaid.core.mjs: processAndSetConfigs, parse, getDiagramFromText': 'f3433bb2f7a3715f6f5a09ce98d88664f880721fe11638ff9ef269efba3d1c52',
  // detectType: strip front matter, directives, comments; first detector that matches.
  'registry chunk: src/diagram-api/detectType.ts': 'c551fda23753b45e7f71b197d5c455c1a39453143d3331905203e912da41fe11',
};

/** Names jison itself puts on `yy` (or reads from it); not the database's. */
const JISON_YY = new Set(['lexer', 'parser', 'parseError']);

class BuildError extends Error {}
const fail = (message) => {
  throw new BuildError(`build-vendor: mermaid grammars: ${message}`);
};
const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/** The text of the section esbuild marked `// <source>` in a bundle, up to the next marker. */
function section(text, source, file) {
  const marker = `\n// ${source}\n`;
  const start = text.indexOf(marker);
  if (start < 0) fail(`no section "${source}" in ${file}`);
  if (text.indexOf(marker, start + 1) >= 0) fail(`two sections "${source}" in ${file}`);
  const end = text.indexOf('\n// src/', start + marker.length);
  return text.slice(start + 1, end < 0 ? text.length : end + 1);
}

/** Text from `startText` to the end of `endText` (both must occur once, in that order). */
function between(text, startText, endText, what) {
  const start = text.indexOf(startText);
  const end = start < 0 ? -1 : text.indexOf(endText, start);
  if (start < 0 || end < 0 || text.indexOf(startText, start + 1) >= 0) fail(`cannot find ${what} in mermaid.core.mjs`);
  return text.slice(start, end + endText.length);
}

/** The names a module imports from each chunk: `import {a, b as c} from "./chunks/...";`. */
function importsOf(text) {
  const out = [];
  for (const m of text.matchAll(/^import\s*\{([^}]*)\}\s*from\s*"([^"]+)";/gm)) {
    const names = m[1].split(',').map((s) => s.trim()).filter(Boolean).map((s) => s.split(/\s+as\s+/).at(-1));
    out.push({from: m[2], names});
  }
  return out;
}

/**
 * Load mermaid from node_modules as src/mermaid/load.ts does (DOMPurify's
 * hooks stubbed, the same `initialize`), and the two chunks it keeps its
 * registry and utilities in.
 */
async function loadMermaidInternals(root) {
  const dist = join(root, 'node_modules', 'mermaid', 'dist');
  const coreFile = join(dist, 'mermaid.core.mjs');
  const coreText = readFileSync(coreFile, 'utf8');
  const imports = importsOf(coreText);
  const find = (names) => {
    const hit = imports.find((i) => names.every((n) => i.names.includes(n)));
    if (!hit) fail(`mermaid.core.mjs imports ${names.join(', ')} from no chunk (mermaid's build changed)`);
    return join(dist, hit.from);
  };
  const registryFile = find(['detectType', 'getDiagramLoader', 'detectors', 'getConfig', 'frontMatterRegex']);
  const utilsFile = find(['encodeEntities']);
  const purify = (await import('dompurify')).default;
  for (const hook of ['addHook', 'removeHook', 'removeHooks', 'removeAllHooks']) {
    if (typeof purify[hook] !== 'function') purify[hook] = () => undefined;
  }
  if (typeof purify.sanitize !== 'function') purify.sanitize = (text) => text;
  const mermaid = (await import(pathToFileURL(coreFile).href)).default;
  const {mermaidInitializeOptions} = await import(pathToFileURL(join(root, 'dist', 'src', 'mermaid', 'load.js')).href);
  mermaid.initialize(mermaidInitializeOptions);
  const registry = await import(pathToFileURL(registryFile).href);
  const utils = await import(pathToFileURL(utilsFile).href);
  const version = JSON.parse(readFileSync(join(root, 'node_modules', 'mermaid', 'package.json'), 'utf8')).version;
  return {dist, coreText, registryFile, registryText: readFileSync(registryFile, 'utf8'), mermaid, registry, utils, version};
}

function checkFingerprints({coreText, registryText}) {
  const pieces = {
    'mermaid.core.mjs: src/preprocess.ts': section(coreText, 'src/preprocess.ts', 'mermaid.core.mjs'),
    'mermaid.core.mjs: src/diagram-api/comments.ts': section(coreText, 'src/diagram-api/comments.ts', 'mermaid.core.mjs'),
    'mermaid.core.mjs: src/Diagram.ts': section(coreText, 'src/Diagram.ts', 'mermaid.core.mjs'),
    'mermaid.core.mjs: processAndSetConfigs, parse, getDiagramFromText': [
      between(coreText, 'function processAndSetConfigs(text) {', '__name(processAndSetConfigs, "processAndSetConfigs");', 'processAndSetConfigs'),
      between(coreText, 'async function parse(text, parseOptions) {', '__name(parse, "parse");', 'mermaidAPI.parse'),
      between(coreText, 'var getDiagramFromText = ', '}, "getDiagramFromText");', 'getDiagramFromText'),
    ].join('\n'),
    'registry chunk: src/diagram-api/detectType.ts': section(registryText, 'src/diagram-api/detectType.ts', 'the registry chunk'),
  };
  const changed = Object.entries(pieces).filter(([name, text]) => MIRRORED[name] !== sha256(text));
  if (changed.length) {
    fail(
      `mermaid's code that src/mermaid/grammar.ts mirrors has changed:\n` +
        changed.map(([name, text]) => `  ${name}: sha256 ${sha256(text)} (pinned: ${MIRRORED[name] || 'none'})`).join('\n') +
        `\nReview the mirror against the new code, run test/mermaid-agreement.test.ts, then pin the new values in scripts/mermaid-grammars.mjs`,
    );
  }
}

/** A function's source as an expression that compiles on its own (detectors, encodeEntities). */
function standalone(fn, what) {
  const source = String(fn);
  let copy;
  try {
    copy = new Function(`"use strict"; return (${source});`)();
  } catch (error) {
    fail(`${what} does not compile on its own: ${error.message}`);
  }
  if (typeof copy !== 'function') fail(`${what} is not a function`);
  return {source, copy};
}

/** The parser sections for a grammar: its .jison section, and a wrapper under the same parser/ folder right after it. */
function parserSections(dist, jison, chunkTexts) {
  const marker = `\n// ${jison}\n`;
  const hits = chunkTexts.filter(({text}) => text.includes(marker));
  if (hits.length !== 1) fail(`${hits.length} chunks of mermaid hold "${jison}" (expected one)`);
  const {file, text} = hits[0];
  const folder = jison.slice(0, jison.lastIndexOf('/') + 1);
  let code = section(text, jison, file);
  let at = text.indexOf(marker) + 1 + code.length;
  for (;;) {
    const next = /^\/\/ (src\/[^\n]+)\n/.exec(text.slice(at));
    if (!next || !next[1].startsWith(folder)) break;
    const more = section(text, next[1], file);
    code += more;
    at += more.length;
  }
  const exported = /\nvar (\w+) = \w+;\s*$/.exec(code)?.[1];
  if (!exported) fail(`the sections from "${jison}" in ${file} do not end with "var <name>_default = <parser>;"`);
  // Only mermaid's __name helper may come from outside the sections: a name the chunk imports would be undefined here.
  for (const {names} of importsOf(text)) {
    for (const name of names) {
      if (name !== '__name' && new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(code)) {
        fail(`the parser "${jison}" uses "${name}", which its chunk imports (${file})`);
      }
    }
  }
  return {code, exported, file};
}

/**
 * Everything generated: the source of the entry module, and of each
 * grammar's module by virtual path (`speclint-mermaid-grammar:<jison>`).
 */
export async function generateMermaidGrammars(root, {overrides}) {
  const internals = await loadMermaidInternals(root);
  const {dist, registry, utils, version} = internals;
  checkFingerprints(internals);

  const anyComment = /\nvar anyCommentRegex = (\/.+\/[a-z]*);\n/.exec(section(internals.registryText, 'src/diagram-api/regexes.ts', 'the registry chunk'))?.[1];
  if (!anyComment) fail('no anyCommentRegex in src/diagram-api/regexes.ts of the registry chunk');

  const detectors = Object.entries(registry.detectors).map(([id, {detector, loader}]) => ({id, ...standalone(detector, `the detector of "${id}"`), loadable: Boolean(loader)}));
  const encode = standalone(utils.encodeEntities, 'encodeEntities');
  const config = registry.getConfig();
  const configJson = JSON.stringify(config);
  if (JSON.stringify(JSON.parse(configJson)) !== configJson) fail('the site configuration is not plain JSON');

  const chunkDir = join(dist, 'chunks', 'mermaid.core');
  const chunkTexts = readdirSync(chunkDir)
    .filter((f) => f.endsWith('.mjs'))
    .map((f) => ({file: join('chunks', 'mermaid.core', f), text: readFileSync(join(chunkDir, f), 'utf8')}));

  const modules = {};
  const grammars = {};
  for (const [id, jison] of Object.entries(GRAMMAR_SOURCES)) {
    if (!registry.detectors[id]) fail(`mermaid ${version} has no diagram "${id}"`);
    const {code, exported} = parserSections(dist, jison, chunkTexts);
    modules[jison] ??= `// mermaid ${version}: ${jison}, as in mermaid's build (generated by scripts/mermaid-grammars.mjs)\n` +
      'var __name = (target, value) => Object.defineProperty(target, "name", { value, configurable: true });\n' +
      `${code}\nexport default ${exported};\n`;
    const {diagram} = await registry.getDiagramLoader(id)();
    const db = diagram.db;
    const names = new Set([...code.matchAll(/(?<![\w$.])yy\.([A-Za-z_$][\w$]*)/g)].map((m) => m[1]));
    const own = new Set(Object.keys(overrides[id] ?? {}));
    for (const name of own) if (!names.has(name)) fail(`src/mermaid/grammar.ts overrides yy.${name} for "${id}", which its grammar no longer reads`);
    const functions = [];
    const data = {};
    for (const name of [...names].sort()) {
      if (JISON_YY.has(name) || own.has(name)) continue;
      const value = db[name];
      if (typeof value === 'function') {
        functions.push(name);
      } else if (value !== undefined) {
        const json = JSON.stringify(value);
        if (json === undefined || JSON.stringify(JSON.parse(json)) !== json) fail(`the "${id}" grammar reads yy.${name}, data that is not plain JSON: give it an override in src/mermaid/grammar.ts`);
        data[name] = JSON.parse(json);
      }
      // Else the database lacks it (gantt's `topAxis` calls a yy.TopAxis mermaid 11.17 does not define):
      // left out here too, the parse throws the same TypeError, and the check leaves it to mermaid.parse.

    }
    grammars[id] = {jison, functions, data};
  }

  const entry = [
    `// Generated by scripts/mermaid-grammars.mjs from mermaid ${version}: see src/mermaid/grammars.ts.`,
    'export const grammars = {',
    `  version: ${JSON.stringify(version)},`,
    `  config: JSON.parse(${JSON.stringify(configJson)}),`,
    `  frontMatterRegex: ${String(registry.frontMatterRegex)},`,
    `  directiveRegex: ${String(registry.directiveRegex)},`,
    `  anyCommentRegex: ${anyComment},`,
    '  detectors: [',
    ...detectors.map((d) => `    [${JSON.stringify(d.id)}, ${d.source}, ${d.loadable}],`),
    '  ],',
    `  encodeEntities: ${encode.source},`,
    '  grammars: {',
    ...Object.entries(grammars).map(
      ([id, g]) =>
        `    ${JSON.stringify(id)}: {load: () => import(${JSON.stringify(`speclint-mermaid-grammar:${g.jison}`)}).then((m) => m.default), functions: ${JSON.stringify(g.functions)}, data: ${JSON.stringify(g.data)}},`,
    ),
    '  },',
    '};',
    '',
  ].join('\n');
  return {entry, modules, version, detectorCount: detectors.length, grammarIds: Object.keys(grammars)};
}

/** An esbuild plugin serving the generated modules. */
export function mermaidGrammarsPlugin(generated) {
  return {
    name: 'speclint-mermaid-grammars',
    setup(build) {
      build.onResolve({filter: /^speclint-mermaid-grammars$/}, () => ({path: 'mermaid-grammars', namespace: 'speclint-mermaid'}));
      build.onResolve({filter: /^speclint-mermaid-grammar:/}, (args) => ({path: args.path.slice('speclint-mermaid-grammar:'.length), namespace: 'speclint-mermaid'}));
      build.onLoad({filter: /.*/, namespace: 'speclint-mermaid'}, (args) => {
        const contents = args.path === 'mermaid-grammars' ? generated.entry : generated.modules[args.path];
        if (contents === undefined) fail(`no generated module ${args.path}`);
        return {contents, loader: 'js'};
      });
    },
  };
}

/** A function's code as esbuild prints it, so a bundled copy compares equal to the original. */
async function normalised(fn) {
  return (await transform(`(${String(fn)});`, {loader: 'js'})).code;
}

/**
 * After bundling: each emitted parser must be the one mermaid's diagram
 * uses, in its tables, lexer and actions; each emitted detector must
 * decide as mermaid's does on every diagram keyword.
 */
export async function verifyMermaidGrammars(root, bundlePath) {
  const {registry} = await loadMermaidInternals(root);
  const {grammars: g} = await import(pathToFileURL(bundlePath).href + `?verify=${Date.now()}`);
  const keywords = ['', 'error', '---', 'graph LR', 'flowchart TD', 'flowchart-elk', 'C4Context', 'x C4Container', 'classDiagram', 'classDiagram-v2', 'stateDiagram', 'stateDiagram-v2', 'erDiagram', 'sequenceDiagram', 'gantt', 'pie', 'gitGraph', 'journey', 'mindmap', 'timeline', 'requirementDiagram', 'quadrantChart', 'sankey-beta', 'xychart-beta', 'block-beta', 'packet-beta', 'architecture-beta', 'kanban', 'radar-beta', 'info', 'treemap'];
  const ids = Object.keys(registry.detectors);
  if (JSON.stringify(g.detectors.map(([id]) => id)) !== JSON.stringify(ids)) fail('the emitted detectors are not mermaid\'s, in its order');
  for (const [id, detector] of g.detectors) {
    for (const keyword of keywords) {
      const text = `${keyword}\n  A\n`;
      if (Boolean(detector(text, {...g.config})) !== Boolean(registry.detectors[id].detector(text, registry.getConfig()))) {
        fail(`the emitted detector of "${id}" decides "${keyword}" unlike mermaid's`);
      }
    }
  }
  for (const [id, grammar] of Object.entries(g.grammars)) {
    const ours = await grammar.load();
    const {diagram} = await registry.getDiagramLoader(id)();
    const theirs = diagram.parser;
    const same = async (what, a, b) => {
      if (a !== b) fail(`the emitted "${id}" parser differs from mermaid's in ${what}`);
    };
    await same('parse', await normalised(ours.parse), await normalised(theirs.parse));
    for (const key of ['table', 'defaultActions', 'symbols_', 'terminals_', 'productions_']) {
      await same(key, JSON.stringify(ours.parser[key]), JSON.stringify(theirs.parser[key]));
    }
    await same('performAction', await normalised(ours.parser.performAction), await normalised(theirs.parser.performAction));
    await same('lexer rules', String(ours.parser.lexer.rules), String(theirs.parser.lexer.rules));
    await same('lexer conditions', JSON.stringify(ours.parser.lexer.conditions), JSON.stringify(theirs.parser.lexer.conditions));
    await same('lexer actions', await normalised(ours.parser.lexer.performAction), await normalised(theirs.parser.lexer.performAction));
  }
  return {detectors: g.detectors.length, grammars: Object.keys(g.grammars).length};
}
