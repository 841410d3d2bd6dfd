/**
 * Engine behaviour around the rules: profile choice and detection, front
 * matter, engine findings under config and comments, message control, the
 * model's helpers (the remark preset: preset.test.ts).
 */
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {unified} from 'unified';
import remarkParse from 'remark-parse';
import {describe, expect, it} from 'vitest';
import {lintText} from '../src/engine/lint.js';
import {builtinProfiles} from '../src/profiles/built-in.js';
import {normalizeName, parseDuration, similarity} from '../src/lib/text.js';
import {buildSpecModel} from '../src/engine/model.js';
import {findingLine} from './helpers.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const read = (p: string) => readFileSync(join(fixtures, p), 'utf8');

function lint(text: string, extra: Partial<Parameters<typeof lintText>[1]> = {}) {
  return lintText(text, {filePath: 'spec.md', profiles: builtinProfiles(), explicit: true, ...extra});
}

describe('text helpers', () => {
  it('normalizeName ignores case, punctuation, numbering and & vs and', async () => {
    expect(normalizeName('3. Scaling & Performance')).toBe('scaling and performance');
    expect(normalizeName('4.2) Deployment & Reliability')).toBe('deployment and reliability');
    expect(normalizeName('IV. Security')).toBe('security');
    expect(normalizeName('Monitoring & Alerting 📈')).toBe('monitoring and alerting');
  });
  it('parseDuration reads durations with units and rejects bare numbers', async () => {
    expect(parseDuration('5s')).toBe(5000);
    expect(parseDuration('100ms')).toBe(100);
    expect(parseDuration('2 min')).toBe(120_000);
    expect(parseDuration('1.5 seconds')).toBe(1500);
    expect(parseDuration('< 200ms')).toBe(200);
    expect(parseDuration('200')).toBeUndefined();
    expect(parseDuration('fast')).toBeUndefined();
  });
  it('similarity tolerates rewording and typos', async () => {
    expect(similarity('Scaling approach defined', 'Scaling aproach defined')).toBeGreaterThan(0.8);
    expect(similarity('Reviewed by Tech Lead', 'Reviewed by the Tech Lead')).toBeGreaterThan(0.8);
    expect(similarity('Reviewed by Tech Lead', 'Failure modes documented')).toBeLessThan(0.4);
  });
});

describe('spec model', () => {
  const model = buildSpecModel(
    unified()
      .use(remarkParse)
      .parse('# T\n\n## A\n\ntext\n\n### A1\n\n- **Trigger:** x\n\n## B\n\n| X | Y |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] open\n') as never,
  );
  it('builds a section tree with positions', async () => {
    expect(model.sections.map((s) => [s.title, s.depth, s.position.start.line])).toEqual([
      ['T', 1, 1],
      ['A', 2, 3],
      ['A1', 3, 7],
      ['B', 2, 11],
    ]);
    expect(model.findSection('a1', model.findSection('A'))?.title).toBe('A1');
    expect(model.findSection('A1', model.findSection('B'))).toBeUndefined();
  });
  it('scopes fields, tables and checklists to sections', async () => {
    const a = model.findSection('A')!;
    expect(model.fieldsIn(a).map((f) => [f.name, f.value])).toEqual([['Trigger', 'x']]);
    expect(model.fieldsIn(a, true)).toEqual([]);
  });
});

describe('profile choice', () => {
  it('detects every conforming fixture as its own profile', async () => {
    for (const [dir, file] of [
      ['service-design', 'ok-payments-service.md'],
      ['backend-spec', 'ok-payments-service.md'],
      ['architecture-design', 'ok-chat-service.md'],
      ['backend-design', 'ok-inventory-service.md'],
    ] as const) {
      expect((await lint(read(`${dir}/${file}`))).result?.profile).toMatchObject({name: dir, source: 'detected'});
    }
  });

  it("a variant is chosen on its Paradigm's words, and the scaffold's sample labels are never required", async () => {
    // The template calls Paradigm optional and names no labels: authors write their own.
    const text = read('tech-spec.ddd/ok-card-payments.md').replace(/^- \*\*Separation of Concerns\*\*.*\n/m, '');
    const {result} = await lint(text);
    expect(result?.profile?.name).toBe('tech-spec:ddd');
    expect(result?.messages.filter((m) => m.ruleId === 'required-fields')).toEqual([]);
  });

  it('--profile beats front matter, which beats config, which beats detection', async () => {
    const text = '---\nspeclint: backend-design\n---\n\n' + read('service-design/ok-payments-service.md');
    expect((await lint(text)).result?.profile).toMatchObject({name: 'backend-design', source: 'front-matter'});
    expect((await lint(text, {forcedProfile: 'service-design'})).result?.profile).toMatchObject({name: 'service-design', source: 'cli'});
    const plain = read('service-design/ok-payments-service.md');
    expect((await lint(plain, {configProfile: {name: 'backend-spec', reason: 'config maps "x"'}})).result?.profile?.source).toBe('config');
  });

  it('a generic "profile:" key counts only when it names a known profile', async () => {
    const text = '---\nprofile: senior-backend\n---\n\n' + read('service-design/ok-payments-service.md');
    const {result} = await lint(text);
    expect(result?.profile).toMatchObject({name: 'service-design', source: 'detected'});
    expect(result?.messages).toEqual([]);
  });

  it('swept files that look like no spec are skipped, explicit ones get one warning', async () => {
    const readme = '# Project\n\n## Install\n\nnpm ci\n';
    expect((await lint(readme, {explicit: false})).skippedReason).toMatch(/^looks like no spec/);
    expect((await lint(readme)).result?.messages.map(findingLine)).toEqual(['1:1 warning profile-match No profile matched this file (no heading matches any profile)']);
  });
});

describe('front matter', () => {
  it('reports invalid YAML at its file line, and still lints with a detected profile', async () => {
    const text = '---\nspeclint: service-design\nreviewers: [ana, raj\n---\n\n' + read('service-design/ok-payments-service.md');
    const {result} = await lint(text);
    expect(result?.messages.map(findingLine)[0]).toMatch(/^3:21 error front-matter Front matter is not valid YAML: /);
    expect(result?.messages[0]?.message).not.toMatch(/:$/);
    expect(result?.profile?.name).toBe('service-design');
  });
  it('reports an unknown profile name and runs no rule', async () => {
    const {result} = await lint('---\nspeclint: servise-design\n---\n\n# T\n\nTODO\n');
    expect(result?.messages.map(findingLine)).toEqual(['1:1 error front-matter Front matter names unknown profile "servise-design" (did you mean "service-design"?)']);
    expect(result?.profile).toBeNull();
  });
});

describe('config severities and comments', () => {
  const broken = read('service-design/broken-dependency-row.md');

  it('config can turn engine findings off or into errors', async () => {
    expect((await lint('# Notes\n')).result?.messages).toHaveLength(1);
    expect((await lint('# Notes\n', {ruleOverrides: {'profile-match': 'off'}})).result?.messages).toEqual([]);
    expect((await lint('# Notes\n', {ruleOverrides: {'profile-match': 'error'}})).result?.errorCount).toBe(1);
  });

  it('<!-- lint disable --> silences a rule and engine findings; lint ignore silences the next node', async () => {
    expect((await lint(broken)).result?.messages.map((m) => m.ruleId)).toEqual(['dependency-table', 'dependency-table']);
    expect((await lint('<!-- lint disable dependency-table -->\n\n' + broken)).result?.messages).toEqual([]);
    const ignored = broken.replace('| Kafka | Async', '<!-- lint ignore dependency-table -->\n\n| Dependency | Type | Criticality | Timeout | Fallback |\n|---|---|---|---|---|\n| Kafka | Async');
    expect((await lint(ignored)).result?.messages.filter((m) => m.ruleId === 'dependency-table')).toEqual([]);
    expect((await lint('<!-- lint disable profile-match -->\n\n# Notes\n')).result?.messages).toEqual([]);
  });

  it('a comment naming an unknown rule is reported, not silently ignored', async () => {
    const {result} = await lint('<!-- lint disable dependency-tabel -->\n\n' + read('service-design/ok-payments-service.md'));
    expect(result?.messages.map((m) => m.message)).toEqual([expect.stringMatching(/Cannot disable `'dependency-tabel'`, it.s not known/)]);
    expect(result?.messages[0]).toMatchObject({ruleId: 'lint-comment', hint: 'Did you mean "dependency-table"? Check the rule id against "speclint rules"'});
  });

  it('lone-CR and CRLF line endings give the findings of LF, at the same lines and columns (found by the fuzz suite)', async () => {
    const frontMatter = '---\ntitle: ok\nowner: : x\n---\n\n# Notes\n\nText.\n';
    for (const name of ['service-design/broken-placeholder-and-empty.md', 'backend-spec/broken-timeout-no-unit.md', 'tech-spec/broken-placeholder-left-in.md', frontMatter]) {
      const text = name.endsWith('.md') ? read(name) : name;
      const expected = (await lint(text)).result?.messages.map(findingLine);
      expect(expected!.length, name).toBeGreaterThan(0);
      for (const eol of ['\r', '\r\n']) {
        const other = (await lint(text.replace(/\n/g, eol))).result?.messages.map(findingLine);
        expect(other, `${name} ${JSON.stringify(eol)}`).toEqual(expected);
      }
    }
  });

  it('a comment with an unknown keyword, or none, is a lint-comment warning; the other comments still apply (found by the fuzz suite)', async () => {
    const text = `<!-- lint disabel dependency-table -->\n\n<!-- lint disable dependency-tabel -->\n\n${broken}\n<!-- lint -->\n`;
    const {result} = await lint(text);
    const end = text.split('\n').length - 1;
    expect(result?.messages.map(findingLine)).toEqual([
      '1:1 warning lint-comment Unknown lint comment keyword `disabel`; it changes nothing',
      "3:1 warning lint-comment Cannot disable `'dependency-tabel'`, it’s not known",
      '50:34 error dependency-table Timeout "5000" of "Kafka" is not a duration',
      '50:41 error dependency-table Non-critical dependency "Kafka" has no fallback',
      `${end}:1 warning lint-comment Lint comment has no keyword; it changes nothing`,
    ]);
    // A valid comment after a bad one still silences.
    const silenced = await lint(`<!-- lint bogus -->\n\n<!-- lint disable dependency-table -->\n\n${broken}`);
    expect(silenced.result?.messages.map((m) => m.ruleId)).toEqual(['lint-comment']);
  });
});

