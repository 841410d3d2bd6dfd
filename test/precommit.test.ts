/**
 * speclint in commit hooks, run the way users run it, in throwaway git
 * repositories:
 *
 * - pre-commit (https://pre-commit.com) installing the hook from this
 *   repository (.pre-commit-hooks.yaml) at a commit: clone, npm install
 *   (which builds dist/), npm pack, install the tarball. Slow: done once.
 * - the plain git hook shipped as hooks/pre-commit, copied to .git/hooks.
 * - lint-staged (and husky running it), with speclint, lint-staged and husky
 *   installed in the project's node_modules (linked to this checkout).
 *
 * Each checks that a broken spec is refused with its finding shown and a
 * conforming spec goes through. The expected finding is read from the
 * fixture's .expected file.
 */
import {spawnSync, type SpawnSyncReturns} from 'node:child_process';
import {chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

const repo = join(import.meta.dirname, '..');
const fixtures = join(repo, 'fixtures', 'service-design');
const BROKEN = 'broken-dependency-row.md';
const GOOD = 'ok-payments-service.md';

/** The first finding the fixture's .expected file records, as a pattern over stylish output. */
function expectedFinding(): RegExp {
  const line = readFileSync(join(fixtures, BROKEN.replace(/\.md$/, '.expected')), 'utf8')
    .split('\n')
    .find((l) => /^\d+:\d+ /.test(l));
  const m = /^(\d+:\d+) (error|warning) (\S+) (.+)$/.exec(line ?? '');
  if (!m) throw new Error(`no finding in the .expected file of ${BROKEN}`);
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`${m[1]}\\s+${m[2]}\\s+${escape(m[4]!)}\\s+${escape(m[3]!)}`);
}

/** Git and the tools under test, isolated from the user's git config; HOME (the npm cache) is kept. */
const baseEnv: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'speclint test',
  GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'speclint test',
  GIT_COMMITTER_EMAIL: 'test@example.invalid',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  NO_COLOR: '1',
  FORCE_COLOR: '0',
};
delete baseEnv['HUSKY'];
delete baseEnv['GIT_DIR'];
delete baseEnv['GIT_INDEX_FILE'];

interface Run {
  code: number | null;
  out: string;
}

function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}, timeout = 120_000): Run {
  const r: SpawnSyncReturns<string> = spawnSync(cmd, args, {cwd, encoding: 'utf8', env: {...baseEnv, ...env}, timeout});
  if (r.error) throw r.error;
  return {code: r.status, out: `${r.stdout}${r.stderr}`};
}

function git(args: string[], cwd: string): string {
  const r = sh('git', args, cwd);
  if (r.code !== 0) throw new Error(`git ${args.join(' ')} failed in ${cwd}:\n${r.out}`);
  return r.out.trim();
}

/** Temp directories made here, removed when the file's tests are done. */
const temps: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `speclint-${prefix}-`));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps) rmSync(dir, {recursive: true, force: true});
});

/** A throwaway repository with one commit (tools such as lint-staged expect a HEAD). */
function tempRepo(prefix: string): string {
  const dir = tempDir(prefix);
  git(['init', '-q', '-b', 'main'], dir);
  writeFileSync(join(dir, 'notes.txt'), 'project notes\n');
  git(['add', 'notes.txt'], dir);
  git(['commit', '-q', '-m', 'initial'], dir);
  return dir;
}

function addSpec(dir: string, fixture: string, as = fixture): string {
  mkdirSync(dirname(join(dir, as)), {recursive: true});
  copyFileSync(join(fixtures, fixture), join(dir, as));
  git(['add', '--', as], dir);
  return as;
}

const commitCount = (dir: string) => Number(git(['rev-list', '--count', 'HEAD'], dir));

/**
 * node_modules as `npm install --save-dev speclint lint-staged husky` would
 * leave it, with the packages linked to this checkout (nothing downloaded).
 */
function linkNodeModules(dir: string): void {
  const nm = join(dir, 'node_modules');
  mkdirSync(join(nm, '.bin'), {recursive: true});
  symlinkSync(repo, join(nm, 'speclint'), 'dir');
  symlinkSync(join(repo, 'bin', 'speclint.js'), join(nm, '.bin', 'speclint'));
  for (const pkg of ['lint-staged', 'husky']) {
    symlinkSync(join(repo, 'node_modules', pkg), join(nm, pkg), 'dir');
    symlinkSync(join(repo, 'node_modules', '.bin', pkg), join(nm, '.bin', pkg));
  }
}

describe('plain git hook (hooks/pre-commit)', () => {
  let dir: string;

  beforeAll(() => {
    dir = tempRepo('githook');
    linkNodeModules(dir);
    writeFileSync(join(dir, '.gitignore'), 'node_modules/\n');
    const hook = join(dir, '.git', 'hooks', 'pre-commit');
    copyFileSync(join(repo, 'hooks', 'pre-commit'), hook);
    chmodSync(hook, 0o755);
  });

  it('refuses a commit of a broken spec and shows the finding (file names with spaces too)', () => {
    const before = commitCount(dir);
    addSpec(dir, BROKEN, 'docs/specs/payments spec.md');
    const r = sh('git', ['commit', '-m', 'add broken spec'], dir);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('docs/specs/payments spec.md');
    expect(r.out).toMatch(expectedFinding());
    expect(r.out).toContain('commit refused');
    expect(commitCount(dir)).toBe(before);
    git(['rm', '-q', '--cached', '--', 'docs/specs/payments spec.md'], dir);
  });

  it('lets a conforming spec through', () => {
    const before = commitCount(dir);
    addSpec(dir, GOOD, 'docs/specs/payments.md');
    const r = sh('git', ['commit', '-m', 'add good spec'], dir);
    expect(r.out).not.toContain('commit refused');
    expect(r.code).toBe(0);
    expect(commitCount(dir)).toBe(before + 1);
  });

  it('does not run speclint when no Markdown is staged', () => {
    const before = commitCount(dir);
    writeFileSync(join(dir, 'notes.txt'), 'more notes\n');
    git(['add', 'notes.txt'], dir);
    // A speclint that always fails: the commit goes through only if it is not run.
    const r = sh('git', ['commit', '-m', 'notes only'], dir, {SPECLINT: 'false'});
    expect(r.code).toBe(0);
    expect(commitCount(dir)).toBe(before + 1);
  });
});

describe('lint-staged', () => {
  let dir: string;

  beforeAll(() => {
    dir = tempRepo('lintstaged');
    linkNodeModules(dir);
    writeFileSync(join(dir, '.gitignore'), 'node_modules/\n');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({name: 'specs', private: true, 'lint-staged': {'*.md': 'speclint'}}, null, 2) + '\n');
    git(['add', '.gitignore', 'package.json'], dir);
    git(['commit', '-q', '-m', 'lint-staged config'], dir);
  });

  // --no: use the project's lint-staged, never download one. --verbose: show
  // speclint's output on success too, to see that it ran.
  const lintStaged = () => sh('npx', ['--no', '--', 'lint-staged', '--verbose'], dir);

  it('npx lint-staged fails on a staged broken spec and shows the finding', () => {
    addSpec(dir, BROKEN);
    const r = lintStaged();
    expect(r.code).toBe(1);
    expect(r.out).toMatch(expectedFinding());
    git(['rm', '-q', '--cached', '--', BROKEN], dir);
    rmSync(join(dir, BROKEN));
  });

  it('npx lint-staged passes a staged conforming spec', () => {
    addSpec(dir, GOOD);
    const r = lintStaged();
    expect(r.out).toContain('speclint');
    expect(r.out).toMatch(/no problems/);
    expect(r.code).toBe(0);
  });

  it('husky runs it on git commit: a broken spec is refused, a conforming one committed', () => {
    const init = sh('npx', ['--no', 'husky', 'init'], dir);
    expect(init.code).toBe(0);
    expect(git(['config', 'core.hooksPath'], dir)).toBe('.husky/_');
    writeFileSync(join(dir, '.husky', 'pre-commit'), 'npx --no lint-staged\n');

    const before = commitCount(dir);
    git(['add', '.husky/pre-commit', 'package.json'], dir);
    addSpec(dir, GOOD);
    addSpec(dir, BROKEN);
    const refused = sh('git', ['commit', '-m', 'broken spec'], dir);
    expect(refused.code).not.toBe(0);
    expect(refused.out).toMatch(expectedFinding());
    expect(commitCount(dir)).toBe(before);

    git(['rm', '-q', '--cached', '--', BROKEN], dir);
    rmSync(join(dir, BROKEN));
    const ok = sh('git', ['commit', '-m', 'good spec and husky'], dir);
    expect(ok.code).toBe(0);
    expect(commitCount(dir)).toBe(before + 1);
    expect(git(['show', '--name-only', '--format=', 'HEAD'], dir).split('\n')).toContain(GOOD);
  });
});

/** pre-commit on PATH (Debian's /usr/bin/pre-commit first). */
function findPreCommit(): string | undefined {
  if (existsSync('/usr/bin/pre-commit')) return '/usr/bin/pre-commit';
  const r = spawnSync('sh', ['-c', 'command -v pre-commit'], {encoding: 'utf8'});
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : undefined;
}

/**
 * The repository and commit pre-commit installs the hook from, as a user's
 * `rev: v0.1.0` gets it: a release commit made by scripts/hook-release.mjs
 * (built dist/, no devDependencies, nothing to build) on top of this
 * checkout's working tree, in a temporary clone, so uncommitted work is what
 * gets tested. dist/ is this checkout's (`npm test` builds it first).
 * Nothing is written to this checkout.
 */
function hookSource(tmp: string): {url: string; rev: string} {
  // Read-only git in this checkout, with the user's own git config (safe.directory and the like).
  const read = (args: string[]) => {
    const r = spawnSync('git', ['--no-optional-locks', ...args], {cwd: repo, encoding: 'utf8'});
    if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${repo}:\n${r.stderr}`);
    return r.stdout;
  };
  const clone = join(tmp, 'speclint-snapshot');
  git(['clone', '-q', repo, clone], tmp);
  const files = read(['ls-files', '-z', '--cached', '--others', '--exclude-standard']).split('\0').filter(Boolean);
  for (const file of files) {
    const from = join(repo, file);
    const to = join(clone, file);
    if (existsSync(from)) {
      mkdirSync(dirname(to), {recursive: true});
      copyFileSync(from, to);
    } else {
      rmSync(to, {force: true});
    }
  }
  git(['add', '-A'], clone);
  git(['commit', '-q', '--allow-empty', '-m', 'working tree snapshot'], clone);
  cpSync(join(repo, 'dist'), join(clone, 'dist'), {recursive: true});
  const release = sh(process.execPath, [join(clone, 'scripts', 'hook-release.mjs')], clone);
  if (release.code !== 0) throw new Error(`hook-release failed:\n${release.out}`);
  return {url: clone, rev: release.out.trim()};
}

/** Total size of the regular files under `dir`, in bytes (symlinks not followed). */
function treeBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += treeBytes(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

describe('pre-commit', () => {
  const preCommit = findPreCommit();
  let dir: string;
  let home: string;
  let installSeconds = 0;

  const run = (args: string[]) => sh(preCommit!, args, dir, {PRE_COMMIT_HOME: home}, 600_000);

  beforeAll(() => {
    if (!preCommit) return;
    const tmp = tempDir('precommit');
    home = join(tmp, 'pre-commit-home');
    dir = tempRepo('precommit-project');
    const {url, rev} = hookSource(tmp);
    writeFileSync(
      join(dir, '.pre-commit-config.yaml'),
      `repos:\n  - repo: ${JSON.stringify(url)}\n    rev: ${rev}\n    hooks:\n      - id: speclint\n`,
    );
    git(['add', '.pre-commit-config.yaml'], dir);
    addSpec(dir, BROKEN);
    addSpec(dir, GOOD);
    // Clone, npm install (runtime dependencies only), npm pack, install.
    const started = Date.now();
    const r = run(['install-hooks']);
    if (r.code !== 0) throw new Error(`pre-commit install-hooks failed:\n${r.out}`);
    installSeconds = (Date.now() - started) / 1000;
  }, 900_000);

  const needPreCommit = (skip: (note: string) => never) => {
    if (preCommit) return;
    if (process.env['CI']) throw new Error('pre-commit is not installed (apt-get install pre-commit); CI must run this test');
    skip('pre-commit is not installed: apt-get install pre-commit (or pipx install pre-commit) to run this test');
  };

  it('installs the hook with the system Node, downloading no Node', ({skip}) => {
    needPreCommit(skip);
    const envs = readdirSync(home, {withFileTypes: true})
      .filter((d) => d.isDirectory())
      .flatMap((d) => readdirSync(join(home, d.name)).filter((n) => n.startsWith('node_env-')));
    expect(envs).toEqual(['node_env-system']);
  });

  it('installs from a release commit: no devDependency, nothing built, a light environment', ({skip}) => {
    needPreCommit(skip);
    const envDirs = readdirSync(home, {withFileTypes: true})
      .filter((d) => d.isDirectory() && existsSync(join(home, d.name, 'node_env-system')))
      .map((d) => join(home, d.name, 'node_env-system'));
    expect(envDirs).toHaveLength(1);
    const installed = join(envDirs[0]!, 'lib', 'node_modules', 'speclint');
    expect(existsSync(join(installed, 'dist', 'src', 'mermaid', 'grammars.js'))).toBe(true);
    // devDependencies would bring these; the hook must not have them.
    for (const dev of ['mermaid', 'typescript', 'vitest', 'esbuild', '@microsoft/sarif-multitool']) {
      expect(existsSync(join(installed, 'node_modules', dev)), dev).toBe(false);
    }
    const mb = treeBytes(envDirs[0]!) / 1e6;
    console.log(`pre-commit: first install-hooks ${installSeconds.toFixed(1)} s, environment ${mb.toFixed(1)} MB`);
    expect(mb).toBeLessThan(60);
  });

  it('pre-commit run --files <broken spec> fails and shows the finding', ({skip}) => {
    needPreCommit(skip);
    const r = run(['run', '--files', BROKEN]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^speclint\.+Failed$/m);
    expect(r.out).toContain(BROKEN);
    expect(r.out).toMatch(expectedFinding());
  }, 120_000);

  it('pre-commit run --files <conforming spec> passes', ({skip}) => {
    needPreCommit(skip);
    const r = run(['run', '--files', GOOD]);
    expect(r.out).toMatch(/^speclint\.+Passed$/m);
    expect(r.code).toBe(0);
  }, 120_000);

  it('pre-commit install: git commit refuses the broken spec and takes the conforming one', ({skip}) => {
    needPreCommit(skip);
    expect(run(['install']).code).toBe(0);
    const before = commitCount(dir);
    // Both specs and the config are staged: the broken one stops the commit.
    const refused = sh('git', ['commit', '-m', 'specs'], dir, {PRE_COMMIT_HOME: home}, 120_000);
    expect(refused.code).not.toBe(0);
    expect(refused.out).toMatch(expectedFinding());
    expect(commitCount(dir)).toBe(before);
    git(['rm', '-q', '--cached', '--', BROKEN], dir);
    const ok = sh('git', ['commit', '-m', 'conforming spec'], dir, {PRE_COMMIT_HOME: home}, 120_000);
    expect(ok.out).toMatch(/^speclint\.+Passed$/m);
    expect(ok.code).toBe(0);
    expect(commitCount(dir)).toBe(before + 1);
  }, 120_000);
});
