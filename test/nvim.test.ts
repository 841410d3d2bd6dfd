/**
 * `speclint lsp` in a real editor: Debian's Neovim, headless, attaches the
 * server to a broken spec (test/nvim/lsp-init.lua), reads back the
 * diagnostics it holds, applies the quickfix offered at a finding and
 * writes the buffer. The diagnostics must be the CLI's findings, the fixed
 * text what `speclint --fix` writes.
 */
import {spawnSync} from 'node:child_process';
import {copyFileSync, existsSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {expect, it} from 'vitest';
import {needNeovim, tempDirs} from './helpers.js';
import {bin, cliJson, repo} from './lsp-client.js';

const tempDir = tempDirs();
const spec = join(repo, 'fixtures', 'service-design', 'broken-failure-mode-fields.md');

interface NvimDiagnostic {
  lnum: number;
  col: number;
  end_lnum: number;
  end_col: number;
  severity: number;
  message: string;
  source: string;
  code: string;
  href: string;
}

/** A byte column of a line (Neovim's) as a UTF-16 one (the CLI's and the protocol's). */
function utf16Column(line: string, byteColumn: number): number {
  return Buffer.from(line, 'utf8').subarray(0, byteColumn).toString('utf8').length;
}

it('Neovim shows the CLI findings as diagnostics and its quickfix gives the --fix text', (ctx) => {
  const nvim = needNeovim(ctx);
  const work = tempDir('speclint-nvim-');
  const out = tempDir('speclint-nvim-out-');
  copyFileSync(spec, join(work, 'spec.md'));
  const r = spawnSync(nvim, ['--headless', '--clean', '-u', join(repo, 'test', 'nvim', 'lsp-init.lua'), 'spec.md'], {
    cwd: work,
    encoding: 'utf8',
    timeout: 60_000,
    env: {...process.env, SPECLINT_NODE: process.execPath, SPECLINT_BIN: bin, OUT_DIR: out},
  });
  const error = existsSync(join(out, 'error.txt')) ? readFileSync(join(out, 'error.txt'), 'utf8') : '';
  expect({status: r.status, error}, r.stderr).toEqual({status: 0, error: ''});

  const text = readFileSync(spec, 'utf8');
  const lines = text.split('\n');
  const shown = (JSON.parse(readFileSync(join(out, 'diagnostics.json'), 'utf8')) as NvimDiagnostic[]).map((d) => ({
    ruleId: d.code,
    severity: d.severity === 1 ? 2 : 1, // vim.diagnostic.severity: 1 ERROR, 2 WARN
    line: d.lnum + 1,
    column: utf16Column(lines[d.lnum]!, d.col) + 1,
    message: d.message.split('\nhint: ')[0],
    hint: d.message.split('\nhint: ')[1],
    url: d.href,
    source: d.source,
  }));
  const findings = cliJson([spec])[0]!.messages.map((m) => ({ruleId: m.ruleId, severity: m.severity, line: m.line, column: m.column, message: m.message, hint: m.hint, url: m.url, source: 'speclint'}));
  expect(findings.length).toBeGreaterThan(1);
  const order = (a: {line: number; column: number; message: string}, b: {line: number; column: number; message: string}) => a.line - b.line || a.column - b.column || a.message.localeCompare(b.message);
  expect(shown.sort(order)).toEqual(findings.sort(order));

  // What `speclint --fix` writes for the same file.
  const fixDir = tempDir('speclint-nvim-fix-');
  writeFileSync(join(fixDir, 'spec.md'), text);
  const fix = spawnSync(process.execPath, [bin, '--fix', 'spec.md'], {cwd: fixDir, encoding: 'utf8'});
  expect([0, 1]).toContain(fix.status);
  const fixed = readFileSync(join(fixDir, 'spec.md'), 'utf8');
  expect(fixed).not.toBe(text);
  expect(readFileSync(join(out, 'fixed.md'), 'utf8')).toBe(fixed);
  // The editor changed the buffer, not the file: only the user's :write would.
  expect(readFileSync(join(work, 'spec.md'), 'utf8')).toBe(text);
}, 90_000);
