/**
 * A digest of speclint's own code, for `--cache` (cache.ts): a rebuilt
 * speclint never reuses the results of the old code, even at the same
 * version. The files are found from the package root (paths.ts, the folder
 * with speclint's package.json), not from where this module sits: the
 * compiled package's code is everything under `dist/` (`main` and
 * `exports` point there; bundles and mermaid chunks included), and from
 * the TypeScript sources (vitest, tsx) it is `src/` and `rules/`; in a
 * bundle (the Action's action-dist/index.mjs) it is the bundle's folder. Moving a
 * module between folders changes the digest (a path is part of it) but can
 * never leave code out of it.
 */
import {createHash} from 'node:crypto';
import {readdirSync, readFileSync} from 'node:fs';
import {dirname, extname, join, relative, sep} from 'node:path';
import {fileURLToPath} from 'node:url';
import {packageRoot} from '../lib/paths.js';

/** Code folders of the package and the extension of their modules, for the way speclint is running. */
function codeFolders(root: string): {folders: string[]; ext: string} {
  if (import.meta.url.endsWith('.ts')) return {folders: ['src', 'rules'], ext: '.ts'};
  if (import.meta.url.endsWith('.js')) return {folders: ['dist'], ext: '.js'};
  // A bundle (the Action's action-dist/index.mjs): the bundle's own folder is the code.
  return {folders: [relative(root, dirname(fileURLToPath(import.meta.url))).split(sep).join('/')], ext: extname(fileURLToPath(import.meta.url))};
}

/** Every module of the running code, as paths relative to the package root, sorted. */
export function codeFiles(root = packageRoot()): string[] {
  const {folders, ext} = codeFolders(root);
  const out: string[] = [];
  const walk = (rel: string) => {
    let entries;
    try {
      entries = readdirSync(join(root, rel), {withFileTypes: true});
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith(ext) && !entry.name.endsWith(`.d${ext}`)) out.push(path);
    }
  };
  for (const folder of folders) walk(folder);
  return out.sort();
}

let digest: string | undefined;

/** SHA-256 over each module's path and bytes; computed once per process. */
export function codeFingerprint(): string {
  if (digest) return digest;
  const root = packageRoot();
  const hash = createHash('sha256');
  for (const file of codeFiles(root)) hash.update(`${file}\0`).update(readFileSync(join(root, file))).update('\0');
  return (digest = hash.digest('hex'));
}
