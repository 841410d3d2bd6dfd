#!/usr/bin/env node
// speclint benchmark (npm run bench). Generates a deterministic corpus of
// realistic specs (scripts/bench/corpus.mjs) in a temp directory, then times,
// each as a child process over the same files:
//
//   parse floor        read + parse with mdast-util-from-markdown and only the
//                      GFM table, task-list and front-matter extensions
//   speclint --jobs 1  node bin/speclint.js --jobs 1 CORPUS (in-process)
//   speclint           the default, --jobs auto (a worker pool on a multi-core machine)
//   speclint --cache   warm: a second --cache run over the unchanged corpus
//   markdownlint-cli2  its default rules, "**/*.md" in CORPUS
//   rumdl              `rumdl check --no-cache CORPUS`, its native binary (installed
//                      into bench-tools/ for the benchmark only, not a dependency)
//   remark-cli         remark-lint with remark-preset-lint-recommended over CORPUS
//
// and `speclint one-file.md` (median of several runs). Prints wall time
// (median), CPU time, MB/s, peak RSS and the ratios, against the targets.
// It is a benchmark, not a test: it never fails on a slow result.
//
//   npm run bench -- [--files N] [--seed N] [--runs N] [--one-file-runs N] [--phases] [--threshold]
//                    [--skip-warmup] [--skip-markdownlint] [--skip-others] [--keep] [--json FILE]
//   npm run bench:scale   (10,000 specs, one run each, no one-file runs)
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import {join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {generateCorpus} from './bench/corpus.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const {values: args} = parseArgs({
  options: {
    files: {type: 'string', default: '600'},
    seed: {type: 'string', default: '20260101'},
    runs: {type: 'string', default: '3'},
    'one-file-runs': {type: 'string', default: '11'},
    phases: {type: 'boolean', default: false},
    threshold: {type: 'boolean', default: false},
    'skip-warmup': {type: 'boolean', default: false},
    'skip-markdownlint': {type: 'boolean', default: false},
    'skip-others': {type: 'boolean', default: false},
    keep: {type: 'boolean', default: false},
    json: {type: 'string'},
  },
});
const count = Number(args.files);
const runs = Number(args.runs);
const oneFileRuns = Number(args['one-file-runs']);

const speclintBin = join(root, 'bin', 'speclint.js');
const markdownlintBin = join(root, 'node_modules', 'markdownlint-cli2', 'markdownlint-cli2-bin.mjs');
const remarkBin = join(root, 'node_modules', 'remark-cli', 'cli.js');
/**
 * rumdl, a Rust Markdown linter, is installed for the benchmark only, into
 * bench-tools/ (git-ignored), never as a dependency of speclint: its npm
 * package depends on one native binary package per platform, and a
 * registry that lacks one of them breaks `npm ci` for everyone. Its npm
 * package is a Node wrapper that spawns the binary; the binary is run
 * directly, since the wrapper's Node start is not rumdl's cost. Undefined
 * (the row is reported missing) when it cannot be installed here.
 */
const RUMDL_VERSION = '0.2.75';
function rumdlBinary() {
  const tools = join(root, 'bench-tools');
  const libc = os.platform() === 'linux' && existsSync('/etc/alpine-release') ? '-musl' : '';
  const dir = join(tools, 'node_modules', '@rumdl', `cli-${os.platform()}-${os.arch()}${libc}`);
  const bin = join(dir, os.platform() === 'win32' ? 'rumdl.exe' : 'rumdl');
  if (!existsSync(bin)) {
    const npm = os.platform() === 'win32' ? 'npm.cmd' : 'npm';
    spawnSync(npm, ['install', '--prefix', tools, '--no-save', '--no-audit', '--no-fund', '--no-package-lock', `rumdl@${RUMDL_VERSION}`], {stdio: 'ignore'});
  }
  return existsSync(bin) ? bin : undefined;
}
/** GNU time gives a native program's CPU time and peak RSS (Node programs report their own). */
const gnuTime = ['/usr/bin/time', '/bin/time'].find((p) => existsSync(p));
const floorScript = join(root, 'scripts', 'bench', 'parse-floor.mjs');
const rusageHook = join(root, 'scripts', 'bench', 'rusage.mjs');
/** Run one of the build scripts, as `npm run build` would, or stop. */
function runBuildStep(script, why) {
  console.error(`bench: ${why}; running scripts/${script}`);
  const r = spawnSync(process.execPath, [join(root, 'scripts', script)], {stdio: 'inherit'});
  if (r.status !== 0) process.exit(2);
}
if (!existsSync(join(root, 'dist', 'src', 'cli.js'))) {
  console.error('bench: speclint is not built; run "npm run build" first');
  process.exit(2);
}
{
  // The CLI loads the built-in profiles from dist/profiles.json when it matches
  // the YAML and code it was built from; else it validates the YAML at start-up
  // (~250 ms). Benchmark what `npm run build` gives: rebuild it when stale.
  const {builtinProfilesFingerprint, builtinProfilesJsonPath} = await import(new URL('../dist/src/profiles/built-in.js', import.meta.url).href);
  let fresh = false;
  try {
    fresh = JSON.parse(readFileSync(builtinProfilesJsonPath(), 'utf8')).fingerprint === builtinProfilesFingerprint();
  } catch {}
  if (!fresh) runBuildStep('build-profiles.mjs', 'dist/profiles.json is missing or stale');
}
{
  // Likewise the bundled dependencies (scripts/build-vendor.mjs): without them
  // the CLI loads about 1,400 modules one by one and starts far slower.
  const {isVendorBundle} = await import(new URL('./build-vendor.mjs', import.meta.url).href);
  if (!isVendorBundle('src/lib/vendor.js') || !isVendorBundle('src/mermaid/load.js')) {
    runBuildStep('build-vendor.mjs', 'dist/src/lib/vendor.js or src/mermaid/load.js is not bundled');
  }
}
if (!existsSync(markdownlintBin)) {
  console.error('bench: markdownlint-cli2 is not installed (a devDependency); run "npm install"');
  process.exit(2);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const work = mkdtempSync(join(os.tmpdir(), 'speclint-bench-'));
const corpus = join(work, 'corpus');
const rusageFile = join(work, 'rusage.jsonl');
// Outside the corpus, so no tool sees it.
const cacheFile = join(work, 'speclintcache');

/**
 * Run a Node program as a child process; wall time measured here, peak RSS
 * and CPU time reported by the child itself at exit (scripts/bench/rusage.mjs).
 * With `native`, argv[0] is a native program, measured with GNU time.
 */
function measure(argv, {cwd = root, okCodes = [0], native = false} = {}) {
  if (native) return measureNative(argv, {cwd, okCodes});
  rmSync(rusageFile, {force: true});
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', rusageHook, ...argv], {
    cwd,
    env: {...process.env, BENCH_RUSAGE_FILE: rusageFile, NO_COLOR: '1', FORCE_COLOR: '0'},
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.error) throw r.error;
  if (!okCodes.includes(r.status)) {
    throw new Error(`${argv.map((a) => relative(root, a) || a).join(' ')} exited ${r.status}:\n${r.stderr.slice(0, 2000)}`);
  }
  const usage = readFileSync(rusageFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  // One line per Node process that ran (a process speclint starts reports too): CPU summed, the largest peak.
  const cpuUs = usage.reduce((n, u) => n + u.userUs + u.systemUs, 0);
  return {wallMs, cpuMs: cpuUs / 1000, maxRssKb: Math.max(...usage.map((u) => u.maxRssKb)), stderr: r.stderr};
}

const timeFile = join(work, 'time.txt');
function measureNative(argv, {cwd, okCodes}) {
  rmSync(timeFile, {force: true});
  const start = process.hrtime.bigint();
  const r = spawnSync(gnuTime, ['-f', '%U %S %M', '-o', timeFile, ...argv], {cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024});
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.error) throw r.error;
  if (!okCodes.includes(r.status)) throw new Error(`${argv.join(' ')} exited ${r.status}:\n${r.stderr.slice(0, 2000)}`);
  const [user, sys, rssKb] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
  return {wallMs, cpuMs: (user + sys) * 1000, maxRssKb: rssKb, stderr: r.stderr};
}

function summarise(samples) {
  return {
    wallMs: median(samples.map((s) => s.wallMs)),
    cpuMs: median(samples.map((s) => s.cpuMs)),
    maxRssKb: Math.max(...samples.map((s) => s.maxRssKb)),
    samplesMs: samples.map((s) => Math.round(s.wallMs)),
    // speclint -v says how it linted (in-process or with N workers) and what the cache gave.
    ...(/^speclint: linted (.+)$/m.exec(samples[0].stderr ?? '') ? {mode: /^speclint: linted (.+)$/m.exec(samples[0].stderr)[1]} : {}),
    ...(/^speclint: cache .+: (.+)$/m.exec(samples[0].stderr ?? '') ? {cache: /^speclint: cache .+: (.+)$/m.exec(samples[0].stderr)[1]} : {}),
  };
}

/**
 * Run each job `n` times, interleaved (a, b, c, a, b, c, ...), so a change
 * in the machine's load during the benchmark hits every job alike.
 */
function rounds(n, jobs) {
  const samples = Object.fromEntries(Object.keys(jobs).map((k) => [k, []]));
  for (let i = 0; i < n; i++) {
    for (const [label, {argv, options}] of Object.entries(jobs)) {
      const s = measure(argv, options);
      samples[label].push(s);
      process.stderr.write(`bench: ${label} run ${i + 1}/${n}: ${(s.wallMs / 1000).toFixed(2)} s\n`);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summarise(v)]));
}

// --- corpus
const t0 = performance.now();
const files = generateCorpus({fixturesDir: join(root, 'fixtures'), dir: corpus, count, seed: Number(args.seed)});
const genMs = performance.now() - t0;
const bytes = files.reduce((n, f) => n + f.bytes, 0);
const sizes = files.map((f) => f.bytes).sort((a, b) => a - b);
const perProfile = {};
for (const f of files) perProfile[f.profile] = (perProfile[f.profile] ?? 0) + 1;
const oneFile = files.find((f) => f.bytes === sizes[Math.floor(sizes.length / 2)]);
oneFile.mermaid = (readFileSync(oneFile.path, 'utf8').match(/^```mermaid$/gm) ?? []).length;

const machine = {
  cpus: os.availableParallelism(),
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
  node: process.version,
  loadavgBefore: os.loadavg().map((x) => x.toFixed(2)).join(' '),
};
console.log(`speclint benchmark: ${files.length} specs, ${(bytes / 1e6).toFixed(2)} MB (sizes ${(sizes[0] / 1024).toFixed(1)}-${(sizes.at(-1) / 1024).toFixed(1)} KiB, median ${(sizes[sizes.length >> 1] / 1024).toFixed(1)} KiB), ${files.filter((f) => f.broken).length} built from broken fixtures; seed ${args.seed}; generated in ${genMs.toFixed(0)} ms`);
console.log(`profiles: ${Object.entries(perProfile).map(([p, n]) => `${p} ${n}`).join(', ')}`);
console.log(`machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memory}, Node ${machine.node}, load average ${machine.loadavgBefore}`);

const okLint = {okCodes: [0, 1]};
const withMdl = !args['skip-markdownlint'];
// The other Markdown linters, over the same files (devDependencies; a tool that is not installed is reported, not run).
const others = {};
const missing = [];
if (!args['skip-others']) {
  const rumdl = rumdlBinary();
  if (!rumdl) missing.push(`rumdl (could not install rumdl@${RUMDL_VERSION} for ${os.platform()}-${os.arch()} into bench-tools/)`);
  else if (!gnuTime) missing.push('rumdl (no /usr/bin/time to measure a native program with)');
  else others.rumdl = {argv: [rumdl, 'check', '--no-cache', '--quiet', corpus], options: {okCodes: [0, 1], native: true}};
  if (existsSync(remarkBin)) others['remark-cli'] = {argv: [remarkBin, '--no-stdout', '--quiet', '--no-config', '--no-ignore', '--use', 'remark-preset-lint-recommended', corpus], options: {okCodes: [0, 1]}};
  else missing.push('remark-cli (not installed)');
}
for (const m of missing) console.log(`bench: not run: ${m}`);
if (args['skip-warmup']) {
  // Only warm the page cache (a 10,000-spec run is long enough without untimed rounds).
  for (const f of files) readFileSync(f.path);
} else {
  // Warm the page cache, and check that each tool runs, before timing.
  measure([floorScript, corpus]);
  measure([speclintBin, '--jobs', '1', corpus], okLint);
  if (withMdl) measure([markdownlintBin, '**/*.md'], {cwd: corpus, okCodes: [0, 1]});
  for (const {argv, options} of Object.values(others)) measure(argv, options);
}
// A cold --cache run fills the cache the warm runs read (timed once: the cost of writing it).
rmSync(cacheFile, {force: true});
const cacheArgs = ['--cache', '--cache-location', cacheFile];
const coldCache = measure([speclintBin, '-v', ...cacheArgs, corpus], okLint);
process.stderr.write(`bench: speclint --cache (cold) run 1/1: ${(coldCache.wallMs / 1000).toFixed(2)} s\n`);

const results = rounds(runs, {
  'parse floor': {argv: [floorScript, corpus]},
  'speclint --jobs 1': {argv: [speclintBin, '--jobs', '1', corpus], options: okLint},
  speclint: {argv: [speclintBin, '-v', corpus], options: okLint},
  'speclint --cache (warm)': {argv: [speclintBin, '-v', ...cacheArgs, corpus], options: okLint},
  ...(withMdl ? {'markdownlint-cli2': {argv: [markdownlintBin, '**/*.md'], options: {cwd: corpus, okCodes: [0, 1]}}} : {}),
  ...others,
});
results['speclint --cache (cold)'] = summarise([coldCache]);
// The README's example spec, a small one (3.4 KB), and a corpus spec of median size.
const smallFile = join(root, 'fixtures', 'service-design', 'ok-payments-service.md');
const starts = oneFileRuns > 0
  ? rounds(oneFileRuns, {
      'node -e 0': {argv: ['-e', '0']},
      'speclint one file': {argv: [speclintBin, oneFile.path], options: okLint},
      'speclint small file': {argv: [speclintBin, smallFile]},
    })
  : {};
const nodeStart = starts['node -e 0'];
const single = starts['speclint one file'];
const small = starts['speclint small file'];
machine.loadavgAfter = os.loadavg().map((x) => x.toFixed(2)).join(' ');

// --- report
const floor = results['parse floor'];
const mdl = results['markdownlint-cli2'];
const serial = results['speclint --jobs 1'];
const spec = results.speclint;
const warm = results['speclint --cache (warm)'];
const defaultMode = spec.mode ?? 'unknown';
const labels = {speclint: `speclint (default: ${defaultMode})`};
const rows = [['', runs > 1 ? `wall (median of ${runs})` : 'wall', 'CPU (user+sys)', 'MB/s', 'peak RSS', 'x parse floor (wall / CPU)', 'x markdownlint-cli2 (wall / CPU)']];
for (const [name, r] of Object.entries(results)) {
  rows.push([
    labels[name] ?? name,
    `${(r.wallMs / 1000).toFixed(2)} s`,
    `${(r.cpuMs / 1000).toFixed(2)} s`,
    (bytes / 1e6 / (r.wallMs / 1000)).toFixed(2),
    `${(r.maxRssKb / 1024).toFixed(0)} MB`,
    `${(r.wallMs / floor.wallMs).toFixed(2)} / ${(r.cpuMs / floor.cpuMs).toFixed(2)}`,
    mdl ? `${(r.wallMs / mdl.wallMs).toFixed(2)} / ${(r.cpuMs / mdl.cpuMs).toFixed(2)}` : '',
  ]);
}
// One-file runs: the time itself, and what it adds to Node's own start (`node -e 0`).
const ms = (x) => `${x.toFixed(0)} ms`;
const plus = (x) => `${x >= 0 ? '+' : ''}${x.toFixed(0)} ms`;
const oneFileRow = (label, r) => [label, `${ms(r.wallMs)} (${plus(r.wallMs - nodeStart.wallMs)})`, `${ms(r.cpuMs)} (${plus(r.cpuMs - nodeStart.cpuMs)})`, '', `${(r.maxRssKb / 1024).toFixed(0)} MB`, '', ''];
if (single) {
  rows.push(oneFileRow(`speclint one file (${(oneFile.bytes / 1024).toFixed(1)} KiB, ${oneFile.mermaid} mermaid blocks)`, single));
  rows.push(oneFileRow(`speclint fixtures/service-design/ok-payments-service.md (${(readFileSync(smallFile).length / 1024).toFixed(1)} KiB, no diagram)`, small));
  rows.push(['node -e 0 (Node start-up)', ms(nodeStart.wallMs), ms(nodeStart.cpuMs), '', `${(nodeStart.maxRssKb / 1024).toFixed(0)} MB`, '', '']);
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
const line = (r) => `| ${r.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
console.log('');
console.log(line(rows[0]));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows.slice(1)) console.log(line(r));
console.log('');

const verdict = (ok) => (ok ? 'met' : 'MISSED');
const serialWall = serial.wallMs / floor.wallMs;
const serialCpu = serial.cpuMs / floor.cpuMs;
console.log(`target: speclint --jobs 1 at most 1.25x the parse floor: ${serialWall.toFixed(2)}x wall, ${serialCpu.toFixed(2)}x CPU -> ${verdict(serialWall <= 1.25 && serialCpu <= 1.25)}`);
if (mdl) {
  const vsMdl = spec.wallMs / mdl.wallMs;
  console.log(`target: default jobs (${defaultMode}) at most 0.75x markdownlint-cli2's wall time: ${vsMdl.toFixed(2)}x (CPU ${(spec.cpuMs / mdl.cpuMs).toFixed(2)}x) -> ${verdict(vsMdl <= 0.75)}`);
}
const warmShare = warm.wallMs / spec.wallMs;
console.log(`target: warm cache at most 5% of the cold run: ${warm.wallMs.toFixed(0)} ms (${warm.cache}), ${(warmShare * 100).toFixed(1)}% of the default run -> ${verdict(warmShare <= 0.05)}; the cold --cache run (${results['speclint --cache (cold)'].mode}, writing the cache) took ${(results['speclint --cache (cold)'].wallMs / 1000).toFixed(2)} s`);
if (single) {
  const smallOver = small.wallMs - nodeStart.wallMs;
  const diagrams = single.wallMs - small.wallMs;
  console.log(`target: one file without diagrams at most node -e 0 + 100 ms: ${plus(smallOver)} wall (CPU ${plus(small.cpuMs - nodeStart.cpuMs)}) -> ${verdict(smallOver <= 100)}`);
  console.log(`target: one file with ${oneFile.mermaid} diagrams at most the file without + 100 ms: ${plus(diagrams)} wall (CPU ${plus(single.cpuMs - small.cpuMs)}; runs: ${single.samplesMs.join(', ')}) -> ${verdict(diagrams <= 100)}`);
}
const peak = Math.max(serial.maxRssKb, spec.maxRssKb, warm.maxRssKb, results['speclint --cache (cold)'].maxRssKb) / 1024;
console.log(`target: peak RSS at most 400 MB at 10,000 specs, the cold --cache run included: ${files.length} specs here, peak ${peak.toFixed(0)} MB (--jobs 1 ${(serial.maxRssKb / 1024).toFixed(0)} MB, default ${(spec.maxRssKb / 1024).toFixed(0)} MB, cold --cache ${(results['speclint --cache (cold)'].maxRssKb / 1024).toFixed(0)} MB) -> ${files.length >= 10000 ? verdict(peak <= 400) : 'run npm run bench:scale'}`);
console.log(`load average before ${machine.loadavgBefore}, after ${machine.loadavgAfter} (other processes make wall times noisy; CPU times less so)`);

let threshold;
if (args.threshold) {
  // Where a pool starts to pay: the first N specs, --jobs 1 against --jobs <CPUs>, interleaved.
  const cpus = os.availableParallelism();
  const sizes = [10, 25, 50, 100, 150, 200, 300].filter((n) => n <= files.length);
  threshold = {cpus, sizes: {}};
  console.log(`\npool start-up (--jobs 1 against --jobs ${cpus}, median of ${Math.max(runs, 3)}):`);
  for (const n of sizes) {
    const paths = files.slice(0, n).map((f) => f.path);
    const r = rounds(Math.max(runs, 3), {
      [`${n} specs --jobs 1`]: {argv: [speclintBin, '--jobs', '1', ...paths], options: okLint},
      [`${n} specs --jobs ${cpus}`]: {argv: [speclintBin, '--jobs', String(cpus), ...paths], options: okLint},
    });
    const [one, pool] = Object.values(r);
    threshold.sizes[n] = {serialMs: one.wallMs, poolMs: pool.wallMs, serialCpuMs: one.cpuMs, poolCpuMs: pool.cpuMs};
    console.log(`  ${String(n).padStart(3)} specs: --jobs 1 ${one.wallMs.toFixed(0)} ms (CPU ${one.cpuMs.toFixed(0)}), --jobs ${cpus} ${pool.wallMs.toFixed(0)} ms (CPU ${pool.cpuMs.toFixed(0)}): pool ${(pool.wallMs / one.wallMs).toFixed(2)}x`);
  }
}

let phases;
if (args.phases) {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'bench', 'phases.mjs'), corpus], {encoding: 'utf8', maxBuffer: 16 * 1024 * 1024});
  if (r.status === 0) {
    phases = JSON.parse(r.stdout);
    const p = phases.ms;
    console.log(`\nin one process: parse ${p.parse} ms, spec model ${p.model} ms, detection ${p.detect} ms, rules ${p.rules} ms; lintText in all ${p.lintText} ms (${(p.lintText / p.parse).toFixed(2)}x the parse)`);
    console.log(`rules: ${Object.entries(phases.rules).map(([id, t]) => `${id} ${t}`).join(', ')} (ms)`);
  } else {
    console.error(`bench: phases failed: ${r.stderr}`);
  }
}

if (args.json) {
  writeFileSync(args.json, JSON.stringify({corpus: {files: files.length, bytes, perProfile, seed: Number(args.seed)}, machine, defaultMode, results, oneFile: {bytes: oneFile.bytes, ...single}, smallFile: small, nodeStart, phases, threshold}, null, 2) + '\n');
}
if (args.keep) console.log(`corpus kept in ${corpus}`);
else rmSync(work, {recursive: true, force: true});
