/**
 * Write speclint.schema.json, the published JSON Schema of config files and
 * profiles: `npm run build:schema`. test/custom-profiles.test.ts fails when
 * the committed file differs from what the code would write.
 */
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {publishedSchema} from '../src/schema.js';

export const SCHEMA_FILE = join(import.meta.dirname, '..', 'speclint.schema.json');
export const schemaText = (): string => JSON.stringify(publishedSchema(), null, 2) + '\n';

if (process.argv[1]?.endsWith('build-schema.ts')) {
  writeFileSync(SCHEMA_FILE, schemaText());
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
}
