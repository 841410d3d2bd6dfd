/**
 * `speclint profile derive`: the profile inferred from a spec validates
 * against the profile schema, and the spec passes its own derived profile's
 * structural rules; the derived profile holds what the spec has (so another
 * spec missing it is reported), and `speclint init` can write a skeleton from
 * it. Every conforming fixture is a case; edge cases (repeated heading names,
 * two tables in a section, empty fields) are written here.
 */
import {spawnSync} from 'node:child_process';
import {copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {parse as parseYaml} from 'yaml';
import {deriveProfile, deriveProfileYaml, profileNameFrom} from '../src/authoring/derive.js';
import {UsageError} from '../src/lib/errors.js';
import {skeletonFor} from '../src/authoring/init.js';
import {lintText} from '../src/engine/lint.js';
import type {Profile} from '../src/profiles/types.js';
import {resolveProfiles} from '../src/profiles/built-in.js';
import {profileSchema, validateOrThrow} from '../src/profiles/schema.js';
import {findingLine, tempDirs} from './helpers.js';

const repo = join(import.meta.dirname, '..');
const bin = join(repo, 'bin', 'speclint.js');
const tempDir = tempDirs();
const STRUCTURAL = ['required-sections', 'required-table', 'required-fields', 'table-filled'];

const okFixtures = readdirSync(join(repo, 'fixtures'))
  .filter((d) => statSync(join(repo, 'fixtures', d)).isDirectory())
  .flatMap((d) => readdirSync(join(repo, 'fixtures', d)).filter((f) => f.startsWith('ok-') && f.endsWith('.md')).map((f) => `fixtures/${d}/${f}`))
  .sort();

/** Derive, check the YAML against the schema, and load it as the only profile. */
function derived(text: string, filePath: string, name?: string): {profile: Profile; profiles: Map<string, Profile>; yaml: string} {
  const yaml = deriveProfileYaml(text, {filePath, name});
  const data = parseYaml(yaml) as Profile;
  validateOrThrow(profileSchema, data, filePath);
  const profiles = resolveProfiles(new Map([[data.name, data]]), filePath);
  return {profile: profiles.get(data.name)!, profiles, yaml};
}

async function lintWith(text: string, profile: Profile, profiles: Map<string, Profile>) {
  return (await lintText(text, {filePath: 'spec.md', profiles, forcedProfile: profile.name, explicit: true})).result!;
}

const WORDS = 'the team keeps each request within its budget and reports every change to the owners who review it'.split(' ');
function fill(skeleton: string): string {
  const prose = Array.from({length: 12}, (_, i) => WORDS[i % WORDS.length]).join(' ');
  return skeleton.replace(/TODO: e\.g\. (.+?)(?=\s+\||$)/gm, '$1').replace(/TODO: (.+?)(?=\s+\||$)/gm, `${prose}.`);
}

describe('profile derive on the conforming fixtures', () => {
  it('there are fixtures of several profiles to derive from', () => {
    expect(okFixtures.length).toBeGreaterThanOrEqual(5);
  });

  for (const path of okFixtures) {
    describe(path, () => {
      const text = readFileSync(join(repo, path), 'utf8');

      it("validates, and the spec passes its derived profile's structural rules", async () => {
        const {profile, profiles} = derived(text, path);
        expect(profile.name).toBe(profileNameFrom(path));
        const result = await lintWith(text, profile, profiles);
        expect(result.rulesRun).toEqual(expect.arrayContaining(STRUCTURAL));
        expect(result.messages.filter((m) => STRUCTURAL.includes(m.ruleId ?? '')).map(findingLine)).toEqual([]);
        // A conforming spec has nothing else wrong either.
        expect(result.messages.map(findingLine)).toEqual([]);
      });

      it('holds what the spec has: without its last section, or a column, the spec is reported', async () => {
        const {profile, profiles} = derived(text, path);
        const last = profile.sections.at(-1)!;
        const lines = text.split('\n');
        const at = lines.findIndex((l) => new RegExp(`^#{1,6}\\s+${last.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`).test(l));
        expect(at, `heading of "${last.name}"`).toBeGreaterThan(0);
        const cut = lines.slice(0, at).join('\n');
        const result = await lintWith(cut, profile, profiles);
        expect(result.messages.map(findingLine)).toContainEqual(expect.stringContaining(`required-sections Missing required section "${last.name}"`));
      });

      it('init writes a skeleton from it that lints clean once filled', async () => {
        const {profile, profiles} = derived(text, path);
        const skeleton = skeletonFor(profile, {name: 'Another Service'});
        const fresh = await lintWith(skeleton, profile, profiles);
        expect(fresh.messages.filter((m) => m.ruleId !== 'no-placeholders').map(findingLine)).toEqual([]);
        expect((await lintWith(fill(skeleton), profile, profiles)).messages.map(findingLine)).toEqual([]);
      });
    });
  }
});

describe('what a derived profile says', () => {
  it('backend-spec fixture: heading tree, tables with their columns, fields, diagrams, name and title', () => {
    const path = 'fixtures/backend-spec/ok-payments-service.md';
    const profile = deriveProfile(readFileSync(join(repo, path), 'utf8'), {filePath: path});
    expect(profile.name).toBe('ok-payments-service');
    expect(profile.title).toBe('Backend Spec: Payments Service');
    expect(profile.sections.map((s) => s.name)).toEqual([
      'Overview', 'Service Responsibilities', 'Architecture Context', 'Dependencies', 'Data Models', 'Service Interface', 'Business Logic',
      'Sequence Diagrams', 'Error Handling', 'Events', 'Observability', 'Security', 'Performance', 'Deployment & Reliability', 'Testing Strategy',
    ]);
    const all = new Map<string, (typeof profile.sections)[number]>();
    const walk = (specs: typeof profile.sections) => specs.forEach((s) => (all.set(s.name, s), walk(s.sections ?? [])));
    walk(profile.sections);
    expect([...all.values()].every((s) => s.presence === 'required')).toBe(true);
    expect(all.get('Dependencies')!.tables).toEqual([{id: 'dependencies', columns: ['Dependency', 'Type', 'Purpose', 'Timeout', 'Fallback', 'Health Check']}]);
    expect(all.get('Latency Targets')!.tables![0]!.columns).toEqual(['Operation', 'P50', 'P95', 'P99', 'Timeout']);
    expect(all.get('AuthorizePayment')!.fields).toEqual(['Input', 'Output', 'Errors', 'Events', 'Metrics']);
    expect(all.get('Architecture Context')!.diagram).toBe('flowchart');
    expect(all.get('State Machine')!.diagram).toBe('stateDiagram');
    expect(profile.rules).toMatchObject({'required-sections': 'error', 'required-table': 'error', 'required-fields': 'error', 'required-diagram': 'error'});
  });

  it('service-design fixture: the quality gate becomes the checklist', () => {
    const path = 'fixtures/service-design/ok-payments-service.md';
    const text = readFileSync(join(repo, path), 'utf8');
    const gate = deriveProfile(text, {filePath: path}).sections.find((s) => s.name === 'Quality Gate')!;
    const items = text.split('\n').filter((l) => /^- \[[ xX]\] /.test(l)).map((l) => l.slice(6).trim());
    expect(items.length).toBeGreaterThan(0);
    expect(gate.checklist).toEqual({items});
  });

  it('a top-level heading whose name an earlier subsection also has keeps its content: matching prefers the top level', async () => {
    const text = [
      '# Widget Service',
      '## API',
      '### Overview',
      '| Endpoint | Method |',
      '| --- | --- |',
      '| /widgets | GET |',
      '## Overview',
      '**Owner:** Team Widgets',
      '',
      '| Goal | Metric |',
      '| --- | --- |',
      '| Fast | p95 < 200ms |',
      '### Scope',
      'Widgets only.',
      '',
    ].join('\n');
    const {profile, profiles} = derived(text, 'widget.md');
    // Top-level "Overview" is matched at the top-level heading, not at "API > Overview" (the first heading of that name).
    expect(profile.sections.map((s) => s.name)).toEqual(['API', 'Overview']);
    expect(profile.sections[1]).toMatchObject({name: 'Overview', fields: ['Owner'], sections: [{name: 'Scope', presence: 'required'}]});
    expect(profile.sections[1]!.tables![0]!.columns).toEqual(['Goal', 'Metric']);
    expect(profile.sections[0]!.sections![0]!.tables![0]!.columns).toEqual(['Endpoint', 'Method']);
    const result = await lintWith(text, profile, profiles);
    expect(result.messages.map(findingLine)).toEqual([]);
  });

  it('two tables in a section: ids are unique, and a table matched to an empty one does not require rows', async () => {
    const text = [
      '# Limits',
      '## Quotas',
      '| Name | Value | Unit |',
      '| --- | --- | --- |',
      '',
      '| Name | Value |',
      '| --- | --- |',
      '| widgets | 10 |',
      '| gadgets | - |',
      '',
    ].join('\n');
    const {profile, profiles} = derived(text, 'limits.md');
    const tables = profile.sections[0]!.tables!;
    expect(tables.map((t) => t.id)).toEqual(['quotas', 'quotas-2']);
    expect(tables[0]).toMatchObject({minRows: 0});
    expect(tables[1]!.columns).toEqual(['Name', {name: 'Value', filled: false}]);
    expect((await lintWith(text, profile, profiles)).messages.map(findingLine)).toEqual([]);
  });

  it('a field without a value is not required; duplicate sibling headings count once', async () => {
    const text = ['# Notes', '## Decision', '**Owner:** Ana', '**Reviewer:**', '', '## Decision', 'Second one.', ''].join('\n');
    const {profile, profiles} = derived(text, 'notes.md');
    expect(profile.sections).toEqual([{name: 'Decision', presence: 'required', fields: ['Owner']}]);
    expect((await lintWith(text, profile, profiles)).messages.map(findingLine)).toEqual([]);
  });

  it('names: from the file name, or --name; a name the schema refuses is a usage error', () => {
    expect(profileNameFrom('docs/Payments Service Spec.md')).toBe('payments-service-spec');
    expect(profileNameFrom('/x/_draft.v2.md')).toBe('draft.v2');
    expect(profileNameFrom(undefined)).toBe('derived');
    expect(deriveProfile('# T\n## A\ntext\n', {filePath: 'a.md', name: 'team-rfc'}).name).toBe('team-rfc');
    expect(() => deriveProfile('# T\n', {name: 'Team RFC'})).toThrow(UsageError);
    const empty = deriveProfile('no headings at all\n', {filePath: 'plain.md'});
    expect(empty).toMatchObject({name: 'plain', title: 'plain', sections: []});
    expect(() => validateOrThrow(profileSchema, parseYaml(deriveProfileYaml('no headings at all\n', {filePath: 'plain.md'})), 'plain')).not.toThrow();
  });
});

function run(args: string[], cwd = repo) {
  const r = spawnSync(process.execPath, [bin, ...args], {cwd, encoding: 'utf8', input: '', timeout: 20_000, env: {...process.env, NO_COLOR: '1', FORCE_COLOR: '0'}});
  return {code: r.status, stdout: r.stdout, stderr: r.stderr};
}

function expectOneLineError(stderr: string, text: string | RegExp) {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^speclint: error: /);
  expect(lines[0]).toMatch(text);
}

describe('speclint profile derive (the built bin)', () => {
  const spec = 'fixtures/tech-spec.ddd/ok-card-payments.md';

  it('prints the profile YAML; --name names it', () => {
    const r = run(['profile', 'derive', spec, '--name', 'card-payments']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(deriveProfileYaml(readFileSync(join(repo, spec), 'utf8'), {filePath: spec, name: 'card-payments'}));
    expect(parseYaml(r.stdout)).toMatchObject({name: 'card-payments', title: 'Card Payments Service Spec'});
  });

  it('-o writes it (not over an existing file without --force); a config can then use it as a custom profile', () => {
    const dir = tempDir('speclint-derive-');
    copyFileSync(join(repo, spec), join(dir, 'card-payments.md'));
    mkdirSync(join(dir, 'profiles'));
    const w = run(['profile', 'derive', 'card-payments.md', '-o', 'profiles/card-payments.yaml'], dir);
    expect(w.code).toBe(0);
    expect(w.stdout).toBe('');
    const again = run(['profile', 'derive', 'card-payments.md', '-o', 'profiles/card-payments.yaml'], dir);
    expect(again.code).toBe(2);
    expectOneLineError(again.stderr, 'profiles/card-payments.yaml already exists; use --force to overwrite it');
    expect(run(['profile', 'derive', 'card-payments.md', '-o', 'profiles/card-payments.yaml', '--force'], dir).code).toBe(0);

    writeFileSync(join(dir, '.speclintrc.yaml'), 'profiles:\n  card-payments: ./profiles/card-payments.yaml\n');
    const lint = run(['-f', 'json', '--profile', 'card-payments', 'card-payments.md'], dir);
    expect(lint.stderr).toBe('');
    expect(lint.code).toBe(0);
    expect(JSON.parse(lint.stdout)[0]).toMatchObject({errorCount: 0, warningCount: 0, profile: {name: 'card-payments'}});
    const init = run(['init', '--profile', 'card-payments', '--name', 'Refunds Service'], dir);
    expect(init.code).toBe(0);
    expect(init.stdout).toMatch(/^# Refunds Service\n/);
    expect(init.stdout).toContain('| Aggregate Root | Context | Invariants |');
  });

  it('usage errors are exit 2 with one line', () => {
    let r = run(['profile', 'derive', 'no-such-spec.md']);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, 'cannot read no-such-spec.md: no such file');
    r = run(['profile', 'derive']);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, "missing required argument 'spec'");
    r = run(['profile']);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, 'profile needs a subcommand');
    r = run(['profile', 'inherit', spec]);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, 'unknown profile subcommand "inherit"');
    r = run(['profile', 'derive', spec, '--name', 'Card Payments']);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, 'profile name "Card Payments" must be lowercase');
  });
});
