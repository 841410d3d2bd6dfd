/**
 * Write src/profiles/config-types.generated.ts, the TypeScript types of
 * profile files and config files, from their JSON Schemas
 * (src/profiles/schema.ts): `npm run build:config-types`. The schema is the
 * one source; test/config-types.test.ts fails when the committed file
 * differs from what this script would write.
 */
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {compile, type JSONSchema} from 'json-schema-to-typescript';
import {configSchema, profileSchema, ruleSettingSchema} from '../src/profiles/schema.js';

export const CONFIG_TYPES_FILE = join(import.meta.dirname, '..', 'src', 'profiles', 'config-types.generated.ts');

/**
 * The type name of each schema node that gets one (a JSON pointer into the
 * combined schema below). Names live here, not as `title`s in the schema, so
 * the published speclint.schema.json stays as it is.
 */
const NAMES: Record<string, string> = {
  '/definitions/ruleSetting': 'RuleSetting',
  '/definitions/ruleSetting/anyOf/0': 'RuleSeverity',
  '/definitions/ruleSetting/anyOf/1/items/0': 'RuleSeverity',
  '/definitions/column': 'Column',
  '/definitions/column/anyOf/1': 'ColumnSpec',
  '/definitions/placeholder': 'PlaceholderSpec',
  '/definitions/table': 'TableSpec',
  '/definitions/section': 'SectionSpec',
  '/definitions/section/properties/presence': 'Presence',
  '/definitions/section/properties/each': 'EachSpec',
  '/definitions/section/properties/checklist': 'ChecklistSpec',
  '/definitions/section/properties/checklist/properties/items/items/anyOf/1': 'ChecklistItemSpec',
  '/definitions/section/properties/checklist/properties/items/items/anyOf/1/properties/implies': 'ChecklistClaim',
  '/definitions/section/properties/diagram': 'DiagramKind',
  '/definitions/section/properties/repeat': 'RepeatSpec',
  '/definitions/section/properties/content': 'ContentSpec',
  '/definitions/section/properties/oneOf/items': 'AlternativeSpec',
  '/definitions/profile': 'ProfileDefinition',
  '/definitions/profile/properties/detect': 'DetectSpec',
  '/definitions/profile/properties/detect/properties/evidence/items': 'EvidenceSpec',
  '/definitions/config': 'ConfigFile',
};

/**
 * A copy of `node` ready for json-schema-to-typescript: each named node
 * titled (it names types by title; a name met again refers to the first),
 * an object with no declared keys typed `Record<string, unknown>`, a
 * `minItems` on a list left to the validator (types keep plain arrays), and
 * a `oneOf` that only says which key is required (exactly one kind of
 * evidence) left to the validator too: types cannot say it without turning
 * every key into a union.
 */
function forTypes(node: unknown, path: string, named = new Set<string>()): unknown {
  if (Array.isArray(node)) return node.map((item, i) => forTypes(item, `${path}/${i}`, named));
  if (!node || typeof node !== 'object') return node;
  const name = NAMES[path];
  if (name && named.has(name)) return {tsType: name};
  if (name) named.add(name);
  const list = 'items' in node && !Array.isArray(node.items);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$id' || (key === 'minItems' && list)) continue;
    if (key === 'oneOf' && Array.isArray(value) && value.every((b) => Object.keys(b as object).join() === 'required')) continue;
    out[key] = forTypes(value, `${path}/${key}`, named);
  }
  if (out['type'] === 'object' && !out['properties'] && out['additionalProperties'] === undefined) out['tsType'] = 'Record<string, unknown>';
  if (name) out['title'] = name;
  return out;
}

/** Profiles, config files and rule settings in one schema; its root names every definition so each is emitted. */
function combinedSchema(): JSONSchema {
  const {definitions, $id: _profileId, ...profile} = profileSchema;
  const {$id: _configId, ...config} = configSchema;
  const {$id: _ruleId, ...ruleSetting} = ruleSettingSchema;
  const all = {definitions: {...definitions, ruleSetting, profile, config}};
  const json = JSON.stringify(all).replaceAll('"speclint:rule-setting"', '"#/definitions/ruleSetting"');
  const schema = forTypes(JSON.parse(json), '') as Record<string, unknown>;
  return {
    ...schema,
    title: 'SpeclintSchemas',
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(['profile', 'config'].map((k) => [k, {$ref: `#/definitions/${k}`}])),
  } as JSONSchema;
}

const BANNER = `/**
 * Types of profile files and config files, generated from their JSON
 * Schemas (src/profiles/schema.ts) by scripts/build-config-types.ts: do not
 * edit; change the schema and run \`npm run build:config-types\`.
 *
 * Over 300 lines: generated, one type per node of the schemas, each with
 * the schema's description as its doc comment.
 */`;

export async function configTypesText(): Promise<string> {
  return compile(combinedSchema(), 'SpeclintSchemas', {
    bannerComment: BANNER,
    additionalProperties: false,
    declareExternallyReferenced: true,
    unreachableDefinitions: false,
    style: {singleQuote: true, bracketSpacing: false, printWidth: 160},
  });
}

if (process.argv[1]?.endsWith('build-config-types.ts')) {
  writeFileSync(CONFIG_TYPES_FILE, await configTypesText());
  process.stdout.write(`wrote ${CONFIG_TYPES_FILE}\n`);
}
