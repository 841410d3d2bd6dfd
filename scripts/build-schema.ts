/**
 * Write speclint.schema.json, the published JSON Schema of config files and
 * profiles: `npm run build:schema`. test/custom-profiles.test.ts fails when
 * the committed file differs from what the code would write.
 */
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {publishedSchema} from '../src/profiles/schema.js';
import {ENGINE_RULES, RULES} from '../src/engine/registry.js';
import {SYSTEM_RULE_IDS} from '../src/system/ids.js';

export const SCHEMA_FILE = join(import.meta.dirname, '..', 'speclint.schema.json');
/** Every rule with its options schema, the engine findings a config may set a severity for (file-budget takes none), and the checks across specs. */
const schemaRules = () => [
  ...RULES.map((r) => ({id: r.meta.id, options: r.meta.schema})),
  ...ENGINE_RULES.filter((r) => r.id !== 'file-budget').map((r) => ({id: r.id})),
  ...SYSTEM_RULE_IDS.map((id) => ({id})),
];

export const schemaText = (): string => JSON.stringify(publishedSchema(schemaRules()), null, 2) + '\n';

if (process.argv[1]?.endsWith('build-schema.ts')) {
  writeFileSync(SCHEMA_FILE, schemaText());
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
}
