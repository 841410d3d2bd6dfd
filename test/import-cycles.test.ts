/**
 * No import cycle in src/ or rules/ (issue 13): a cycle, even one of
 * type-only imports, means a type or helper lives in the wrong module.
 * dpdm follows static, type-only and dynamic imports from every module.
 */
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {parseCircular, parseDependencyTree} from 'dpdm';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('the module graph of src/ and rules/', () => {
  it('has no import cycle', async () => {
    const tree = await parseDependencyTree(['src/**/*.ts', 'rules/**/*.ts'], {
      context: repo,
      cwd: repo,
      transform: false,
      skipDynamicImports: false,
      tsconfig: join(repo, 'tsconfig.json'),
      // Packages are not walked: only the project's own modules can form a cycle worth fixing here.
      include: /^(?!.*node_modules)/,
    });
    const ownModules = Object.keys(tree).filter((id) => /^(src|rules)\//.test(id));
    expect(ownModules.length, 'dpdm read the project').toBeGreaterThan(80);
    expect(parseCircular(tree).map((cycle) => cycle.join(' -> '))).toEqual([]);
  }, 60_000);
});
