/**
 * The built-in profiles are validated at build time (scripts/build-profiles.mjs
 * writes dist/profiles.json) instead of at every start. These tests hold the
 * check where it moved: every profile YAML passes the schema, the built JSON
 * is exactly what reading the YAML gives, the compiled CLI really uses it,
 * and a profile edited after the build is read and validated again (a bad
 * edit is still reported, never skipped).
 */
import {spawnSync} from 'node:child_process';
import {cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parse as parseYaml} from 'yaml';
import {loadBuiltinProfilesFromYaml} from '../src/profiles/built-in.js';
import {profileSchema, validateOrThrow} from '../src/profiles/schema.js';
import {trustPatterns} from '../src/lib/regex.js';
import {validateProfile} from '../src/profiles/validate.js';

const repo = join(import.meta.dirname, '..');
const profileDir = join(repo, 'rules', 'profiles');
const buildScript = join(repo, 'scripts', 'build-profiles.mjs');
const okSpec = join(repo, 'fixtures', 'service-design', 'ok-payments-service.md');

function node(args: string[], cwd = repo) {
  const r = spawnSync(process.execPath, args, {cwd, encoding: 'utf8', env: {...process.env, NO_COLOR: '1', FORCE_COLOR: '0'}});
  return {code: r.status, stdout: r.stdout, stderr: r.stderr};
}

describe('built-in profile YAML', () => {
  const files = readdirSync(profileDir).filter((f) => f.endsWith('.yaml'));

  it('there are profiles to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    it(`${file} passes the profile schema`, () => {
      const data = parseYaml(readFileSync(join(profileDir, file), 'utf8'));
      expect(() => validateOrThrow(profileSchema, data, file)).not.toThrow();
    });
    it(`${file} passes the whole profile validator (rule options included)`, () => {
      const data = parseYaml(readFileSync(join(profileDir, file), 'utf8'));
      trustPatterns(data);
      expect(() => validateProfile(data, file, '')).not.toThrow();
    });
  }
});

describe('dist/profiles.json (scripts/build-profiles.mjs)', () => {
  let pkg: string;

  beforeAll(() => {
    // A copy of the built package, so the real dist/ is left alone.
    expect(existsSync(join(repo, 'dist', 'src', 'profiles', 'built-in.js')), 'dist/ is built (tsc -p tsconfig.json)').toBe(true);
    pkg = mkdtempSync(join(tmpdir(), 'speclint-profiles-'));
    for (const entry of ['package.json', 'bin', 'dist', 'rules']) cpSync(join(repo, entry), join(pkg, entry), {recursive: true});
    symlinkSync(join(repo, 'node_modules'), join(pkg, 'node_modules'), 'dir');
    // The build script resolves dist/ next to itself: run a copy inside the copy.
    const script = join(pkg, 'scripts', 'build-profiles.mjs');
    cpSync(buildScript, script);
    const r = node([script]);
    expect(r.stderr).toMatch(/^build-profiles: \d+ profiles validated -> .*profiles\.json\n$/);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
  });

  afterAll(() => {
    if (pkg) rmSync(pkg, {recursive: true, force: true});
  });

  it('holds every built-in profile, resolved exactly as reading the YAML gives', () => {
    const built = JSON.parse(readFileSync(join(pkg, 'dist', 'profiles.json'), 'utf8'));
    expect(built.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const fromYaml = [...loadBuiltinProfilesFromYaml(profileDir).values()];
    expect(built.profiles).toEqual(JSON.parse(JSON.stringify(fromYaml)));
  });

  it('is what the compiled CLI loads', () => {
    // Change a title in the JSON only (fingerprint untouched): the CLI shows it.
    const path = join(pkg, 'dist', 'profiles.json');
    const built = JSON.parse(readFileSync(path, 'utf8'));
    const original = readFileSync(path, 'utf8');
    built.profiles.find((p: {name: string}) => p.name === 'service-design').title = 'Marker title from profiles.json';
    writeFileSync(path, JSON.stringify(built));
    try {
      const r = node([join(pkg, 'bin', 'speclint.js'), 'profiles']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^service-design\s+Marker title from profiles\.json$/m);
    } finally {
      writeFileSync(path, original);
    }
  });

  it('fails the build on a bad rule option in a built-in profile, naming file, rule and key', () => {
    const yamlPath = join(pkg, 'rules', 'profiles', 'backend-spec.yaml');
    const original = readFileSync(yamlPath, 'utf8');
    try {
      // The slo-targets options object is the last thing in the file: add a key it does not know.
      expect(original).toMatch(/slo-targets:\n    - error\n    - sections: \[Performance\]\n(?:      .*\n)+$/);
      writeFileSync(yamlPath, `${original}      bogusOption: 42\n`);
      const r = node([join(pkg, 'scripts', 'build-profiles.mjs')]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`build-profiles: ${yamlPath}: /rules/slo-targets/1: unknown key "bogusOption"\n`);
      // A regex option that does not compile fails it too.
      writeFileSync(yamlPath, original.replace('  identifiers: error\n', '  identifiers: [error, {ruleIdPattern: "("}]\n'));
      const bad = node([join(pkg, 'scripts', 'build-profiles.mjs')]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/^build-profiles: .*backend-spec\.yaml: \/rules\/identifiers\/1\/ruleIdPattern: not a valid regular expression \(.*\)\n$/);
    } finally {
      writeFileSync(yamlPath, original);
    }
  });

  it('is ignored once a profile YAML changes after the build: the YAML is read and validated again', () => {
    const yamlPath = join(pkg, 'rules', 'profiles', 'service-design.yaml');
    const original = readFileSync(yamlPath, 'utf8');
    try {
      // A valid edit is picked up...
      writeFileSync(yamlPath, original.replace(/^title: .*$/m, 'title: Edited after the build'));
      let r = node([join(pkg, 'bin', 'speclint.js'), 'profiles']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^service-design\s+Edited after the build$/m);
      // ...and an invalid one is reported, as before the build step existed.
      writeFileSync(yamlPath, `${original}\nnotAProfileKey: true\n`);
      r = node([join(pkg, 'bin', 'speclint.js'), okSpec]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/service-design\.yaml: \/: unknown key "notAProfileKey"/);
    } finally {
      writeFileSync(yamlPath, original);
    }
  });
});
