/**
 * Every rule has a docs page, rules/<id>.md, whose examples run as tests
 * (remark-lint style). An example is a ```markdown block whose meta names the
 * profile (`profile=service-design`, or `profile=none` to let detection run)
 * and may pass rule options (`options={"requireChecked":true}`). The
 * ```text findings block right after it lists the exact findings; an example
 * with no findings block must produce none. Only the documented rule runs.
 */
import {rulesTable} from '../scripts/rules-table.js';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {headerProblems, withCurrentDefault} from '../scripts/rule-docs-header.js';
import {join} from 'node:path';
import type {Code} from 'mdast';
import {fromMarkdown} from 'mdast-util-from-markdown';
import {describe, expect, it} from 'vitest';
import {ENGINE_RULES, RULES} from '../src/engine/registry.js';
import {builtinProfiles} from '../src/profiles/built-in.js';
import type {RuleSetting} from '../src/profiles/types.js';
import {findingLine, lintFixture} from './helpers.js';
import {updateDocFindings, updating} from './update.js';

const rulesDir = join(import.meta.dirname, '..', 'rules');

interface Example {
  code: Code;
  profile: string;
  options?: Record<string, unknown>;
  findings: string[];
}

function examples(doc: string): Example[] {
  const blocks = fromMarkdown(doc).children.filter((n): n is Code => n.type === 'code');
  const out: Example[] = [];
  blocks.forEach((code, i) => {
    if (code.lang !== 'markdown' || !code.meta?.includes('profile=')) return;
    const profile = /profile=(\S+)/.exec(code.meta)![1]!;
    const options = /options=(\{\S*\})/.exec(code.meta)?.[1];
    const next = blocks[i + 1];
    const findings =
      next && next.lang === 'text' && next.meta === 'findings'
        ? next.value.split('\n').map((l) => l.trim()).filter(Boolean)
        : [];
    out.push({code, profile, options: options ? JSON.parse(options) : undefined, findings});
  });
  return out;
}

const allIds = [...RULES.map((r) => r.meta.id), ...ENGINE_RULES.map((r) => r.id)];

describe('rule docs', () => {
  for (const id of allIds) {
    const path = join(rulesDir, `${id}.md`);
    describe(id, () => {
      it('has a docs page titled with its id, with a bad and a good example', () => {
        expect(existsSync(path), `${path} exists`).toBe(true);
        const doc = readFileSync(path, 'utf8');
        expect(doc.split('\n')[0]).toBe(`# ${id}`);
        const rule = RULES.find((r) => r.meta.id === id);
        if (rule) expect(doc).toContain(rule.meta.description);
        const list = examples(doc);
        expect(list.some((e) => e.findings.some((f) => f.includes(` ${id} `))), 'a bad example').toBe(true);
        expect(list.some((e) => e.findings.length === 0), 'a good example').toBe(true);
      });

      it('has a header table (Default, Fixable, Options) that agrees with meta and the built-in profiles', () => {
        if (updating) writeFileSync(path, withCurrentDefault(id, readFileSync(path, 'utf8')));
        expect(headerProblems(id, readFileSync(path, 'utf8'))).toEqual([]);
      });

      if (!existsSync(path)) return;
      examples(readFileSync(path, 'utf8')).forEach((example, n) => {
        it(`example ${n + 1} (line ${example.code.position!.start.line}, ${example.findings.length ? 'bad' : 'good'})`, async () => {
          const rules: Record<string, RuleSetting> = {};
          for (const rule of RULES) rules[rule.meta.id] = 'off';
          const profile = example.profile === 'none' ? undefined : example.profile;
          if (RULES.some((r) => r.meta.id === id)) {
            const setting = profile ? builtinProfiles().get(profile)?.rules[id] : undefined;
            const level = Array.isArray(setting) ? setting[0] : setting;
            rules[id] = [level && level !== 'off' ? level : 'error', example.options ?? {}];
          }
          const result = await lintFixture(example.code.value + '\n', `${id}.md`, {profile, rules});
          if (updating) updateDocFindings(path, n, result.messages.map(findingLine));
          else expect(result.messages.map(findingLine)).toEqual(example.findings);
        });
      });
    });
  }
});

describe('README rule table', () => {
  it('lists every rule with its description and its severity in each built-in profile (regenerate: npx tsx scripts/rules-table.ts)', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
    expect(readme).toContain(rulesTable());
  });
});

describe('rule tables', () => {
  it('every rule has its own test file, test/rules/<id>.test.ts, with a RuleTester table', () => {
    for (const rule of RULES) {
      const path = join(import.meta.dirname, 'rules', `${rule.meta.id}.test.ts`);
      expect(existsSync(path), `${path} exists`).toBe(true);
      expect(readFileSync(path, 'utf8'), path).toMatch(new RegExp(`^ruleTester\\('${rule.meta.id}', \\{`, 'm'));
    }
  });
});
