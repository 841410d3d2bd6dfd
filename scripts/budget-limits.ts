/**
 * Calibrate the pre-scan limits of src/engine/budget.ts:
 * `npx tsx scripts/budget-limits.ts [DIR...]`.
 *
 * 1. For each limit, a document of the pathological shape just inside it is
 *    linted with no time limit: how long the parser takes where the
 *    pre-scan stops letting it through (the limits should sit at about a
 *    second on a 2-core CI machine, a tenth of the default budget).
 * 2. Every Markdown file under DIR (default: fixtures/) is measured: the
 *    largest value of each measure, and which file has it, so the limits can
 *    be checked to sit far above what real specs hold.
 */
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join, relative} from 'node:path';
import {prescan, PRESCAN_LIMITS, type PrescanLimit} from '../src/engine/prescan.js';
import {lintText} from '../src/engine/lint.js';
import {builtinProfiles} from '../src/profiles/built-in.js';

const root = join(import.meta.dirname, '..');

function backtickRuns(n: number): string {
  let out = '';
  for (let i = 1; i <= n; i++) out += 'e' + '`'.repeat(i);
  return out + '\n';
}

/** The largest n for which `make(n)` passes the pre-scan (make grows with n). */
function largestPassing(make: (n: number) => string, high: number): number {
  let low = 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (prescan(make(mid))) high = mid - 1;
    else low = mid;
  }
  return low;
}

const sequence = (lines: number) =>
  readFileSync(join(root, 'fixtures/service-design/ok-payments-service.md'), 'utf8') +
  '\n## Appendix\n\n```mermaid\nsequenceDiagram\n' +
  'A->>B: call\n'.repeat(lines - 1) +
  '```\n';

const AT_LIMIT: Array<{limit: PrescanLimit; shape: string; text: string; profile?: string}> = [
  {limit: 'depth', shape: "'- ' x 100 + 'x'", text: '- '.repeat(PRESCAN_LIMITS.depth) + 'x\n'},
  {limit: 'depth', shape: "'>' x 100", text: '>'.repeat(PRESCAN_LIMITS.depth) + '\n'},
  {limit: 'blockLines', shape: "'a\\n' x 10,000", text: 'a\n'.repeat(PRESCAN_LIMITS.blockLines)},
  {limit: 'emphasis', shape: "'*_' x 2,000", text: '*_'.repeat(PRESCAN_LIMITS.emphasis / 2) + '\n'},
  {limit: 'lineCells', shape: "'|' x 500", text: '|'.repeat(PRESCAN_LIMITS.lineCells) + '\n'},
  {
    limit: 'lineCells',
    shape: '499 columns, 3 rows',
    text: ['|' + ' a |'.repeat(499), '|' + ' - |'.repeat(499), '|' + ' 1 |'.repeat(499)].join('\n') + '\n',
  },
  {
    limit: 'tableCells',
    shape: '2 columns, 3,331 rows',
    text: '| a | b |\n| - | - |\n' + '| 1 | 2 |\n'.repeat(Math.floor(PRESCAN_LIMITS.tableCells / 3) - 2),
  },
  {
    limit: 'tableCells',
    shape: '10 columns, 907 rows',
    text: '|' + ' a |'.repeat(10) + '\n|' + ' - |'.repeat(10) + '\n' + ('|' + ' 1 |'.repeat(10) + '\n').repeat(Math.floor(PRESCAN_LIMITS.tableCells / 11) - 2),
  },
  {limit: 'backticks', shape: 'e`e``e```…', text: backtickRuns(largestPassing(backtickRuns, 2000))},
  {limit: 'brackets', shape: "'[x]: ' x 5,000", text: '[x]: '.repeat(PRESCAN_LIMITS.brackets) + '\n'},
  {limit: 'brackets', shape: "'[x]: \\n' x 5,000", text: '[x]: \n'.repeat(PRESCAN_LIMITS.brackets)},
  {limit: 'mermaidLines', shape: 'sequence diagram of 1,000 lines', text: sequence(PRESCAN_LIMITS.mermaidLines), profile: 'service-design'},
];

async function time(text: string, profile?: string): Promise<{ms: number; cpu: number; result: string}> {
  const profiles = builtinProfiles();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const outcome = await lintText(text, {filePath: 'x.md', profiles, explicit: true, forcedProfile: profile, maxFileTime: Infinity});
  const cpu = process.cpuUsage(c0);
  const messages = outcome.result?.messages ?? [];
  return {ms: performance.now() - t0, cpu: (cpu.user + cpu.system) / 1000, result: messages.some((m) => m.ruleId === 'file-budget') ? 'refused' : `${messages.length} findings`};
}

function* markdownFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* markdownFiles(path);
    else if (name.endsWith('.md')) yield path;
  }
}

// Warm up the parser and the rules (and load mermaid) so the first shape does not pay for it.
await time(sequence(3), 'service-design');

console.log('Pathological shapes just inside each limit, linted with no time limit:\n');
console.log('| Limit | Value | Shape | Size | Passes pre-scan | Lint time (wall) | CPU |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const {limit, shape, text, profile} of AT_LIMIT) {
  const passes = prescan(text) === undefined;
  const {ms, cpu} = await time(text, profile);
  console.log(`| ${limit} | ${PRESCAN_LIMITS[limit].toLocaleString('en-US')} | ${shape} | ${(text.length / 1024).toFixed(0)} KiB | ${passes ? 'yes' : 'NO'} | ${(ms / 1000).toFixed(2)} s | ${(cpu / 1000).toFixed(2)} s |`);
}

const dirs = process.argv.slice(2);
if (dirs.length === 0) dirs.push(join(root, 'fixtures'));
const largest = {} as Record<PrescanLimit, {value: number; file: string}>;
let files = 0;
for (const dir of dirs) {
  for (const path of markdownFiles(dir)) {
    files++;
    const stats = {} as Record<PrescanLimit, number>;
    prescan(readFileSync(path, 'utf8'), 1, stats);
    for (const [name, value] of Object.entries(stats) as Array<[PrescanLimit, number]>) {
      if (value > (largest[name]?.value ?? -1)) largest[name] = {value, file: relative(process.cwd(), path)};
    }
  }
}
console.log(`\nLargest values in ${files} Markdown files under ${dirs.map((d) => relative(process.cwd(), d) || '.').join(', ')}:\n`);
console.log('| Measure | Limit | Largest | File |');
console.log('| --- | --- | --- | --- |');
for (const name of Object.keys(PRESCAN_LIMITS) as PrescanLimit[]) {
  const hit = largest[name];
  console.log(`| ${name} | ${PRESCAN_LIMITS[name].toLocaleString('en-US')} | ${hit ? hit.value.toLocaleString('en-US') : 0} | ${hit?.file ?? '-'} |`);
}
