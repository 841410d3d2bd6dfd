/**
 * Profiles a team defines in config (inline or in a file), extending a
 * built-in one or not; the richer section matching they can use (repeated
 * sections, alternative section sets, content kinds); and the published
 * JSON Schema editors validate config with.
 */
import {spawnSync} from 'node:child_process';
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {loadConfig} from '../src/config/load.js';
import {runLint} from '../src/run/runner.js';
import {schemaText, SCHEMA_FILE} from '../scripts/build-schema.js';
import {findingLine, tempDirs} from './helpers.js';

const repo = join(import.meta.dirname, '..');
const bin = join(repo, 'bin', 'speclint.js');
const okPayments = readFileSync(join(repo, 'fixtures', 'service-design', 'ok-payments-service.md'), 'utf8');
const tempDir = tempDirs();

/** A project directory with the given files (paths relative to it). */
function project(files: Record<string, string>): string {
  const dir = tempDir('speclint-custom-');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), {recursive: true});
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

async function findings(dir: string, patterns: string[]) {
  const run = await runLint({cwd: dir, patterns});
  return Object.fromEntries(run.results.map((r) => [r.filePath, {profile: r.profile?.name, findings: r.messages.map(findingLine)}]));
}

function speclint(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [bin, ...args], {cwd, encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}});
  return {code: r.status, stdout: r.stdout, stderr: r.stderr};
}

const STORIES_PROFILE = `# User-story specs: stories repeat, and the design section follows one of two template eras.
title: Story spec
sections:
  - name: Overview
  - name: Story N
    pattern: "^Story \\\\d+"
    repeat: {min: 2, max: 3}
    fields: [As a, I want, So that]
  - name: Design
    oneOf:
      - label: 2023 template
        sections: [{name: Background}, {name: Proposal}]
      - label: 2025 template
        sections: [{name: Context}, {name: Decision}, {name: Consequences}]
  - name: Data Model
    content: {table: true, code: sql}
  - name: Rollout
    content: {list: true}
`;

const story = (n: number, fields = '**As a:** shopper\n**I want:** to pay by card\n**So that:** my order ships today\n') => `## Story ${n}\n\n${fields}\n`;
const dataModel = '## Data Model\n\n| Table | Purpose |\n| --- | --- |\n| orders | one row per order |\n\n```sql\nCREATE TABLE orders (id uuid PRIMARY KEY);\n```\n\n';
const rollout = '## Rollout\n\n- Ship behind the `checkout_v2` flag.\n- Ramp 1 %, 10 %, 100 % over a week.\n';

describe('custom profiles in config', () => {
  it('a profile file with repeated sections, alternative section sets and content kinds', async () => {
    const good = `# Checkout\n\n## Overview\n\nCard checkout.\n\n${story(1)}${story(2)}## Context\n\nWhy.\n\n## Decision\n\nWhat.\n\n## Consequences\n\nSo.\n\n${dataModel}${rollout}`;
    // One story (min 2), a story missing a field, the 2023 era with Proposal missing
    // (the 2025 era's sections are not asked for), a data model without SQL, prose where a list belongs.
    const bad =
      `# Checkout\n\n## Overview\n\nCard checkout.\n\n${story(1, '**As a:** shopper\n**I want:** to pay\n')}## Background\n\nWhy.\n\n` +
      '## Data Model\n\n| Table | Purpose |\n| --- | --- |\n| orders | rows |\n\n## Rollout\n\nWe ramp slowly.\n';
    const dir = project({
      '.speclintrc.yaml': 'profiles:\n  stories: ./profiles/stories.yaml\n  "specs/**": stories\n',
      'profiles/stories.yaml': STORIES_PROFILE,
      'specs/good.md': good,
      'specs/bad.md': bad,
    });
    expect(await findings(dir, ['specs/'])).toEqual({
      'specs/good.md': {profile: 'stories', findings: []},
      'specs/bad.md': {
        profile: 'stories',
        findings: [
          '7:1 error required-fields Section "Story 1" is missing the **So that:** field',
          '7:1 error required-sections Section "Story N" appears 1 time; the template asks for at least 2',
          '16:1 error required-sections Missing required section "Proposal"; it belongs after "Background" (line 12)',
          '16:1 error section-content Section "Data Model" has no sql code block',
          '22:1 error section-content Section "Rollout" has no list',
        ],
      },
    });
  });

  it('repeat.max: instances over the limit are reported at the first one too many', async () => {
    const text = `# Checkout\n\n## Overview\n\nCard checkout.\n\n${story(1)}${story(2)}${story(3)}${story(4)}## Context\n\nWhy.\n\n## Decision\n\nWhat.\n\n## Consequences\n\nSo.\n\n${dataModel}${rollout}`;
    const dir = project({'.speclintrc.yaml': 'profiles:\n  stories: ./profiles/stories.yaml\n  "*.md": stories\n', 'profiles/stories.yaml': STORIES_PROFILE, 'spec.md': text});
    const lines = text.split('\n');
    const fourth = lines.indexOf('## Story 4') + 1;
    expect((await findings(dir, ['spec.md']))['spec.md']!.findings).toEqual([
      `${fourth}:1 error required-sections Section "Story N" appears 4 times; the template allows at most 3`,
    ]);
  });

  it('an inline profile extending service-design: adds, removes and renames sections, changes a table, maps files', async () => {
    const config = `profiles:
  payments-review:
    extends: service-design
    title: Payments design review
    files: ["reviews/**/*.md"]
    removeSections: [Scaling Approach]
    renameSections: {Quality Gate: Review Gate}
    sections:
      - name: Rollout Plan
        after: Failure Modes
        content: {list: true}
      - name: Dependencies
        tables:
          - id: dependencies
            columns: [Dependency, Criticality, Timeout, Fallback, Owner]
`;
    const dir = project({'.speclintrc.yaml': config, 'reviews/payments.md': okPayments});
    const loaded = loadConfig({cwd: dir});
    expect(loaded.customProfiles).toEqual(['payments-review']);
    const profile = loaded.profiles.get('payments-review')!;
    expect(profile.title).toBe('Payments design review');
    const names = profile.sections.map((s) => s.name);
    expect(names).not.toContain('Scaling Approach');
    expect(names).toContain('Review Gate');
    expect(names.indexOf('Rollout Plan')).toBe(names.indexOf('Failure Modes') + 1);
    const result = (await findings(dir, ['reviews/']))['reviews/payments.md']!;
    expect(result.profile).toBe('payments-review');
    const lines = okPayments.split('\n');
    const line = (heading: string) => lines.indexOf(heading) + 1;
    expect(result.findings).toEqual([
      `${line('## Dependencies') + 2}:1 error required-table The dependency table is missing column "Owner"`,
      `${line('## Deployment')}:1 error required-sections Missing required section "Rollout Plan"; it belongs after "Failure Modes" (line ${line('## Failure Modes')})`,
      `${line('## Observability')}:1 error required-sections Missing required section "Review Gate"; it belongs after "Observability" (line ${line('## Observability')})`,
    ]);
    const run = await runLint({cwd: dir, patterns: ['reviews/']});
    const reviewGate = run.results[0]!.messages.find((m) => m.message.includes('"Review Gate"'));
    expect(reviewGate?.hint).toBe(`Rename the "Quality Gate" heading (line ${line('## Quality Gate')}) to "Review Gate": this profile renames that section`);
  });

  it('an optional repeated section is counted when present', async () => {
    const dir = project({
      '.speclintrc.yaml': 'profiles:\n  s:\n    sections:\n      - {name: Overview}\n      - {name: Story N, pattern: "^Story \\\\d+", presence: optional, repeat: {min: 2, max: 3}}\n  "*.md": s\n',
      'none.md': '# T\n\n## Overview\n\nText.\n',
      'one.md': '# T\n\n## Overview\n\nText.\n\n## Story 1\n\nA story.\n',
    });
    expect(await findings(dir, ['none.md', 'one.md'])).toEqual({
      'none.md': {profile: 's', findings: []},
      'one.md': {profile: 's', findings: ['7:1 error required-sections Section "Story N" appears 1 time; the template asks for at least 2']},
    });
  });

  it('renaming a section renames it in the options of the rules that name it (failure-coverage)', async () => {
    // The card processor is critical; with its failure scenario gone, failure-coverage must still look in the renamed section.
    const spec = okPayments.replace('## Failure Modes', '## Failure Analysis').replace(/### Card processor outage[\s\S]*?(?=### Database failover)/, '');
    const dir = project({
      '.speclintrc.yaml': 'profiles:\n  review:\n    extends: service-design\n    renameSections: {Failure Modes: Failure Analysis}\n  "*.md": review\n',
      'spec.md': spec,
    });
    const result = (await findings(dir, ['spec.md']))['spec.md']!;
    expect(result.findings.filter((f) => f.includes('failure-coverage'))).toEqual([
      expect.stringMatching(/error failure-coverage Critical dependency "Card processor.*" has no failure scenario/),
    ]);
    expect(loadConfig({cwd: dir}).profiles.get('review')!.rules['failure-coverage']).toEqual(['error', expect.objectContaining({section: 'Failure Analysis'})]);
  });

  it('a profile that extends nothing runs the structural rules by default', async () => {
    const dir = project({
      '.speclintrc.json': JSON.stringify({profiles: {adr: {title: 'ADR', sections: [{name: 'Context'}, {name: 'Decision'}, {name: 'Consequences'}]}, 'adr/*.md': 'adr'}}),
      'adr/0001.md': '# Use Postgres\n\n## Context\n\nWe need a database.\n\n## Decision\n\nTODO\n',
    });
    expect(await findings(dir, ['adr/'])).toEqual({
      'adr/0001.md': {
        profile: 'adr',
        findings: [
          '7:1 error required-sections Missing required section "Consequences"; it belongs after "Decision" (line 7)',
          '9:1 error no-placeholders Template placeholder "TODO" (unfinished marker) left in the spec',
        ],
      },
    });
  });

  it('a custom profile can extend another custom profile; files globs belong to the profile that names them', () => {
    const dir = project({
      '.speclintrc.yaml':
        'profiles:\n  base:\n    files: ["a/*.md"]\n    sections: [{name: Summary}]\n  child:\n    extends: base\n    sections: [{name: Details}]\n',
    });
    const loaded = loadConfig({cwd: dir});
    expect(loaded.profiles.get('child')!.sections.map((s) => s.name)).toEqual(['Summary', 'Details']);
    expect(loaded.profileMap).toEqual([['a/*.md', 'base']]);
  });

  it('"speclint profiles" lists the config\'s profiles after the built-in ones', () => {
    const dir = project({'.speclintrc.yaml': 'profiles:\n  adr:\n    title: Architecture decision record\n    sections: [{name: Context}]\n  review: {extends: service-design}\n'});
    const text = speclint(['profiles'], dir);
    expect(text.code).toBe(0);
    expect(text.stdout.trim().split('\n').slice(-2)).toEqual([
      expect.stringMatching(/^adr +Architecture decision record \[config\]$/),
      expect.stringMatching(/^review +review \(extends service-design\) \[config\]$/),
    ]);
    const json = JSON.parse(speclint(['profiles', '--format', 'json'], dir).stdout) as Array<{name: string; source: string}>;
    expect(json.filter((p) => p.source === 'config').map((p) => p.name)).toEqual(['adr', 'review']);
    expect(json.find((p) => p.name === 'service-design')?.source).toBe('built-in');
  });

  describe('an invalid profile is exit 2 with the file, the path inside it and what was expected', () => {
    const cases: Array<[string, Record<string, string>, string]> = [
      ['unknown key', {'.speclintrc.yaml': 'profiles:\n  x:\n    sections:\n      - name: A\n        presense: required\n'}, '.speclintrc.yaml: /profiles/x/sections/0: unknown key "presense"'],
      ['unknown base', {'.speclintrc.yaml': 'profiles:\n  x:\n    extends: servce-design\n'}, '.speclintrc.yaml: /profiles/x/extends: unknown profile "servce-design" (did you mean "service-design"?) (known: '],
      ['missing file', {'.speclintrc.yaml': 'profiles:\n  x: ./nope.yaml\n'}, '.speclintrc.yaml: /profiles/x: cannot read profile file '],
      ['bad regex in a profile file', {'.speclintrc.yaml': 'profiles:\n  y: ./p.yaml\n', 'p.yaml': 'sections:\n  - name: A\n    pattern: "(["\n'}, 'p.yaml: /sections/0/pattern: not a valid regular expression'],
      ['wrong type in a profile file', {'.speclintrc.yaml': 'profiles:\n  y: ./p.yaml\n', 'p.yaml': 'sections:\n  - name: A\n    repeat: {min: -1}\n'}, 'p.yaml: /sections/0/repeat/min: must be >= 0'],
      ['name differs from its key', {'.speclintrc.yaml': 'profiles:\n  y: ./p.yaml\n', 'p.yaml': 'name: z\nsections: []\n'}, 'p.yaml: /name: "z" differs from the name the config gives it ("y")'],
      ['redefining a built-in', {'.speclintrc.yaml': 'profiles:\n  service-design:\n    sections: []\n'}, '/profiles/service-design: redefines the built-in profile "service-design"'],
      ['bad rule options', {'.speclintrc.yaml': 'profiles:\n  z:\n    sections: [{name: A}]\n    rules: {required-sections: [error, {x: 1}]}\n'}, '.speclintrc.yaml: /profiles/z/rules/required-sections/1: unknown key "x"'],
      ['a misspelt section to remove', {'.speclintrc.yaml': 'profiles:\n  r:\n    extends: service-design\n    removeSections: [Scaling Aproach]\n'}, '/profiles/r/removeSections/0: "Scaling Aproach" is not a section of "service-design" (did you mean "Scaling Approach"?)'],
      ['a misspelt section to rename', {'.speclintrc.yaml': 'profiles:\n  r:\n    extends: service-design\n    renameSections: {Quality Gates: Review Gate}\n'}, '/profiles/r/renameSections/Quality Gates: "Quality Gates" is not a section of "service-design" (did you mean "Quality Gate"?)'],
      ['an unknown after anchor', {'.speclintrc.yaml': 'profiles:\n  r:\n    extends: service-design\n    sections: [{name: Rollout, after: Deploymnet}]\n'}, '/profiles/r/sections/0/after: "Deploymnet" is not a section of "service-design" (did you mean "Deployment"?)'],
      ['extends itself', {'.speclintrc.yaml': 'profiles:\n  a: {extends: b}\n  b: {extends: a}\n'}, '.speclintrc.yaml: /profiles/a/extends: profile "a" extends itself: a -> b -> a'],
      ['bad regex in a placeholder', {'.speclintrc.yaml': 'profiles:\n  p:\n    sections: [{name: A}]\n    placeholders: [{pattern: "(["}]\n'}, '.speclintrc.yaml: /profiles/p/placeholders/0: not a valid regular expression'],
      ['a placeholder with both text and pattern', {'.speclintrc.yaml': 'profiles:\n  p:\n    sections: [{name: A}]\n    placeholders: [{text: "[Team]", pattern: "x"}]\n'}, '.speclintrc.yaml: /profiles/p/placeholders/0: needs exactly one of "text" and "pattern"'],
      ['a misspelt placeholder key', {'.speclintrc.yaml': 'profiles:\n  p:\n    sections: [{name: A}]\n    placeholders: [{txt: "[Team]"}]\n'}, '.speclintrc.yaml: /profiles/p/placeholders/0: unknown key "txt"'],
    ];
    for (const [name, files, message] of cases) {
      it(name, () => {
        const dir = project({...files, 'spec.md': '# T\n'});
        const r = speclint(['spec.md'], dir);
        expect(r.code).toBe(2);
        const lines = r.stderr.trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toContain(message);
        expect(r.stderr).not.toMatch(/\n\s+at /);
      });
    }
  });
});

describe('speclint.schema.json', () => {
  it('is the schema the code validates with (regenerate: npm run build:schema)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(schemaText());
  });

  it('is a valid draft-07 schema that accepts real configs and rejects bad profiles, as editors will use it', async () => {
    const {Ajv} = await import('ajv');
    const ajv = new Ajv({strict: false, allErrors: true});
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));
    const good = {
      $schema: './node_modules/speclint/speclint.schema.json',
      files: ['docs/**/*.md'],
      // "all" was accepted by the loose schema of before, but the CLI (and the rule) allows latency, availability or any.
      rules: {'section-order': 'off', 'slo-targets': ['error', {require: 'any'}]},
      profiles: {
        'docs/legacy/**': 'backend-spec',
        rfc: './profiles/rfc.yaml',
        review: {extends: 'service-design', renameSections: {'Quality Gate': 'Review Gate'}, sections: [{name: 'Rollout', content: {list: true}}]},
      },
    };
    expect(validate(good), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({profiles: {review: {sections: [{name: 'A', repeat: {min: 'two'}}]}}})).toBe(false);
    expect(validate({profiles: {review: {sections: [{nam: 'A'}]}}})).toBe(false);
    expect(validate({rulez: {}})).toBe(false);
    // A profile file on its own validates against #/definitions/profile.
    const profileOnly = ajv.compile({$ref: 'https://raw.githubusercontent.com/speclint/speclint/main/speclint.schema.json#/definitions/profile'});
    const rfc = {name: 'rfc', title: 'RFC', sections: [{name: 'Summary', minWords: 20}, {name: 'Motivation'}]};
    expect(profileOnly(rfc), JSON.stringify(profileOnly.errors)).toBe(true);
    expect(profileOnly({title: 'no name, no sections'})).toBe(false);
  });
});
