/**
 * The pathological documents of issue 12: small files that made the
 * Markdown parser (micromark, mdast-util-from-markdown) run for minutes or
 * overflow the stack. Generated at test time rather than committed (the
 * largest is 1.5 MB). Each names the pre-scan limit that refuses it
 * (src/engine/budget.ts), so the tests can check the finding says why.
 */
export interface PathologicalShape {
  /** File name stem. */
  name: string;
  /** What it is, as the issue put it. */
  description: string;
  /** Which pre-scan limit refuses it. */
  limit: 'depth' | 'blockLines' | 'emphasis' | 'lineCells' | 'tableCells' | 'backticks' | 'brackets';
  text: () => string;
}

/** cmark's pathological "backticks" case: e`e``e```… (runs of every length, none closed). */
function backtickRuns(n: number): string {
  let out = '';
  for (let i = 1; i <= n; i++) out += 'e' + '`'.repeat(i);
  return out + '\n';
}

export const PATHOLOGICAL: PathologicalShape[] = [
  {name: 'nested-list', description: "'- ' x 10000 + 'x'", limit: 'depth', text: () => '- '.repeat(10_000) + 'x\n'},
  {name: 'long-paragraph', description: 'a 200,000-line paragraph', limit: 'blockLines', text: () => 'a\n'.repeat(200_000)},
  {name: 'emphasis-runs', description: "'*_' x 200,000", limit: 'emphasis', text: () => '*_'.repeat(200_000) + '\n'},
  {name: 'pipe-line', description: 'one line of 1.5M pipes', limit: 'lineCells', text: () => '|'.repeat(1_500_000) + '\n'},
  {
    name: 'wide-table',
    description: 'a 2,000-column table',
    limit: 'lineCells',
    text: () => ['|' + ' a |'.repeat(2000), '|' + ' - |'.repeat(2000), '|' + ' 1 |'.repeat(2000)].join('\n') + '\n',
  },
  {name: 'long-table', description: '100,000 table rows', limit: 'tableCells', text: () => '| a | b |\n| - | - |\n' + '| 1 | 2 |\n'.repeat(100_000)},
  {name: 'backtick-runs', description: 'long backtick runs (e`e``e```…, 1,000 runs)', limit: 'backticks', text: () => backtickRuns(1000)},
  {name: 'definitions', description: "'[x]: ' x 100,000", limit: 'brackets', text: () => '[x]: '.repeat(100_000) + '\n'},
  {name: 'blockquotes', description: "'>' x 10000", limit: 'depth', text: () => '>'.repeat(10_000) + '\n'},
];
