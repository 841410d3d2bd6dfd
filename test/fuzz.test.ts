/**
 * Fuzz suite (issue 12): thousands of mutated specs (test/fuzz.ts, seeded,
 * from the shipped fixtures) through lintText in-process, then a smaller
 * batch through the real CLI with --jobs 1 and --jobs 2. No document may
 * crash the linter (an exception: "internal error" in the CLI), hang it (a
 * file-budget "took longer" finding: the pre-scan let a slow shape through),
 * give different results when linted again, or give different output for
 * --jobs 1 and --jobs 2. A failing document is written to a temporary file
 * and named with its seed and index, so it can be regenerated.
 *
 * SPECLINT_FUZZ_SEED and SPECLINT_FUZZ_COUNT run another seed or more
 * documents locally (defaults: seed 12, 1,200 in-process, 100 via the CLI;
 * the CLI batch is a twelfth of the count).
 */
import {spawn} from 'node:child_process';
import {readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {lintText, type FileResult} from '../src/engine/lint.js';
import {builtinProfiles} from '../src/profiles/built-in.js';
import type {RuleSetting} from '../src/profiles/types.js';
import {decodeText} from '../src/run/runner.js';
import {fuzzDocument} from './fuzz.js';
import {tempDirs} from './helpers.js';

const repo = join(import.meta.dirname, '..');
const bin = join(repo, 'bin', 'speclint.js');
const tempDir = tempDirs();
const SEED = Number(process.env['SPECLINT_FUZZ_SEED'] ?? 12);
// About 100 ms of CPU a document on this project's 2-core machines, half of it in mermaid's parser:
// the in-process batch checks diagrams with mermaid in one document of four (the CLI batch in all).
const COUNT = Number(process.env['SPECLINT_FUZZ_COUNT'] ?? 1200);
const CLI_COUNT = Math.max(20, Math.round(COUNT / 12));

function fixtureTexts(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.md')) out.push(readFileSync(path, 'utf8'));
    }
  };
  walk(join(repo, 'fixtures'));
  return out;
}

const bases = fixtureTexts();
const profiles = builtinProfiles();
const NO_MERMAID: Record<string, RuleSetting> = {'code-blocks': ['error', {mermaidSyntax: false}]};
const lint = (text: string, filePath: string, mermaid = true) =>
  lintText(text, {filePath, profiles, explicit: true, ruleOverrides: mermaid ? undefined : NO_MERMAID});

interface Failure {
  index: number;
  mutations: string[];
  problem: string;
  saved: string;
}

/** Keep a failing document for reproduction and say how to regenerate it. */
function failure(index: number, mutations: string[], text: string, problem: string): Failure {
  const saved = join(tempDir('speclint-fuzz-fail-'), `seed-${SEED}-doc-${index}.md`);
  writeFileSync(saved, text);
  return {index, mutations, problem, saved};
}

const hung = (result: FileResult | undefined) => result?.messages.some((m) => m.ruleId === 'file-budget' && m.message.startsWith('File took longer')) ?? false;

describe(`fuzz: ${COUNT} mutated specs in-process (seed ${SEED})`, () => {
  it('no crash, no hang, the same results when linted again', async () => {
    const failures: Failure[] = [];
    const totals = {documents: 0, linted: 0, skipped: 0, refused: 0, crashes: 0, hangs: 0, unstable: 0, findings: 0};
    for (let index = 0; index < COUNT; index++) {
      const {mutations, text} = fuzzDocument(bases, SEED, index);
      totals.documents++;
      let first;
      try {
        first = await lint(text, `doc-${index}.md`, index % 4 === 0);
      } catch (error) {
        totals.crashes++;
        failures.push(failure(index, mutations, text, `threw: ${(error as Error)?.stack ?? String(error)}`));
        continue;
      }
      if (!first.result) totals.skipped++;
      else if (first.result.messages.some((m) => m.ruleId === 'file-budget')) totals.refused++;
      else totals.linted++;
      totals.findings += first.result?.messages.length ?? 0;
      if (hung(first.result)) {
        totals.hangs++;
        failures.push(failure(index, mutations, text, first.result!.messages[0]!.message));
      }
      // Every tenth document again: the same result, byte for byte (no state leaks from one file to the next).
      if (index % 10 === 0) {
        const again = await lint(text, `doc-${index}.md`, index % 4 === 0);
        if (JSON.stringify(again) !== JSON.stringify(first)) {
          totals.unstable++;
          failures.push(failure(index, mutations, text, 'a second lint gave another result'));
        }
      }
    }
    console.log(`fuzz seed ${SEED}: ${JSON.stringify(totals)}`);
    expect(failures).toEqual([]);
    expect(totals.documents).toBe(COUNT);
    // The mutations reach the engine's paths: specs with findings, non-specs, refusals.
    expect(totals.linted).toBeGreaterThan(COUNT / 2);
    expect(totals.refused).toBeGreaterThan(0);
  }, 900_000);
});

function runAsync(args: string[], cwd: string): Promise<{code: number | null; stdout: string; stderr: string}> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {cwd, env: {...process.env, NO_COLOR: '1', FORCE_COLOR: '0'}});
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({code, stdout, stderr}));
  });
}

describe(`fuzz: ${CLI_COUNT} mutated specs through the CLI (seed ${SEED})`, () => {
  it('--jobs 1 and --jobs 2 give byte-identical JSON and the same exit code, and the results of lintText', async () => {
    const dir = tempDir('speclint-fuzz-cli-');
    const names: string[] = [];
    const texts: string[] = [];
    // Documents after the in-process batch's, so the two batches differ.
    for (let i = 0; i < CLI_COUNT; i++) {
      const {text} = fuzzDocument(bases, SEED, COUNT + i);
      const name = `doc-${String(i).padStart(4, '0')}.md`;
      writeFileSync(join(dir, name), text);
      names.push(name);
      texts.push(text);
    }
    const [serial, pooled] = await Promise.all([
      runAsync(['-v', '--jobs', '1', '-f', 'json', ...names], dir),
      runAsync(['-v', '--jobs', '2', '-f', 'json', ...names], dir),
    ]);
    expect(serial.stderr).toContain('speclint: linted in-process\n');
    expect(pooled.stderr).toContain('speclint: linted with 2 worker threads\n');
    for (const run of [serial, pooled]) {
      expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
      expect([0, 1]).toContain(run.code);
    }
    expect(pooled.code).toBe(serial.code);
    expect(pooled.stdout).toBe(serial.stdout);

    const results = JSON.parse(serial.stdout) as FileResult[];
    // ESLint-shaped JSON: absolute paths.
    expect(results.map((r) => r.filePath)).toEqual(names.map((name) => join(dir, name)));
    let differences = 0;
    for (const [i, result] of results.entries()) {
      // What the CLI read: the file's bytes decoded as it decodes them (a leading BOM dropped).
      const decoded = decodeText(Buffer.from(texts[i]!, 'utf8'));
      if (!('text' in decoded)) throw new Error(`${names[i]}: ${decoded.reason}`);
      const own = await lint(decoded.text, names[i]!);
      expect(hung(own.result), names[i]).toBe(false);
      const strip = (messages: FileResult['messages']) => messages.map(({url: _url, ...m}) => m);
      if (JSON.stringify(strip(result.messages)) !== JSON.stringify(strip(own.result!.messages))) differences++;
    }
    expect(differences).toBe(0);
  }, 900_000);
});
