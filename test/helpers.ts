import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, type TestContext} from 'vitest';
import {lintText, type LintMessage} from '../src/engine/lint.js';
import {builtinProfiles} from '../src/profiles/built-in.js';
import type {Profile, RuleSetting} from '../src/profiles/types.js';

/** One finding as fixtures and docs write it: `LINE:COL SEVERITY RULE-ID MESSAGE`. */
export function findingLine(m: LintMessage): string {
  return `${m.line}:${m.column} ${m.severity === 2 ? 'error' : 'warning'} ${m.ruleId ?? '-'} ${m.message}`;
}

/** Expected findings from a sidecar file: one per line, blank lines and `#` comments ignored. */
export function readExpected(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

export async function lintFixture(
  text: string,
  filePath: string,
  options: {profile?: string; rules?: Record<string, RuleSetting>; profiles?: Map<string, Profile>; messageIds?: boolean} = {},
) {
  const outcome = await lintText(text, {
    filePath,
    profiles: options.profiles ?? builtinProfiles(),
    forcedProfile: options.profile,
    ruleOverrides: options.rules,
    explicit: true,
    messageIds: options.messageIds,
  });
  if (!outcome.result) throw new Error(`${filePath} was skipped: ${outcome.skippedReason}`);
  return outcome.result;
}

/** Temporary directories made by a test file, removed when it ends (call once per file, at top level). */
export function tempDirs(): (prefix: string) => string {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, {recursive: true, force: true});
  });
  return (prefix) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}

export const CHROMIUM = '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);

/** Skip (locally) or fail (under CI, where .ci/run installs it) a test that needs Chromium when it is missing. */
export function needChromium(ctx: TestContext): void {
  if (haveChromium) return;
  if (process.env['CI']) throw new Error(`${CHROMIUM} is missing and CI is set: .ci/run installs it (apt-get install chromium)`);
  ctx.skip(`${CHROMIUM} not found: install Chromium (apt-get install chromium) to run the browser tests`);
}

/** Neovim, as Debian installs it (.ci/run does): a real language client for `speclint lsp`. */
export const NVIM = ['/usr/bin/nvim', '/usr/local/bin/nvim'].find((p) => existsSync(p));

/** Skip (locally) or fail (under CI, where .ci/run installs it) a test that needs Neovim when it is missing. */
export function needNeovim(ctx: TestContext): string {
  if (NVIM) return NVIM;
  if (process.env['CI']) throw new Error('nvim is missing and CI is set: .ci/run installs it (apt-get install neovim)');
  ctx.skip('nvim not found: install Neovim (apt-get install neovim) to run the editor test');
  return '';
}

export const REPO = join(import.meta.dirname, '..');
export const BIN = join(REPO, 'bin', 'speclint.js');

/**
 * The real CLI in a child process (bin/speclint.js, built by `npm run
 * build`), colour off unless `env` asks for it; `input` is its stdin.
 */
export function runCli(args: string[], options: {cwd?: string; env?: Record<string, string | undefined>; input?: string} = {}) {
  const env: Record<string, string | undefined> = {...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...options.env};
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const r = spawnSync(process.execPath, [BIN, ...args], {cwd: options.cwd ?? REPO, encoding: 'utf8', env: env as NodeJS.ProcessEnv, input: options.input ?? '', timeout: 60_000});
  return {code: r.status, stdout: r.stdout, stderr: r.stderr};
}
