#!/usr/bin/env node
// Benchmark of the checks across specs (npm run bench:system; issue 16).
// Generates a repository of N specs (default 600) that call each other, in a
// temp directory: copies of the seven services of fixtures/system-ok (and,
// one group in five, of fixtures/system, with its planted problems) across
// the built-in profiles, each group's services renamed ("Payments Service" →
// "Payments G012 Service") so that its dependency tables, latency (P99)
// tables, availability targets and event tables name the other services of
// its group, plus a non-critical row calling the next group's Orders
// Service and a link to a heading of another spec. Then times, each as a
// child process over the same files, interleaved round by round (so a noisy
// neighbour hits every variant alike), `-j 1` (in-process, what a 2-core
// machine's `--jobs auto` does):
//
//   cold, system rules off   speclint -c off.json  (no system-* rule on)
//   cold, system rules on    speclint -c on.json   (every system-* rule on)
//   warm --cache, rules on   a second --cache run over the unchanged files
//
// and prints the medians (wall and CPU), each round's rules-on run against
// its rules-off run (the two alternate in order), and the issue's targets:
// warm ≤ 5% of cold, system checks add ≤ 5% to a cold run (the median of
// the rounds' CPU ratios). Then, in one process, the time the facts and the
// checks themselves take (bench/system-cost.mjs). A benchmark, not a test:
// it never fails on a slow result.
//
//   npm run bench:system -- [--files N] [--runs N] [--bin PATH] [--keep] [--json FILE]
//
// --bin runs another build's bin/speclint.js (a checkout of an older commit,
// to measure before/after with the same corpus).
import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import {join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const {values: args} = parseArgs({
  options: {
    files: {type: 'string', default: '600'},
    runs: {type: 'string', default: '5'},
    bin: {type: 'string'},
    keep: {type: 'boolean', default: false},
    json: {type: 'string'},
  },
});
const count = Number(args.files);
const runs = Number(args.runs);
const bin = args.bin ? resolve(args.bin) : join(root, 'bin', 'speclint.js');
if (!existsSync(bin)) {
  console.error(`bench:system: ${bin} not found${args.bin ? '' : '; run "npm run build" first'}`);
  process.exit(2);
}

const SYSTEM_RULES = ['system-timeout-vs-p99', 'system-availability', 'system-sync-cycle', 'system-event-unpublished', 'system-event-unconsumed', 'system-heading-link'];
const SERVICES = /\b(Orders|Order|Inventory|Payments|Ledger|Risk|Notification Delivery|Chat) Service\b/g;

/** The seven services of a fixture repository, as templates. */
function templates(dir) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((name) => ({name, text: readFileSync(join(dir, name), 'utf8')}));
}

/** One group's copy of a service: its names (and those it calls) tagged with the group, a call into the next group, and a link to a sibling's heading. */
function variant(template, group, next) {
  const tag = `G${String(group).padStart(3, '0')}`;
  let text = template.text.replace(SERVICES, (_m, name) => `${name} ${tag} Service`);
  // Links to a sibling spec name its generated file.
  text = text.replace(/\]\(([a-z-]+-service\.md)#/g, (_m, file) => `](g${String(group).padStart(3, "0")}-${file}#`);
  // Aliases any other group would claim too are left out.
  text = text.replace(/^aliases: \[.*\]$/m, `aliases: [Orders ${tag}]`);
  const lines = text.split('\n');
  // A call into the next group: a row under the dependency table's header (a table whose header starts Dependency / Service).
  const header = lines.findIndex((l) => /^\| (?:Dependency|Service|Downstream)\b.*\bTimeout\b/i.test(l));
  if (header >= 0 && /^\|[\s|:-]+\|$/.test(lines[header + 1] ?? '')) {
    const cells = lines[header].split('|').length - 2;
    const row = [`Orders ${`G${String(next).padStart(3, '0')}`} Service`, 'Async', 'Non-critical', '2s', ...Array(Math.max(0, cells - 4)).fill('Queue and retry later')].slice(0, cells);
    lines.splice(header + 2, 0, `| ${row.join(' | ')} |`);
  }
  // A link to another spec's heading, as specs cross-reference each other.
  lines.push('', `See also the [overview of the ${tag} inventory](${`g${String(group).padStart(3, '0')}-inventory-service.md`}#1-system-overview).`, '');
  return lines.join('\n');
}

const work = mkdtempSync(join(os.tmpdir(), 'speclint-bench-system-'));
const corpus = join(work, 'specs');
mkdirSync(corpus);
const ok = templates(join(root, 'fixtures', 'system-ok'));
const broken = templates(join(root, 'fixtures', 'system'));
const groups = Math.ceil(count / ok.length);
let written = 0;
let bytes = 0;
for (let g = 0; g < groups && written < count; g++) {
  const set = g % 5 === 4 ? broken : ok;
  for (const t of set) {
    if (written >= count) break;
    const text = variant(t, g, (g + 1) % groups);
    writeFileSync(join(corpus, `g${String(g).padStart(3, '0')}-${t.name}`), text);
    bytes += Buffer.byteLength(text);
    written++;
  }
}
const offConfig = join(work, 'off.json');
const onConfig = join(work, 'on.json');
// Only the system rules the measured build knows (an older build rejects an unknown id).
const probe = (id) => spawnSync(process.execPath, [bin, '--rule', `${id}: warn`, '--print-config', join(corpus, readdirSync(corpus)[0])], {encoding: 'utf8'}).status === 0;
const on = SYSTEM_RULES.filter(probe);
writeFileSync(offConfig, JSON.stringify({}));
writeFileSync(onConfig, JSON.stringify({rules: Object.fromEntries(on.map((id) => [id, 'warn']))}));
const cacheFile = join(work, 'speclintcache');
const rusageFile = join(work, 'rusage.jsonl');
const rusageHook = join(root, 'scripts', 'bench', 'rusage.mjs');

function measure(argv) {
  rmSync(rusageFile, {force: true});
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', rusageHook, bin, ...argv], {
    cwd: work,
    env: {...process.env, BENCH_RUSAGE_FILE: rusageFile, NO_COLOR: '1', FORCE_COLOR: '0'},
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0 && r.status !== 1) {
    console.error(`bench:system: ${argv.join(' ')} exited ${r.status}\n${r.stderr}`);
    process.exit(2);
  }
  const usage = JSON.parse(readFileSync(rusageFile, 'utf8').trim().split('\n').pop());
  const findings = JSON.parse(r.stdout).reduce((n, f) => n + f.messages.filter((m) => m.ruleId?.startsWith('system-')).length, 0);
  return {wallMs, cpuMs: (usage.userUs + usage.systemUs) / 1000, rssMb: usage.maxRssKb / 1024, systemFindings: findings, stderr: r.stderr};
}

const common = ['-j', '1', '-f', 'json', 'specs'];
const variants = {
  'cold, system rules off': () => measure(['-c', offConfig, ...common]),
  'cold, system rules on': () => measure(['-c', onConfig, ...common]),
  'warm --cache, rules on': () => measure(['-c', onConfig, '--cache', '--cache-location', cacheFile, '-v', ...common]),
};
// Fill the cache once (and warm the disk cache) before timing.
measure(['-c', onConfig, '--cache', '--cache-location', cacheFile, ...common]);
const samples = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
// Rounds alternate the order of the two cold runs (off, on / on, off), so neither always runs second.
const [offName, onName, warmName] = Object.keys(variants);
for (let i = 0; i < runs; i++) {
  for (const name of i % 2 ? [onName, offName, warmName] : [offName, onName, warmName]) samples[name].push(variants[name]());
}
const warmLine = /speclint: cache .+: (\d+) files reused, (\d+) linted/.exec(samples['warm --cache, rules on'].at(-1).stderr);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const rows = Object.entries(samples).map(([name, list]) => ({
  name,
  wallMs: median(list.map((s) => s.wallMs)),
  cpuMs: median(list.map((s) => s.cpuMs)),
  rssMb: median(list.map((s) => s.rssMb)),
  systemFindings: list[0].systemFindings,
  walls: list.map((s) => Math.round(s.wallMs)),
}));
const [off, onRow, warm] = rows;
const pct = (x) => `${(x * 100).toFixed(1)}%`;
console.log(`bench:system: ${written} specs (${groups} groups of ${ok.length}, one in five with the planted problems), ${(bytes / 1024 / 1024).toFixed(2)} MiB; ${runs} runs each, medians; node ${process.version}, ${os.availableParallelism()} CPUs; ${bin}`);
console.log(`system rules on: ${on.join(', ')}`);
console.log('');
console.log('| Run | Wall (median) | CPU (median) | Peak RSS | System findings | Walls (ms) |');
console.log('| --- | ---: | ---: | ---: | ---: | --- |');
for (const r of rows) console.log(`| ${r.name} | ${(r.wallMs / 1000).toFixed(2)} s | ${(r.cpuMs / 1000).toFixed(2)} s | ${r.rssMb.toFixed(0)} MB | ${r.systemFindings} | ${r.walls.join(', ')} |`);
console.log('');
// Each round's rules-on run against the rules-off run beside it: a load that drifts over minutes hits both alike.
const paired = (key) => samples[onName].map((s, i) => s[key] / samples[offName][i][key] - 1);
const pairedWall = paired('wallMs');
const pairedCpu = paired('cpuMs');
const added = median(pairedWall);
const addedCpu = median(pairedCpu);
const warmShare = warm.wallMs / onRow.wallMs;
const list = (xs) => xs.map((x) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}`).join(', ');
console.log(`rules on against rules off, round by round: wall ${list(pairedWall)} %; CPU ${list(pairedCpu)} %`);
console.log(`system checks add ${pct(addedCpu)} CPU, ${pct(added)} wall to a cold run (median of the rounds; target ≤ 5%: ${addedCpu <= 0.05 ? 'met' : 'missed'} in CPU)`);
// The work itself, without the noise of whole runs: in one process, lint once with the rules on, then time reading
// every spec's facts and running the checks once more on the same models (see bench/system-cost.mjs).
if (!args.bin) {
  const cost = spawnSync(process.execPath, [join(root, 'scripts', 'bench', 'system-cost.mjs'), work, onConfig], {encoding: 'utf8'});
  if (cost.status === 0) {
    const c = JSON.parse(cost.stdout);
    console.log(`in one process: the lint ${(c.lintCpuMs / 1000).toFixed(2)} s CPU; reading the facts of ${c.files} specs ${c.factsMs.toFixed(0)} ms and the checks ${c.checksMs.toFixed(0)} ms the first time (${pct((c.factsMs + c.checksMs) / c.lintCpuMs)} of the lint), ${c.factsWarmMs.toFixed(0)} + ${c.checksWarmMs.toFixed(0)} ms once warm`);
  } else console.error(`bench:system: system-cost.mjs failed\n${cost.stderr}`);
}
console.log(`warm --cache run: ${pct(warmShare)} of the cold run with the rules on (target ≤ 5%: ${warmShare <= 0.05 ? 'met' : 'missed'})${warmLine ? `; cache: ${warmLine[1]} reused, ${warmLine[2]} linted` : ''}`);
if (args.json) writeFileSync(args.json, JSON.stringify({files: written, bytes, runs, bin, rows, pairedWall, pairedCpu, added, addedCpu, warmShare}, null, 2));
if (args.keep) console.log(`kept ${work}`);
else rmSync(work, {recursive: true, force: true});
