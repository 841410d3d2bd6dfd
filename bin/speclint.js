#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run on install by `prepare`).
import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('speclint: error: not built; run "npm run build" in the speclint package\n');
  process.exit(2);
}
// A closed pipe (speclint ... | head) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
const {main} = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
