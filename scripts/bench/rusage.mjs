// Preloaded into a measured process (node --import): at exit, append its own
// resource usage (peak RSS, CPU time) as one JSON line to $BENCH_RUSAGE_FILE.
// Works for any Node program, whether it exits by itself or calls process.exit.
import {appendFileSync} from 'node:fs';

const out = process.env.BENCH_RUSAGE_FILE;
if (out) {
  process.on('exit', (code) => {
    const r = process.resourceUsage();
    appendFileSync(out, JSON.stringify({pid: process.pid, code, maxRssKb: r.maxRSS, userUs: r.userCPUTime, systemUs: r.systemCPUTime}) + '\n');
  });
}
