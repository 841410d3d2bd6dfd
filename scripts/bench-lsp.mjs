#!/usr/bin/env node
// speclint language server benchmark (npm run bench:lsp): how long after an
// edit an editor shows the new diagnostics of a ~40 KB spec.
//
// Starts `node bin/speclint.js lsp` as an editor does, opens one spec per
// profile (a fixture grown to 40 KB by the benchmark's corpus generator,
// scripts/bench/corpus.mjs: more table rows, scenarios and prose), then
// types: each edit is one incremental didChange inserting or deleting a
// character in the middle of the document, sent once the diagnostics of the
// previous one arrived. It times each didChange to its publishDiagnostics
// (for that version), twice: with the debounce off (`debounceMs: 0`: the
// server's own latency, lint and conversion) and with the default 200 ms
// debounce (what a user sees after the last keystroke). Prints the median,
// p90 and max per spec, and the server's CPU time per edit (Linux), which a
// machine shared with other jobs inflates less than the wall time. A benchmark, not a test: it never fails on a slow result.
//
//   npm run bench:lsp -- [--edits N] [--json FILE]
import {spawn} from 'node:child_process';
import os from 'node:os';
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {parseArgs} from 'node:util';
import {createProtocolConnection, StreamMessageReader, StreamMessageWriter} from 'vscode-languageserver-protocol/node';
import {prng, vary} from './bench/corpus.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const {values: args} = parseArgs({options: {edits: {type: 'string', default: '20'}, json: {type: 'string'}}});
const edits = Number(args.edits);
const TARGET = 40 * 1024;

const SPECS = [
  ['service-design', 'fixtures/service-design/ok-payments-service.md'],
  ['backend-spec', 'fixtures/backend-spec/ok-payments-service.md'],
  ['tech-spec', 'fixtures/tech-spec/ok-notification-delivery.md'],
];

/** CPU time the server process has used, in ms (Linux /proc; undefined elsewhere). */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return undefined;
  }
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function session(debounceMs) {
  const child = spawn(process.execPath, [join(root, 'bin', 'speclint.js'), 'lsp'], {cwd: root, stdio: ['pipe', 'pipe', 'inherit']});
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiting = new Map();
  connection.onNotification('textDocument/publishDiagnostics', (p) => {
    const key = `${p.uri}#${p.version}`;
    waiting.get(key)?.(p);
    waiting.delete(key);
  });
  connection.listen();
  const published = (uri, version) => new Promise((resolve) => waiting.set(`${uri}#${version}`, resolve));
  await connection.sendRequest('initialize', {processId: process.pid, rootUri: pathToFileURL(root).href, capabilities: {}, initializationOptions: {debounceMs}});
  await connection.sendNotification('initialized', {});
  const results = [];
  for (const [profile, fixture] of SPECS) {
    const text = vary(readFileSync(join(root, fixture), 'utf8'), prng(20260101), TARGET, TARGET + 2048).text;
    const uri = pathToFileURL(join(root, 'fixtures', profile, `bench-lsp-${profile}.md`)).href;
    let t = performance.now();
    const opened = published(uri, 1);
    await connection.sendNotification('textDocument/didOpen', {textDocument: {uri, languageId: 'markdown', version: 1, text}});
    const first = await opened;
    const openMs = performance.now() - t;
    // Type in the middle of a prose line: a character in, then out again.
    const lines = text.split('\n');
    const line = lines.findIndex((l, i) => i > lines.length / 2 && /^[A-Za-z]/.test(l) && l.length > 20);
    const times = [];
    const cpuBefore = cpuMs(child.pid);
    for (let v = 2; v < edits + 2; v++) {
      const insert = v % 2 === 0;
      const change = insert
        ? {range: {start: {line, character: 5}, end: {line, character: 5}}, text: 'x'}
        : {range: {start: {line, character: 5}, end: {line, character: 6}}, text: ''};
      const next = published(uri, v);
      t = performance.now();
      await connection.sendNotification('textDocument/didChange', {textDocument: {uri, version: v}, contentChanges: [change]});
      await next;
      times.push(performance.now() - t);
    }
    const cpuAfter = cpuMs(child.pid);
    times.sort((a, b) => a - b);
    results.push({
      cpuPerEditMs: cpuBefore === undefined ? undefined : Math.round((cpuAfter - cpuBefore) / edits),
      profile,
      bytes: Buffer.byteLength(text),
      findings: first.diagnostics.length,
      openMs: Math.round(openMs),
      medianMs: Math.round(percentile(times, 50)),
      p90Ms: Math.round(percentile(times, 90)),
      maxMs: Math.round(times[times.length - 1]),
    });
  }
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  await new Promise((resolve) => child.on('exit', resolve));
  return results;
}

const report = {edits, sessions: []};
for (const debounceMs of [0, 200]) {
  const results = await session(debounceMs);
  report.sessions.push({debounceMs, results});
  console.log(`\ndebounce ${debounceMs} ms${debounceMs ? ' (the default: included in the times)' : ' (excluded: the server alone)'}, ${edits} edits per spec`);
  console.log('spec              size     findings  open      didChange -> publishDiagnostics: median     p90      max   server CPU per edit');
  for (const r of results) {
    const ms = (n) => `${String(n ?? '-').padStart(5)} ms`;
    console.log(
      `${r.profile.padEnd(16)}  ${(r.bytes / 1024).toFixed(1).padStart(5)} KB  ${String(r.findings).padStart(8)}  ${ms(r.openMs)}                                ${ms(r.medianMs)}  ${ms(r.p90Ms)}  ${ms(r.maxMs)}  ${ms(r.cpuPerEditMs)}`,
    );
  }
}
console.log(`\ntarget: didChange answered within 300 ms for a 40 KB spec (load average ${os.loadavg().map((n) => n.toFixed(1)).join(', ')} on ${os.availableParallelism()} CPUs)`);
if (args.json) writeFileSync(args.json, JSON.stringify(report, null, 2) + '\n');
