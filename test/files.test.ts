/**
 * File discovery in-process (src/run/files.ts), for what the CLI tests cannot
 * reach as root: a directory that cannot be read (root reads them all) is
 * simulated by a reader that throws EACCES, as readdir does for anyone else.
 */
import {mkdirSync, readdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {discoverFiles} from '../src/run/files.js';
import {tempDirs} from './helpers.js';

const tempDir = tempDirs();

describe('discoverFiles', () => {
  it('an unreadable directory is a problem naming it; the rest of the walk goes on', async () => {
    const dir = tempDir('speclint-files-');
    for (const sub of ['a', 'b', 'c']) {
      mkdirSync(join(dir, 'docs', sub), {recursive: true});
      writeFileSync(join(dir, 'docs', sub, 'spec.md'), '# Spec\n');
    }
    const readdir = (path: string) => {
      if (path === join(dir, 'docs', 'b')) throw Object.assign(new Error(`EACCES: permission denied, scandir '${path}'`), {code: 'EACCES'});
      return readdirSync(path, {withFileTypes: true});
    };
    const found = await discoverFiles(['docs'], {cwd: dir, ignores: [], baseDir: dir, errorOnUnmatchedPattern: true, readdir});
    expect(found.targets.map((t) => t.path)).toEqual([join(dir, 'docs', 'a', 'spec.md'), join(dir, 'docs', 'c', 'spec.md')]);
    expect(found.problems).toEqual([{path: join(dir, 'docs', 'b'), reason: 'cannot read directory (EACCES)'}]);
    // The directory named itself unreadable: one problem, not also "no Markdown files".
    const top = await discoverFiles(['docs/b'], {cwd: dir, ignores: [], baseDir: dir, errorOnUnmatchedPattern: true, readdir});
    expect(top.problems).toEqual([{path: join(dir, 'docs', 'b'), reason: 'cannot read directory (EACCES)'}]);
    expect(top.targets).toEqual([]);
  });

  it('honours .gitignore rules of the walked directories (negation, directory rules) and config `files` negations', async () => {
    const dir = tempDir('speclint-files-');
    mkdirSync(join(dir, '.git'));
    mkdirSync(join(dir, 'docs', 'build'), {recursive: true});
    mkdirSync(join(dir, 'docs', 'keep'), {recursive: true});
    for (const f of ['docs/a.md', 'docs/b.md', 'docs/build/c.md', 'docs/keep/d.md', 'docs/keep/e.md', 'docs/.hidden.md']) writeFileSync(join(dir, f), '# X\n');
    writeFileSync(join(dir, '.gitignore'), 'build/\n*.md\n!docs/a.md\n');
    writeFileSync(join(dir, 'docs', 'keep', '.gitignore'), '!*.md\ne.md\n');
    const found = await discoverFiles(['docs'], {cwd: dir, ignores: [], baseDir: dir, errorOnUnmatchedPattern: true});
    expect(found.targets.map((t) => t.path.slice(dir.length + 1))).toEqual(['docs/a.md', 'docs/keep/d.md']);
    writeFileSync(join(dir, '.gitignore'), '');
    const config = await discoverFiles([], {cwd: dir, defaultFiles: ['docs/**/*.md', '!docs/keep/**'], ignores: [], baseDir: dir, errorOnUnmatchedPattern: true});
    expect(config.targets.map((t) => t.path.slice(dir.length + 1))).toEqual(['docs/a.md', 'docs/b.md', 'docs/build/c.md']);
  });
});

describe('the extends resolver', () => {
  it('resolves a diamond once per node and names a cycle (built-in profiles use it too)', async () => {
    const {ExtendsResolver} = await import('../src/profiles/extends.js');
    const edges: Record<string, string[]> = {a: ['b', 'c'], b: ['base'], c: ['base'], base: []};
    const built: string[] = [];
    const resolver = new ExtendsResolver<string>({
      bases: (id) => edges[id]!,
      build: (id, bases) => (built.push(id), `${id}(${bases.join(',')})`),
      cycle: (path) => new Error(path.join(' -> ')),
    });
    expect(resolver.resolve('a')).toBe('a(b(base()),c(base()))');
    expect(built).toEqual(['base', 'b', 'c', 'a']);
    edges['base'] = ['a'];
    const cyclic = new ExtendsResolver<string>({bases: (id) => edges[id]!, build: (id) => id, cycle: (path) => new Error(path.join(' -> '))});
    expect(() => cyclic.resolve('a')).toThrow('a -> b -> base -> a');
    const {resolveProfiles} = await import('../src/profiles/built-in.js');
    const profile = (name: string, base?: string) => ({name, title: name, sections: [], rules: {}, ...(base ? {extends: base} : {})});
    expect(() => resolveProfiles(new Map([['x', profile('x', 'y')], ['y', profile('y', 'x')]]), 'rules/profiles')).toThrow(
      'rules/profiles: profile "x" extends itself: x -> y -> x',
    );
  });
});
