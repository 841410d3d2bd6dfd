// Preloaded into a measured process (node --import): at exit, append its own
// resource usage (peak RSS, CPU time) as one JSON line to $BENCH_RUSAGE_FILE.
// Works for any Node program, whether it exits by itself or calls process.exit.
// The numbers are the whole process's: with speclint's worker threads they
// include every worker (which also preload this file, and are skipped).
import {appendFileSync} from 'node:fs';
import {isMainThread} from 'node:worker_threads';

const out = process.env.BENCH_RUSAGE_FILE;
if (out && isMainThread) {
  process.on('exit', (code) => {
    const r = process.resourceUsage();
    appendFileSync(out, JSON.stringify({pid: process.pid, code, maxRssKb: r.maxRSS, userUs: r.userCPUTime, systemUs: r.systemCPUTime}) + '\n');
  });
}
