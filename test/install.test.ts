/**
 * The npm package as users install it: `npm pack` of this checkout, then
 * `npm install` of the tarball in an empty folder. The install must stay
 * light (issue 14: at most 40 MB; mermaid, 151 MB of it before, is bundled
 * into dist/ and is a devDependency) and the installed command must give
 * the same report as this checkout, diagrams included (the mermaid check
 * runs from the bundles alone).
 */
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

const repo = join(import.meta.dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const dir = mkdtempSync(join(tmpdir(), 'speclint-install-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, {cwd, encoding: 'utf8', timeout: 300_000, env: {...process.env, NO_COLOR: '1'}});
  if (r.error) throw r.error;
  return {code: r.status, stdout: r.stdout, stderr: r.stderr};
}

function treeBytes(path: string): number {
  let total = 0;
  for (const entry of readdirSync(path, {withFileTypes: true})) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) total += treeBytes(child);
    else if (entry.isFile()) total += statSync(child).size;
  }
  return total;
}

describe('npm install of the packed tarball', () => {
  let seconds = 0;
  beforeAll(() => {
    // --ignore-scripts: dist/ is already built by `npm test`; pack must not rebuild it in this checkout.
    const pack = run(npm, ['pack', '--ignore-scripts', '--pack-destination', dir, '--json'], repo);
    if (pack.code !== 0) throw new Error(`npm pack failed:\n${pack.stderr}`);
    const [{filename}] = JSON.parse(pack.stdout) as Array<{filename: string}>;
    writeFileSync(join(dir, 'package.json'), '{"name": "scratch", "version": "1.0.0", "private": true}\n');
    const started = Date.now();
    const install = run(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', join(dir, filename!)], dir);
    if (install.code !== 0) throw new Error(`npm install failed:\n${install.stderr}`);
    seconds = (Date.now() - started) / 1000;
  }, 600_000);

  it('is at most 40 MB and holds no devDependency', () => {
    const modules = join(dir, 'node_modules');
    const mb = treeBytes(modules) / 1e6;
    const packages = readdirSync(modules).flatMap((n) => (n.startsWith('@') ? readdirSync(join(modules, n)) : n.startsWith('.') ? [] : [n])).length;
    console.log(`npm install of the tarball: ${mb.toFixed(1)} MB, ${packages} packages, ${seconds.toFixed(1)} s`);
    expect(mb).toBeLessThanOrEqual(40);
    for (const dev of ['mermaid', '@actions/core', 'typescript', 'esbuild', 'vitest']) {
      expect(existsSync(join(modules, dev)), dev).toBe(false);
    }
  });

  it('the installed speclint reports what this checkout reports, mermaid errors included', () => {
    const targets = ['fixtures/architecture-design/broken-diagram-syntax.md', 'fixtures/service-design/broken-dependency-row.md'];
    const installed = run(process.execPath, [join(dir, 'node_modules', 'speclint', 'bin', 'speclint.js'), '--jobs', '1', '-f', 'compact', ...targets], repo);
    const here = run(process.execPath, [join(repo, 'bin', 'speclint.js'), '--jobs', '1', '-f', 'compact', ...targets], repo);
    expect(installed.stderr).toBe('');
    expect(installed.stdout).toMatch(/Mermaid flowchart does not parse/);
    expect(installed.stdout).toBe(here.stdout);
    expect(installed.code).toBe(here.code);
  });
});
