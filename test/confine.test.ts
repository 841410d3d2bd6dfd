/**
 * `--confine DIR`: read nothing outside DIR (the GitHub Action always
 * confines to the workspace; test/action.test.ts runs a hostile pull
 * request through the bundle). Without the flag the CLI reads what it is
 * told to, as before.
 */
import {spawnSync} from 'node:child_process';
import {mkdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {tempDirs} from './helpers.js';

const repo = join(import.meta.dirname, '..');
const bin = join(repo, 'bin', 'speclint.js');
const broken = readFileSync(join(repo, 'fixtures', 'service-design', 'broken-dependency-row.md'), 'utf8');
const tempDir = tempDirs();

function speclint(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [bin, ...args], {cwd, encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}, timeout: 60_000});
  return {code: r.status, stdout: r.stdout, stderr: r.stderr};
}

/** root/outside.md and root/ws/ with a spec, links out, and a config whose files reach out. */
function layout(): {root: string; ws: string} {
  const root = tempDir('speclint-confine-');
  const ws = join(root, 'ws');
  mkdirSync(join(ws, 'docs'), {recursive: true});
  mkdirSync(join(ws, '.git'));
  writeFileSync(join(ws, '.git', 'config'), '[core]\n\tbare = false\n');
  writeFileSync(join(root, 'outside.md'), broken.replaceAll('Kafka', 'OUTSIDE-KAFKA'));
  writeFileSync(join(ws, 'docs', 'spec.md'), broken);
  symlinkSync('../../outside.md', join(ws, 'docs', 'leak.md'));
  symlinkSync('../.git/config', join(ws, 'docs', 'notes.md'));
  writeFileSync(join(ws, '.speclintrc.json'), JSON.stringify({files: ['docs/*.md', '../outside.md'], profile: 'service-design'}));
  return {root, ws};
}

describe('--confine', () => {
  it('refuses files and patterns reaching out, one line each, exit 2, and lints the rest', () => {
    const {ws} = layout();
    const r = speclint(['--confine', '.', '-f', 'compact'], ws);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('/docs/spec.md: line 46, col 34, Error - Timeout "5000" of "Kafka" is not a duration (dependency-table)');
    expect(r.stdout).not.toContain('OUTSIDE-KAFKA');
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      'speclint: error: ../outside.md: outside the --confine directory .; not searched',
      'speclint: error: docs/leak.md: outside the --confine directory ., through a symbolic link; not read',
      'speclint: error: docs/notes.md: inside a .git directory, through a symbolic link; not read',
    ]);
  });

  it('without it, the CLI reads what the config and links name, as before', () => {
    const {ws} = layout();
    const r = speclint(['-f', 'compact', 'docs/leak.md'], ws);
    expect(r.stdout).toContain('OUTSIDE-KAFKA');
  });

  it('a config outside the directory is not searched for, nor read when named', () => {
    const {root, ws} = layout();
    writeFileSync(join(root, '.speclintrc.json'), JSON.stringify({rules: {'dependency-table': 'off'}}));
    const docs = join(ws, 'docs');
    // From docs/, the nearest config up is ws/.speclintrc.json, outside --confine docs; the one in root is further out.
    const r = speclint(['--confine', '.', '-f', 'compact', 'spec.md'], docs);
    expect(r.stdout).toContain('dependency-table');
    const named = speclint(['--confine', '.', '-c', '../../.speclintrc.json', 'spec.md'], docs);
    expect(named.code).toBe(2);
    expect(named.stderr).toBe('speclint: error: config ../../.speclintrc.json: outside the --confine directory .; not read\n');
  });
});
