/**
 * The example custom profiles in examples/ (a design review extending
 * service-design, a Rust-style RFC, a Kubernetes-style KEP) lint their
 * fixtures exactly as recorded: every examples/fixtures/<profile>/*.md is
 * linted through the examples' own config, as `cd examples && npx speclint
 * fixtures/` would, gets the profile its directory names, and produces
 * exactly the findings in its sidecar `.expected` file (none for `ok-*`).
 */
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {basename, join, resolve} from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {parse as parseYaml} from 'yaml';
import {loadConfig} from '../src/config/load.js';
import {runLint, type RunResult} from '../src/run/runner.js';
import type {SectionSpec} from '../src/profiles/types.js';
import {findingLine, readExpected} from './helpers.js';
import {updateExpected, updating} from './update.js';

const examples = join(import.meta.dirname, '..', 'examples');
const fixtures = join(examples, 'fixtures');
const profileFiles = readdirSync(join(examples, 'profiles')).filter((f) => /\.ya?ml$/.test(f)).sort();
const profileNames = profileFiles.map((f) => basename(f).replace(/\.ya?ml$/, ''));
const fixtureDirs = readdirSync(fixtures).sort();
const fixtureFiles = fixtureDirs.flatMap((dir) =>
  readdirSync(join(fixtures, dir))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((file) => ({dir, file, rel: `fixtures/${dir}/${file}`})),
);

/** Every section spec of a profile, at any depth, alternatives included. */
function allSpecs(specs: SectionSpec[]): SectionSpec[] {
  return specs.flatMap((s) => [s, ...allSpecs(s.sections ?? []), ...(s.oneOf ?? []).flatMap((alt) => allSpecs(alt.sections))]);
}

describe('examples: config and profiles', () => {
  it('the config defines every profile file in examples/profiles/ under its own name, and they all validate', () => {
    const raw = parseYaml(readFileSync(join(examples, '.speclintrc.yaml'), 'utf8')) as {profiles: Record<string, unknown>};
    expect(profileNames).toEqual(['design-review', 'kep', 'rfc']);
    for (const [file, name] of profileFiles.map((f, i) => [f, profileNames[i]!] as const)) {
      expect(raw.profiles[name], `${name} in .speclintrc.yaml`).toBe(`./profiles/${file}`);
    }
    // Loading validates every profile (schema, patterns, rule ids and options) and throws on the first problem.
    const config = loadConfig({cwd: examples});
    expect([...config.customProfiles].sort()).toEqual(profileNames);
    expect([...config.profileFiles].sort()).toEqual(profileFiles.map((f) => resolve(examples, 'profiles', f)));
  });

  it('every fixture directory is a profile of the config, with conforming and broken fixtures', () => {
    expect(fixtureDirs).toEqual(profileNames);
    for (const dir of fixtureDirs) {
      const files = fixtureFiles.filter((f) => f.dir === dir).map((f) => f.file);
      expect(files.filter((f) => f.startsWith('ok-')).length, `${dir} ok fixtures`).toBeGreaterThanOrEqual(1);
      expect(files.filter((f) => f.startsWith('broken-')).length, `${dir} broken fixtures`).toBeGreaterThanOrEqual(2);
      for (const f of readdirSync(join(fixtures, dir)).filter((name) => name.endsWith('.expected'))) {
        expect(existsSync(join(fixtures, dir, f.replace(/\.expected$/, '.md'))), `${dir}/${f} has its fixture`).toBe(true);
      }
    }
  });

  it('design-review extends service-design with the features it documents', () => {
    const profile = loadConfig({cwd: examples}).profiles.get('design-review')!;
    expect(profile.extends).toBe('service-design');
    const top = profile.sections.map((s) => s.name);
    expect(top).toEqual([
      'Overview',
      'Service Boundaries',
      'API Surface',
      'Security Review',
      'Runtime Characteristics',
      'Dependencies',
      'Failure Modes',
      'Scaling Approach',
      'Observability',
      'Rollout Plan',
      'Review Gate',
    ]);
    const named = (name: string) => profile.sections.find((s) => s.name === name)!;
    expect(named('Rollout Plan').content).toEqual({list: true});
    expect(named('Dependencies').tables![0]!.columns.map((c) => (typeof c === 'string' ? c : c.name))).toContain('Owner');
    expect(named('Review Gate').checklist!.items).toHaveLength(7);
    // Merged into the base's subsection: the base's description is kept.
    const flow = named('Runtime Characteristics').sections!.find((s) => s.name === 'Request Flow')!;
    expect(flow.diagram).toBe('sequenceDiagram');
    expect(flow.description).toBeTruthy();
    expect(profile.rules['slo-targets']).toEqual(['error', {sections: ['Runtime Characteristics', 'Scaling Approach', 'Observability'], require: 'latency'}]);
  });

  it('kep uses repeat and oneOf; rfc uses content and minWords and runs the default rules', () => {
    const {profiles} = loadConfig({cwd: examples});
    const kep = allSpecs(profiles.get('kep')!.sections);
    expect(kep.find((s) => s.repeat)?.repeat).toEqual({min: 2});
    expect(kep.find((s) => s.oneOf)?.oneOf).toHaveLength(2);
    const rfc = profiles.get('rfc')!;
    expect(rfc.extends).toBeUndefined();
    expect(rfc.sections.map((s) => s.name)).toEqual([
      'Summary',
      'Motivation',
      'Guide-level explanation',
      'Reference-level explanation',
      'Drawbacks',
      'Rationale and alternatives',
      'Prior art',
      'Unresolved questions',
      'Future possibilities',
    ]);
    expect(rfc.rules['section-content']).toBe('error');
  });
});

describe('examples: fixtures lint with exactly the recorded findings', () => {
  let run: RunResult;
  beforeAll(async () => {
    run = await runLint({cwd: examples, patterns: ['fixtures/']});
  });

  it('every fixture is linted, none skipped or unreadable', () => {
    expect(run.results.map((r) => r.filePath).sort()).toEqual(fixtureFiles.map((f) => f.rel).sort());
    expect(run.skipped).toEqual([]);
    expect(run.problems).toEqual([]);
  });

  for (const {dir, file, rel} of fixtureFiles) {
    it(rel, () => {
      const result = run.results.find((r) => r.filePath === rel);
      expect(result, `${rel} linted`).toBeDefined();
      expect(result!.profile, 'profile chosen by the config glob').toMatchObject({name: dir, source: 'config'});
      const expectedPath = join(fixtures, dir, file.replace(/\.md$/, '.expected'));
      if (updating) updateExpected(expectedPath, result!.messages.map(findingLine));
      const expected = readExpected(expectedPath);
      expect(result!.messages.map(findingLine)).toEqual(expected);
      if (file.startsWith('ok-')) {
        expect(existsSync(expectedPath), 'a conforming fixture has no .expected').toBe(false);
        expect(result!.messages).toEqual([]);
      } else {
        expect(existsSync(expectedPath), `${rel} has a .expected file`).toBe(true);
        expect(expected.length, 'a broken fixture shows its rules firing').toBeGreaterThan(0);
      }
    });
  }
});
