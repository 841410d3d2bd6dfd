/**
 * Patterns from config and custom profiles run in linear time (RE2): a
 * pattern that takes exponential time in JavaScript's backtracking engine,
 * such as `(a+)+$`, finishes at once; what RE2 cannot run (lookaround,
 * backreferences) or cannot parse is a one-line config error, exit 2. The
 * patterns speclint ships keep JavaScript semantics (lookahead included).
 */
import {spawnSync} from 'node:child_process';
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {compilePattern, patternProblem, MAX_PATTERN_SIZE} from '../src/lib/regex.js';
import {DEFAULT_PLACEHOLDERS} from '../rules/lib/placeholders.js';
import '../src/engine/registry.js';
import {tempDirs} from './helpers.js';

const repo = join(import.meta.dirname, '..');
const bin = join(repo, 'bin', 'speclint.js');
const okPayments = readFileSync(join(repo, 'fixtures', 'service-design', 'ok-payments-service.md'), 'utf8');
const okBackendSpec = readFileSync(join(repo, 'fixtures', 'backend-spec', 'ok-payments-service.md'), 'utf8');
const tempDir = tempDirs();

function project(files: Record<string, string>): string {
  const dir = tempDir('speclint-regex-');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), {recursive: true});
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** The CLI, killed after 60 s: a hang is a failure, not a stuck test run. */
function speclint(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [bin, ...args], {cwd, encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}, timeout: 60_000});
  return {code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr};
}

/** 40 a's and a bang: `(a+)+$` backtracks through 2^40 splits of it in JavaScript. */
const EVIL_TEXT = `${'a'.repeat(40)}!`;

describe('configured patterns', () => {
  it('match in linear time: (a+)+$ against a long run of a\'s answers at once', () => {
    const p = compilePattern('(a+)+$', 'iu');
    expect(p.test(`${'a'.repeat(100_000)}!`)).toBe(false);
    expect(p.test('aaa')).toBe(true);
  });

  it('keep JavaScript\'s match positions, groups and empty-match stepping', () => {
    const p = compilePattern(String.raw`(\d+)\s*(ms)|(s)`, 'i');
    const text = 'p95 😀 200 MS then s';
    expect([...p.matchAll(text)].map((m) => [m.index, ...m])).toEqual([...text.matchAll(/(\d+)\s*(ms)|(s)/gi)].map((m) => [m.index, ...m]));
    expect([...compilePattern('x*').matchAll('axb')].map((m) => [m.index, m[0]])).toEqual([
      [0, ''],
      [1, 'x'],
      [2, ''],
      [3, ''],
    ]);
    expect(compilePattern(String.raw`\u{1F600}|\u00e9`, 'u').test('café')).toBe(true);
  });

  it('refuse lookaround and backreferences, bad syntax, bad flags and huge programs, each in one line', () => {
    expect(patternProblem('(?=a)b', '', '/p')).toMatch(/^\/p: not supported: configured patterns run with RE2 \(linear time, no lookahead, lookbehind or backreferences\) and RE2 rejects it \(.*\)$/);
    expect(patternProblem(String.raw`(a)\1`, '', '/p')).toMatch(/^\/p: not supported: /);
    expect(patternProblem('(a', '', '/p')).toMatch(/^\/p: not a valid regular expression \(Invalid regular expression: .*\)$/);
    expect(patternProblem('a', 'g', '/p')).toBe('/p: flags "g" are not among i, m, s, u');
    expect(patternProblem('[a-z]{1000}', '', '/p')).toMatch(new RegExp(`^/p: too large for a configured pattern \\(\\d+ RE2 instructions; at most ${MAX_PATTERN_SIZE}\\)$`));
    for (const p of ['(?=a)b', '(a', '[a-z]{1000}']) expect(patternProblem(p, '', '/p')).not.toContain('\n');
  });

  it('the patterns speclint ships keep JavaScript semantics, lookahead included', () => {
    const bracketed = DEFAULT_PLACEHOLDERS.find((p) => p.label === 'bracketed placeholder')!;
    expect(bracketed.pattern).toContain('(?=');
    // The shipped pattern reads Unicode classes (\p{Lu}), so it comes with its `u` flag.
    const flags = bracketed.flags ?? '';
    expect(patternProblem(bracketed.pattern, flags, '/p')).toBeUndefined();
    expect(compilePattern(bracketed.pattern, flags).test('[Service Name]')).toBe(true);
    expect(compilePattern(bracketed.pattern, flags).test('[x]')).toBe(false);
  });
});

describe('configured patterns through the CLI', () => {
  it('a custom profile with (a+)+$ as a section pattern and a placeholder pattern finishes, with its findings', () => {
    const dir = project({
      '.speclintrc.yaml': [
        'profile: evil',
        'profiles:',
        '  evil:',
        '    detect: {title: "(a+)+$"}',
        '    sections:',
        '      - name: Overview',
        '      - name: Anything',
        '        pattern: "(a+)+$"',
        '    rules:',
        '      no-placeholders: [error, {patterns: [{pattern: "(a+)+$", label: evil}]}]',
        '',
      ].join('\n'),
      'spec.md': `# Spec\n\n## Overview\n\nSome text.\n\n## ${EVIL_TEXT}\n\n${EVIL_TEXT.replace('!', '')}\n`,
    });
    const r = speclint(['-f', 'json', 'spec.md'], dir);
    expect(r.signal).toBeNull();
    expect(r.stderr).toBe('');
    const [result] = JSON.parse(r.stdout) as Array<{messages: Array<{ruleId: string; line: number; message: string}>}>;
    // The heading ends in "!", so `$` never matches it: "Anything" is missing; the a's alone are a placeholder.
    expect(result!.messages.map((m) => `${m.line} ${m.ruleId} ${m.message.slice(0, 40)}`)).toEqual([
      '3 required-sections Missing required section "Anything"; it ',
      '9 no-placeholders Template placeholder "aaaaaaaaaaaaaaaaaa',
    ]);
  });

  it('a rule option pattern that would backtrack forever (identifiers ruleIdPattern) finishes', () => {
    const spec = okBackendSpec.replace('| BR-001 |', `| ${EVIL_TEXT} |`);
    expect(spec).not.toBe(okBackendSpec);
    const dir = project({
      '.speclintrc.json': JSON.stringify({rules: {identifiers: ['error', {ruleIdPattern: '^(a+)+$'}]}}),
      'spec.md': spec,
    });
    const r = speclint(['-f', 'json', 'spec.md'], dir);
    expect(r.signal).toBeNull();
    const messages = (JSON.parse(r.stdout) as Array<{messages: Array<{ruleId: string; message: string}>}>)[0]!.messages;
    expect(messages.filter((m) => m.ruleId === 'identifiers').map((m) => m.message)).toContainEqual(expect.stringMatching(/^Business rule id "BR-002" is not of the form/));
  });

  it.each([
    ['a lookahead in a config rule option', {'.speclintrc.json': JSON.stringify({rules: {'no-placeholders': ['error', {patterns: [{pattern: 'TODO(?!:)'}]}]}})}, /^speclint: .*\.speclintrc\.json: \/rules\/no-placeholders\/1\/patterns\/0\/pattern: not supported: configured patterns run with RE2/],
    ['a bad ruleIdPattern', {'.speclintrc.json': JSON.stringify({rules: {identifiers: ['error', {ruleIdPattern: '^BR-(\\d+$'}]}})}, /^speclint: .*\.speclintrc\.json: \/rules\/identifiers\/1\/ruleIdPattern: not a valid regular expression \(/],
    ['a bad slo-targets metric', {'.speclintrc.json': JSON.stringify({rules: {'slo-targets': ['error', {metrics: [{label: 'x', pattern: '[x'}]}]}})}, /^speclint: .*: \/rules\/slo-targets\/1\/metrics\/0\/pattern: not a valid regular expression \(/],
    ['a bad error-classification expectation', {'.speclintrc.json': JSON.stringify({rules: {'error-classification': ['error', {expectations: [{pattern: '(', status: '4xx', label: 'x'}]}]}})}, /^speclint: .*: \/rules\/error-classification\/1\/expectations\/0\/pattern: not a valid regular expression \(/],
    ['a backreference in a custom profile', {'.speclintrc.yaml': 'profiles:\n  y:\n    sections:\n      - name: A\n        pattern: "(a)\\\\1"\n'}, /^speclint: .*\.speclintrc\.yaml: \/profiles\/y\/sections\/0\/pattern: not supported: /],
  ])('%s is one config error line, exit 2', (_name, files, message) => {
    const dir = project({...files, 'spec.md': okPayments});
    const r = speclint(['spec.md'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('a pattern that matches whole lines (\\S.*) quotes at most 80 characters of them', () => {
    const secret = `token=${'x'.repeat(200)}-END-OF-LINE`;
    const dir = project({
      '.speclintrc.json': JSON.stringify({rules: {'no-placeholders': ['error', {patterns: [{pattern: '\\S.*', label: 'echo'}]}]}}),
      'spec.md': okPayments.replace('## Overview\n', `## Overview\n\n${secret}\n`),
    });
    const r = speclint(['-f', 'json', 'spec.md'], dir);
    const messages = (JSON.parse(r.stdout) as Array<{messages: Array<{ruleId: string; message: string}>}>)[0]!.messages;
    const quoted = messages.filter((m) => m.ruleId === 'no-placeholders').map((m) => /^Template placeholder "(.*)" \(echo\) left in the spec$/.exec(m.message)![1]!);
    expect(quoted.length).toBeGreaterThan(10);
    for (const q of quoted) expect(Array.from(q).length).toBeLessThanOrEqual(80);
    expect(quoted).toContain(`${secret.slice(0, 79)}…`);
    // (The JSON report's `source` holds the whole text, as ESLint's does: the messages must not.)
    expect(JSON.stringify(messages)).not.toContain('END-OF-LINE');
  });

  it('a config may reuse a shipped pattern verbatim, lookahead and all', () => {
    const bracketed = DEFAULT_PLACEHOLDERS.find((p) => p.label === 'bracketed placeholder')!;
    const dir = project({
      '.speclintrc.json': JSON.stringify({rules: {'no-placeholders': ['error', {patterns: [{pattern: bracketed.pattern, flags: bracketed.flags, label: 'mine'}]}]}}),
      'spec.md': okPayments.replace('## Overview\n', '## Overview\n\nOwner: [Team Name]\n'),
    });
    const r = speclint(['-f', 'json', 'spec.md'], dir);
    expect(r.stderr).toBe('');
    const messages = (JSON.parse(r.stdout) as Array<{messages: Array<{ruleId: string; message: string}>}>)[0]!.messages;
    expect(messages.map((m) => m.message)).toContain('Template placeholder "[Team Name]" (mine) left in the spec');
  });
});
