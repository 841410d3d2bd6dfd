#!/usr/bin/env node
// The time the checks across specs themselves take, apart from the noise of
// whole runs (run by bench-system.mjs; needs `npm run build`):
//
//   node scripts/bench/system-cost.mjs WORKDIR CONFIG
//
// Lints WORKDIR/specs once in this process with CONFIG (the system rules
// on), then, on the models of the same files (parsed again, untimed), times
// what the rules-on run adds to a lint: reading each spec's facts
// (specFacts) and running the checks on them (systemFindings), the first
// time (what a cold run pays: the shared helpers are warm from the lint,
// the system code is not) and the fifth. Prints one JSON line.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {performance} from 'node:perf_hooks';

const dist = new URL('../../dist/src/', import.meta.url);
const load = (path) => import(new URL(path, dist).href);
const [{runLint}, {parseSpec}, {buildSpecModel}, {resolveAlternatives}, {specFacts}, {systemFindings}, {VFile}] = await Promise.all(
  ['run/runner.js', 'engine/lint.js', 'engine/model.js', 'engine/match.js', 'system/model.js', 'system/checks.js', 'lib/vendor.js'].map(load),
);

const [work, configPath] = process.argv.slice(2);
const before = process.cpuUsage();
const run = await runLint({cwd: work, patterns: ['specs'], jobs: 1, configPath});
const used = process.cpuUsage(before);
const lintCpuMs = (used.user + used.system) / 1000;

const inputs = run.results.map((result) => {
  const text = readFileSync(join(work, result.filePath), 'utf8');
  const model = buildSpecModel(parseSpec(text, new VFile({path: result.filePath, value: text})), text);
  const profile = result.profile ? run.config.profiles.get(result.profile.name) : undefined;
  return {file: result.filePath, model, profile: profile ? resolveAlternatives(profile, model) : undefined};
});
const timed = (fn) => {
  const start = performance.now();
  const value = fn();
  return [performance.now() - start, value];
};
const passes = [];
for (let i = 0; i < 5; i++) {
  const [factsMs, facts] = timed(() => inputs.map((x) => specFacts(x.file, x.model, x.profile)));
  const [checksMs, findings] = timed(() => systemFindings(facts));
  passes.push({factsMs, checksMs, findings: findings.length});
}
console.log(
  JSON.stringify({
    files: inputs.length,
    lintCpuMs,
    factsMs: passes[0].factsMs,
    checksMs: passes[0].checksMs,
    factsWarmMs: passes.at(-1).factsMs,
    checksWarmMs: passes.at(-1).checksMs,
    findings: passes[0].findings,
  }),
);
