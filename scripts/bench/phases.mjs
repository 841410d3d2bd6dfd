#!/usr/bin/env node
// Where speclint's time goes beyond parsing, in one process over a corpus:
// the parse (remark-parse with speclint's syntax extensions), the spec model,
// profile detection, and each rule the file's profile turns on, timed one by
// one. Then the whole lintText, to compare with the sum. Prints JSON.
//
//   node scripts/bench/phases.mjs DIR
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {VFile} from 'vfile';

const dist = new URL('../../dist/src/', import.meta.url);
const {lintText, parseSpec, resolveRuleSettings} = await import(new URL('lint.js', dist).href);
const {modelFor} = await import(new URL('rule.js', dist).href);
const {detectProfile} = await import(new URL('detect.js', dist).href);
const {RULES} = await import(new URL('rules.js', dist).href);
const {builtinProfiles} = await import(new URL('profiles.js', dist).href);

function* markdownFiles(path) {
  if (statSync(path).isDirectory()) {
    for (const entry of readdirSync(path, {withFileTypes: true}).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.isDirectory()) yield* markdownFiles(join(path, entry.name));
      else if (entry.name.endsWith('.md')) yield join(path, entry.name);
    }
  } else yield path;
}

const files = [...markdownFiles(process.argv[2] ?? '.')].map((path) => ({path, text: readFileSync(path, 'utf8')}));
const profiles = builtinProfiles();
const byId = new Map(RULES.map((r) => [r.meta.id, r]));
const ms = {parse: 0, model: 0, detect: 0};
const rules = {};
const now = () => performance.now();

for (const {path, text} of files) {
  const file = new VFile({path, value: text});
  let t = now();
  const tree = parseSpec(text, file);
  ms.parse += now() - t;
  t = now();
  const model = modelFor(tree, file);
  ms.model += now() - t;
  t = now();
  const {best} = detectProfile(model, profiles.values());
  ms.detect += now() - t;
  if (!best) continue;
  for (const [id, {severity, options}] of resolveRuleSettings(best.profile)) {
    if (!severity) continue;
    const rule = byId.get(id);
    t = now();
    // A rule may be async (code-blocks loads and runs mermaid's parser): await it, as the lint pipeline does.
    await rule.check({model, profile: best.profile, options: {...rule.meta.defaultOptions, ...options}, file, report() {}});
    rules[id] = (rules[id] ?? 0) + now() - t;
  }
}

let t = now();
for (const {path, text} of files) await lintText(text, {filePath: path, profiles, explicit: false});
const lintTotal = now() - t;

const round = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Math.round(v)]));
const rulesTotal = Object.values(rules).reduce((a, b) => a + b, 0);
process.stdout.write(
  JSON.stringify({
    files: files.length,
    ms: round({...ms, rules: rulesTotal, lintText: lintTotal}),
    rules: round(Object.fromEntries(Object.entries(rules).sort((a, b) => b[1] - a[1]))),
  }) + '\n',
);
