/**
 * No module in src/ is over 300 lines unless its header says why (issue 13):
 * a long file is either split where it has a seam, or explains in its first
 * comment, with "Over 300 lines:", why it has none.
 */
import {readdirSync, readFileSync} from 'node:fs';
import {dirname, join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const LIMIT = 300;

function modules(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return modules(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('module size', () => {
  it(`every src/ module over ${LIMIT} lines gives the reason in its header`, () => {
    const unexplained = modules(join(repo, 'src'))
      .map((path) => ({path: relative(repo, path), text: readFileSync(path, 'utf8')}))
      .filter(({text}) => text.split('\n').length > LIMIT)
      .filter(({text}) => !/^\/\*\*[\s\S]*?Over 300 lines:[\s\S]*?\*\//.test(text.slice(0, text.indexOf('*/') + 2)))
      .map(({path, text}) => `${path} (${text.split('\n').length} lines)`);
    expect(unexplained).toEqual([]);
  });
});
