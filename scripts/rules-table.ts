/**
 * The README's rule table, made from the rule catalogue and the built-in
 * profiles: `npx tsx scripts/rules-table.ts` prints it. test/readme.test.ts
 * fails when the README's copy differs.
 */
import {ruleCatalogue, ENGINE_RULES} from '../src/engine/registry.js';
import {builtinProfiles} from '../src/profiles/built-in.js';
import {severityOf} from '../src/profiles/types.js';

const COLUMNS = ['service-design', 'backend-spec', 'tech-spec', 'architecture-design', 'backend-design'];

export function rulesTable(): string {
  const profiles = builtinProfiles();
  const engine = new Set(ENGINE_RULES.map((r) => r.id));
  const rows = ruleCatalogue().map(({id, description}) => {
    const cells = COLUMNS.map((name) => {
      if (engine.has(id)) return 'engine';
      const setting = profiles.get(name)!.rules[id];
      return ['off', 'warn', 'error'][severityOf(setting ?? 'off')];
    });
    return `| [\`${id}\`](rules/${id}.md) | ${description.replace(/\|/g, '\\|')} | ${cells.join(' | ')} |`;
  });
  return ['| Rule | What it checks | SD | BS | TS | AD | BD |', '| --- | --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
}

if (process.argv[1]?.endsWith('rules-table.ts')) process.stdout.write(rulesTable() + '\n');
