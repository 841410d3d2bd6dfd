/**
 * Every fixture under fixtures/<profile>/ is linted as the CLI would (profile
 * detected, no config) and must produce exactly the findings written in its
 * sidecar `<name>.expected` file (none when the file is absent: conforming
 * specs). The detected profile must be the directory's profile, so the
 * fixtures also test detection. Directory `tech-spec.ddd` means `tech-spec:ddd`.
 */
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {basename, dirname, join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {builtinProfiles} from '../src/profiles/built-in.js';
import {findingLine, lintFixture, readExpected} from './helpers.js';
import {updateExpected, updating} from './update.js';

const root = join(import.meta.dirname, '..', 'fixtures');
const dirs = readdirSync(root).filter((d) => statSync(join(root, d)).isDirectory() && builtinProfiles().has(d.replace('.', ':')));

describe('fixtures', () => {
  it('cover every built-in profile and variant with a conforming spec and broken specs', () => {
    for (const name of builtinProfiles().keys()) {
      const dir = join(root, name.replace(':', '.'));
      const files = readdirSync(dir).filter((f) => f.endsWith('.md'));
      expect(files.filter((f) => f.startsWith('ok-')), `${name} conforming`).not.toHaveLength(0);
    }
    for (const name of ['service-design', 'backend-spec', 'tech-spec', 'architecture-design', 'backend-design']) {
      const files = readdirSync(join(root, name)).filter((f) => f.endsWith('.md') && !f.startsWith('ok-'));
      expect(files.length, `${name} broken fixtures`).toBeGreaterThanOrEqual(3);
    }
  });

  for (const dir of dirs) {
    const profile = dir.replace('.', ':');
    for (const file of readdirSync(join(root, dir)).filter((f) => f.endsWith('.md')).sort()) {
      const path = join(root, dir, file);
      it(`${dir}/${file}`, async () => {
        const result = await lintFixture(readFileSync(path, 'utf8'), `${dir}/${file}`);
        expect(result.profile?.name, 'profile chosen').toBe(profile);
        const expectedPath = join(dirname(path), basename(file, '.md') + '.expected');
        if (updating) updateExpected(expectedPath, result.messages.map(findingLine));
        const expected = readExpected(expectedPath);
        expect(result.messages.map(findingLine)).toEqual(expected);
        if (file.startsWith('ok-')) expect(result.errorCount).toBe(0);
        else expect(result.messages.length, 'a broken fixture shows its rule firing').toBeGreaterThan(0);
      });
    }
  }
});
