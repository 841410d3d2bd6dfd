/**
 * The one validator of rule settings (src/profiles/validate.ts) wherever rules are
 * set: a bad option or a regex option that does not compile is exit 2 with
 * one line naming the file, the rule and the key, before any file is read;
 * never a lint finding. (Built-in profiles: profiles-build.test.ts.)
 */
import {spawnSync} from 'node:child_process';
import {copyFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {tempDirs} from './helpers.js';

const repo = join(import.meta.dirname, '..');
const okSpec = join(repo, 'fixtures', 'backend-spec', 'ok-payments-service.md');
const tempDir = tempDirs();

function speclint(dir: string, files: Record<string, string>) {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  copyFileSync(okSpec, join(dir, 'spec.md'));
  const r = spawnSync(process.execPath, [join(repo, 'bin', 'speclint.js'), 'spec.md'], {cwd: dir, encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}});
  return {code: r.status, stdout: r.stdout, stderr: r.stderr};
}

const BAD_REGEX = '{ruleIdPattern: "("}';
const cases: Array<[string, Record<string, string>, RegExp]> = [
  ['config rules', {'.speclintrc.yaml': `rules:\n  identifiers: [error, ${BAD_REGEX}]\n`}, /\.speclintrc\.yaml: \/rules\/identifiers\/1\/ruleIdPattern: not a valid regular expression \(.+\)$/],
  [
    'an inline custom profile',
    {'.speclintrc.yaml': `profiles:\n  mine:\n    extends: backend-spec\n    rules:\n      identifiers: [error, ${BAD_REGEX}]\n  "*.md": mine\n`},
    /\.speclintrc\.yaml: \/profiles\/mine\/rules\/identifiers\/1\/ruleIdPattern: not a valid regular expression \(.+\)$/,
  ],
  [
    'a profile file',
    {'mine.yaml': `name: mine\nextends: backend-spec\nrules:\n  identifiers: [error, ${BAD_REGEX}]\n`, '.speclintrc.yaml': 'profiles:\n  mine: ./mine.yaml\n  "*.md": mine\n'},
    /mine\.yaml: \/rules\/identifiers\/1\/ruleIdPattern: not a valid regular expression \(.+\)$/,
  ],
  [
    'a pattern RE2 cannot run in linear time',
    {'.speclintrc.yaml': 'rules:\n  identifiers: [error, {eventTypePattern: "(?=x)"}]\n'},
    /\.speclintrc\.yaml: \/rules\/identifiers\/1\/eventTypePattern: not supported: configured patterns run with RE2 .+$/,
  ],
  ['an unknown option key', {'.speclintrc.yaml': 'rules:\n  slo-targets: [error, {bogusOption: 42}]\n'}, /\.speclintrc\.yaml: \/rules\/slo-targets\/1: unknown key "bogusOption"$/],
];

describe('rule settings are config errors, not findings', () => {
  for (const [name, files, message] of cases) {
    it(name, () => {
      const r = speclint(tempDir('speclint-validate-'), files);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr.trimEnd()).toMatch(new RegExp(`^speclint: error: .*${message.source}`));
    });
  }
});
