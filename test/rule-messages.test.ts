/**
 * Rule messages live in one place, each rule's `meta.messages` (message id
 * -> template with `{{placeholders}}`), and findings name them by id. These
 * checks keep that table honest: every message is one some invalid case of
 * the rule's table reports (test/rules/<id>.test.ts, where the RuleTester
 * asserts the ids), no two messages of a rule say the same thing, and every
 * id a rule's source reports by exists.
 */
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {RULES} from '../src/engine/registry.js';
import {formatMessage, templatePlaceholders} from '../src/engine/rule.js';
import {SYSTEM_MESSAGES} from '../src/system/messages.js';

const root = join(import.meta.dirname, '..');

/** The message ids a source file names: `messageId: 'a'`, `messageId: x === 'y' ? 'a' : 'b'`. */
function namedIds(source: string): string[] {
  const ids = new Set<string>();
  for (const m of source.matchAll(/messageId: ([^,\n}]+)/g)) {
    const expression = m[1]!.replace(/[!=]==?\s*'[^']*'/g, '');
    for (const id of expression.matchAll(/'([A-Za-z0-9]+)'/g)) ids.add(id[1]!);
  }
  return [...ids].sort();
}

describe('rule messages', () => {
  for (const rule of RULES) {
    const {id, messages} = rule.meta;
    describe(id, () => {
      it('has messages, each template distinct and its placeholders named plainly', () => {
        const templates = Object.values(messages);
        expect(templates.length).toBeGreaterThan(0);
        const seen = new Map<string, string>();
        for (const [messageId, template] of Object.entries(messages)) {
          expect(seen.get(template), `${messageId} repeats the template of ${seen.get(template)}`).toBeUndefined();
          seen.set(template, messageId);
          for (const name of templatePlaceholders(template)) expect(name).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
        }
      });

      it('reports every message in some invalid case of its table, and only messages it has', () => {
        const table = readFileSync(join(root, 'test', 'rules', `${id}.test.ts`), 'utf8');
        const tested = namedIds(table);
        expect(Object.keys(messages).filter((m) => !tested.includes(m)), 'messages no invalid case reports').toEqual([]);
        expect(tested.filter((m) => !Object.hasOwn(messages, m)), 'ids in the table that meta.messages lacks').toEqual([]);
      });

      it('reports by ids its meta.messages has', () => {
        const source = readFileSync(join(root, 'rules', `${id}.ts`), 'utf8');
        expect(namedIds(source).filter((m) => !Object.hasOwn(messages, m))).toEqual([]);
      });
    });
  }

  // The checks across specs have no rule module: their messages are src/system/messages.ts, reported from checks.ts.
  describe('checks across specs', () => {
    const checks = readFileSync(join(root, 'src', 'system', 'checks.ts'), 'utf8');
    for (const [id, messages] of Object.entries(SYSTEM_MESSAGES)) {
      it(`${id}: every message reported by checks.ts, each template distinct`, () => {
        const templates: string[] = Object.values(messages);
        expect(new Set(templates).size).toBe(templates.length);
        const used = [...checks.matchAll(new RegExp(`systemMessage\\('${id}', ([^{]+)\\{`, 'g'))].flatMap((m) => [...m[1]!.matchAll(/'([A-Za-z0-9]+)'/g)].map((x) => x[1]!));
        expect(Object.keys(messages).filter((m) => !used.includes(m))).toEqual([]);
      });
    }
  });

  describe('formatMessage', () => {
    const meta = {id: 'demo', messages: {plain: 'Nothing to fill', both: 'Section "{{section}}" has {{ count }} rows; {{section}} again'}};

    it('fills every placeholder, spaces inside the braces allowed, data taken literally', () => {
      expect(formatMessage(meta, 'plain')).toBe('Nothing to fill');
      expect(formatMessage(meta, 'both', {section: 'A $& {{count}}', count: 3})).toBe('Section "A $& {{count}}" has 3 rows; A $& {{count}} again');
    });

    it('throws on an unknown id or a placeholder without data: a bug in the rule, not an empty message', () => {
      expect(() => formatMessage(meta, 'missing')).toThrow('Rule demo has no message "missing" (meta.messages has plain, both)');
      expect(() => formatMessage(meta, 'both', {section: 'A'})).toThrow('Rule demo, message "both": no data for {{count}}');
      // An inherited key is not a message.
      expect(() => formatMessage(meta, 'toString')).toThrow('has no message "toString"');
    });
  });
});
