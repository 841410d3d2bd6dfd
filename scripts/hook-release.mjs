#!/usr/bin/env node
/**
 * Make the commit a release tag points at: this checkout's HEAD plus the
 * built dist/, with a package.json that has no devDependencies and no
 * `prepare` script, and a package-lock.json pruned to match.
 *
 * Why: pre-commit installs a `language: node` hook by running
 * `npm install --dev --prod` in a clone of the hook's repository at `rev`,
 * then `npm pack` and `npm install -g` of the tarball. From a source commit
 * that installs every devDependency (mermaid alone is 151 MB, the SARIF
 * multitool 104 MB) and builds dist/ with them: minutes and ~200 MB on a
 * user's first commit. From a release commit it installs the runtime
 * dependencies only, builds nothing, and packs the dist/ already there.
 *
 *   npm run build && node scripts/hook-release.mjs [--tag v0.1.0]
 *
 * Prints the new commit's id. Nothing in the working tree or the index
 * changes: the commit is built in a temporary index and is reachable only
 * from the tag (when given) or by its id. `npm publish` needs none of this:
 * the npm tarball is built by `prepare` as usual.
 */
import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

const root = process.cwd();
const args = process.argv.slice(2);
const tagAt = args.indexOf('--tag');
const tag = tagAt >= 0 ? args[tagAt + 1] : undefined;
if (tagAt >= 0 && !tag) fail('--tag needs a name');

function fail(message) {
  process.stderr.write(`hook-release: ${message}\n`);
  process.exit(2);
}

if (!existsSync(join(root, 'dist', 'profiles.json')) || !existsSync(join(root, 'dist', 'src', 'mermaid', 'grammars.js'))) {
  fail('dist/ is not built here: run `npm run build` first');
}

const tmp = mkdtempSync(join(tmpdir(), 'speclint-hook-release-'));
const env = {...process.env, GIT_INDEX_FILE: join(tmp, 'index')};
const git = (gitArgs, input) => execFileSync('git', gitArgs, {cwd: root, env, input, encoding: 'utf8'}).trim();

/** package.json as the hook installs it: runtime dependencies only, nothing to build. */
function releasePackageJson(pkg) {
  const out = {...pkg, scripts: {...pkg.scripts}};
  delete out.devDependencies;
  delete out.scripts.prepare;
  return out;
}

/** The lockfile without the packages only devDependencies need (npm marks them `dev: true`). */
function releaseLock(lock) {
  const packages = {};
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    if (entry.dev) continue;
    packages[path] = path === '' ? releasePackageJson(entry) : entry;
  }
  return {...lock, packages};
}

try {
  git(['read-tree', 'HEAD']);
  git(['add', '--force', '--', 'dist']);
  const blob = (text) => git(['hash-object', '-w', '--stdin'], text);
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  git(['update-index', '--cacheinfo', `100644,${blob(`${JSON.stringify(releasePackageJson(pkg), null, 2)}\n`)},package.json`]);
  git(['update-index', '--cacheinfo', `100644,${blob(`${JSON.stringify(releaseLock(lock), null, 2)}\n`)},package-lock.json`]);
  const tree = git(['write-tree']);
  const head = git(['rev-parse', 'HEAD']);
  const commit = git(['commit-tree', tree, '-p', head, '-m', `Release ${tag ?? pkg.version}: built dist/, runtime dependencies only (scripts/hook-release.mjs)`]);
  if (tag) git(['tag', tag, commit]);
  process.stdout.write(`${commit}\n`);
} finally {
  rmSync(tmp, {recursive: true, force: true});
}
