/**
 * `npm run test:update`: rewrite the recorded findings from the current
 * output, for review in the diff, instead of failing on a difference. Two
 * kinds of record: fixtures' `.expected` sidecar files (fixtures.test.ts,
 * examples.test.ts) and the ```text findings blocks after each example in
 * rules/<id>.md (rule-docs.test.ts). Without SPECLINT_UPDATE=1 nothing is
 * written and the tests compare as usual.
 */
import {existsSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import type {Code} from 'mdast';
import {fromMarkdown} from 'mdast-util-from-markdown';

export const updating = process.env['SPECLINT_UPDATE'] === '1';

/**
 * Write `actual` to the `.expected` file at `path` (deleted when there are
 * no findings). The `#` comments above a finding stay with it, also when
 * its message or position changed (matched to the next finding of its rule).
 */
export function updateExpected(path: string, actual: string[]): void {
  if (actual.length === 0) {
    if (existsSync(path)) rmSync(path);
    return;
  }
  const lines = existsSync(path) ? readFileSync(path, 'utf8').split('\n') : [];
  const recorded: Array<{finding: string; comments: string[]}> = [];
  let pending: string[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (line.startsWith('#')) pending.push(raw);
    else if (line) {
      recorded.push({finding: line, comments: pending});
      pending = [];
    }
  }
  // Comments stay with their finding: the same line, else (a changed message or position) the next one of the same rule.
  const ruleOf = (finding: string) => finding.split(' ')[2];
  const commentsFor = new Map<number, string[]>();
  const unmatched = recorded.filter((r) => {
    const at = actual.findIndex((f, i) => f === r.finding && !commentsFor.has(i));
    if (at < 0) return true;
    commentsFor.set(at, r.comments);
    return false;
  });
  for (const r of unmatched) {
    const at = actual.findIndex((f, i) => ruleOf(f) === ruleOf(r.finding) && !commentsFor.has(i) && !recorded.some((x) => x.finding === f));
    if (at >= 0) commentsFor.set(at, r.comments);
  }
  const out = actual.flatMap((finding, i) => [...(commentsFor.get(i) ?? []), finding]);
  const text = [...out, ...pending].join('\n') + '\n';
  if (!existsSync(path) || readFileSync(path, 'utf8') !== text) writeFileSync(path, text);
}

/**
 * Replace the findings block of the `index`-th ```markdown example (counting
 * only examples with a `profile=` meta) of the doc at `path` with `actual`:
 * a new block when there was none and there are findings.
 */
export function updateDocFindings(path: string, index: number, actual: string[]): void {
  const doc = readFileSync(path, 'utf8');
  const blocks = fromMarkdown(doc).children.filter((n): n is Code => n.type === 'code');
  const examples = blocks.map((code, i) => ({code, next: blocks[i + 1]})).filter(({code}) => code.lang === 'markdown' && code.meta?.includes('profile='));
  const example = examples[index];
  if (!example) throw new Error(`${path}: no example ${index + 1}`);
  const block = example.next && example.next.lang === 'text' && example.next.meta === 'findings' ? example.next : undefined;
  const fresh = '```text findings\n' + actual.map((f) => `${f}\n`).join('') + '```';
  let text: string;
  if (block) {
    // An existing block is kept, empty when there are no findings (an explicit "none").
    text = doc.slice(0, block.position!.start.offset!) + fresh + doc.slice(block.position!.end.offset!);
  } else if (actual.length) {
    const end = example.code.position!.end.offset!;
    text = `${doc.slice(0, end)}\n\n${fresh}${doc.slice(end)}`;
  } else {
    return;
  }
  if (text !== doc) writeFileSync(path, text);
}
