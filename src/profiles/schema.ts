/**
 * JSON Schemas for profiles and config files, and a validator that turns
 * schema errors into one line naming the file, the path inside it and what
 * was expected.
 *
 * Over 300 lines: the schemas are the one source of the profile and config
 * format (their TypeScript types and speclint.schema.json are generated from
 * them), so every key and its description is written here, once.
 */
import {createRequire} from 'node:module';
import type {Ajv as AjvClass, ErrorObject, ValidateFunction} from 'ajv';
import {UsageError} from '../lib/errors.js';
import {similarity} from '../lib/text.js';


export const ruleSettingSchema = {
  $id: 'speclint:rule-setting',
  description: 'A severity ("off", "warn", "error", 0, 1, 2), or [severity, options].',
  anyOf: [
    {enum: ['off', 'warn', 'error', 0, 1, 2]},
    {
      type: 'array',
      minItems: 1,
      maxItems: 2,
      items: [{enum: ['off', 'warn', 'error', 0, 1, 2]}, {type: 'object'}],
    },
  ],
};

const column = {
  anyOf: [
    {type: 'string', minLength: 1},
    {
      type: 'object',
      required: ['name'],
      additionalProperties: false,
      properties: {
        name: {type: 'string', minLength: 1},
        aliases: {type: 'array', items: {type: 'string'}},
        filled: {type: 'boolean', description: 'Whether every row must have a value in this column (default true).'},
        example: {type: 'string', description: 'A realistic value; speclint init writes it as placeholder guidance.'},
        presence: {
          enum: ['required', 'optional'],
          description: 'For a **Field:** label: optional labels are written by speclint init as guidance, and no rule asks for them.',
        },
      },
    },
  ],
};

const evidence = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  description: 'One piece of structure that sets the profile apart (one kind per entry).',
  properties: {
    table: {type: 'string', description: 'A declared table (by id) with at least half of its columns.'},
    fields: {type: 'string', description: "A section (by name) with at least half of its **Field:** labels (its own or each subsection's)."},
    checklist: {type: 'string', description: 'A section (by name) with at least half of its checklist items.'},
    sections: {type: 'integer', minimum: 1, description: "At least this many of the profile's required top-level sections, at the top level."},
    numberedSections: {type: 'integer', minimum: 1, description: "At least this many of the profile's top-level sections with numbered headings."},
    heading: {type: 'string', description: 'A heading matching this regular expression (case-insensitive).'},
    text: {type: 'string', description: 'Text matching this regular expression (case-insensitive) in the section named by "in", or anywhere.'},
    in: {type: 'string', description: 'With "text": the section (by name) to look in.'},
  },
  oneOf: [
    {required: ['table']},
    {required: ['fields']},
    {required: ['checklist']},
    {required: ['sections']},
    {required: ['numberedSections']},
    {required: ['heading']},
    {required: ['text']},
  ],
};

export const profileSchema = {
  $id: 'speclint:profile',
  type: 'object',
  required: ['name', 'sections'],
  additionalProperties: false,
  definitions: {
    column,
    placeholder: {
      type: 'object',
      description: 'Either text (the exact placeholder, e.g. "[Date]") or pattern (a JavaScript regular expression).',
      additionalProperties: false,
      properties: {
        text: {type: 'string', minLength: 1, description: 'The placeholder exactly as the template writes it (case-sensitive).'},
        pattern: {type: 'string', minLength: 1, description: 'A JavaScript regular expression matching the placeholder (case-sensitive unless flags has "i").'},
        flags: {type: 'string', pattern: '^[imsu]*$'},
        label: {type: 'string', description: 'How messages name its kind (default "placeholder").'},
        whole: {type: 'boolean', description: 'Only the whole text of a table cell or a heading counts (| [Timeout] |).'},
      },
    },
    table: {
      type: 'object',
      required: ['id', 'columns'],
      additionalProperties: false,
      properties: {
        id: {type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$', description: 'Stable id other rules refer to (dependencies, latency-targets).'},
        label: {type: 'string', description: 'How messages name the table ("dependency table").'},
        columns: {type: 'array', minItems: 1, items: {$ref: '#/definitions/column'}},
        required: {type: 'boolean', description: 'Whether a missing table is an error (default true).'},
        minRows: {type: 'integer', minimum: 0, description: 'Fewest body rows (default 1).'},
      },
    },
    section: {
      type: 'object',
      required: ['name'],
      additionalProperties: false,
      properties: {
        name: {type: 'string', minLength: 1},
        aliases: {type: 'array', items: {type: 'string'}},
        pattern: {type: 'string', description: 'Regular expression tested against the heading text as written (case-insensitive).'},
        presence: {enum: ['required', 'recommended', 'optional'], description: 'required (an error when missing), recommended (a warning) or optional; default required.'},
        description: {type: 'string', description: 'Short description used in docs, speclint init guidance and fix hints.'},
        example: {type: 'string', description: 'A line speclint init opens the section with, as an author would write it.'},
        after: {type: 'string', description: 'In an extending profile: place this new section after the named sibling.'},
        sections: {type: 'array', items: {$ref: '#/definitions/section'}},
        tables: {type: 'array', items: {$ref: '#/definitions/table'}},
        fields: {type: 'array', items: {$ref: '#/definitions/column'}},
        each: {
          type: 'object',
          description: 'Requirements every subsection must meet (each failure scenario, each endpoint).',
          additionalProperties: false,
          properties: {
            label: {type: 'string', description: 'How messages name one subsection ("failure scenario").'},
            min: {type: 'integer', minimum: 0, description: 'Fewest subsections (default 1).'},
            fields: {type: 'array', items: {$ref: '#/definitions/column'}, description: '**Field:** labels each subsection must carry, non-empty.'},
            allowTable: {type: 'boolean', description: 'Alternatively, subsections may be rows of a table in the section whose columns are these fields.'},
            example: {type: 'string', description: 'A realistic subsection title; speclint init writes it as placeholder guidance.'},
          },
        },
        checklist: {
          type: 'object',
          required: ['items'],
          additionalProperties: false,
          properties: {
            label: {type: 'string'},
            items: {
              type: 'array',
              items: {
                anyOf: [
                  {type: 'string'},
                  {
                    type: 'object',
                    required: ['text'],
                    additionalProperties: false,
                    properties: {
                      text: {type: 'string'},
                      implies: {
                        type: 'object',
                        description:
                          'What a checked item claims, so a checked box the document contradicts is caught: section (it exists and has content), complete (it exists and every subsection carries its required fields), table (that declared table has at least minRows filled rows).',
                        additionalProperties: false,
                        properties: {
                          section: {type: 'string'},
                          complete: {type: 'string'},
                          table: {type: 'string'},
                          minRows: {type: 'integer', minimum: 0},
                        },
                      },
                    },
                  },
                ],
              },
            },
          },
        },
        diagram: {
          enum: ['flowchart', 'sequenceDiagram', 'stateDiagram', 'erDiagram', 'classDiagram'],
          description: 'A mermaid diagram of this kind the section must hold (graph and flowchart are one kind).',
        },
        minWords: {type: 'integer', minimum: 0, description: 'Fewest words of prose for the section not to count as empty.'},
        repeat: {
          type: 'object',
          description: 'The section may occur several times (use a pattern such as "^Story \\d+"); each heading matching it is one instance.',
          additionalProperties: false,
          properties: {
            min: {type: 'integer', minimum: 0, description: 'Fewest instances the template asks for (default 1 when required, 0 otherwise).'},
            max: {type: 'integer', minimum: 1, description: 'Most instances allowed (default: no limit).'},
          },
        },
        content: {
          type: 'object',
          description: 'Content kinds the section must hold (checked by the section-content rule).',
          additionalProperties: false,
          properties: {
            table: {anyOf: [{type: 'boolean'}, {type: 'integer', minimum: 1}], description: 'At least one table (or at least this many).'},
            list: {type: 'boolean', description: 'At least one bulleted or numbered list.'},
            code: {anyOf: [{type: 'boolean'}, {type: 'string', minLength: 1}], description: 'At least one fenced code block; a string names the language it must be in (sql, json).'},
          },
        },
        oneOf: {
          type: 'array',
          minItems: 2,
          description: 'This entry is a choice, not a heading: the document follows one of these section sets (template era A or B); the best-matching set is checked.',
          items: {
            type: 'object',
            required: ['sections'],
            additionalProperties: false,
            properties: {
              label: {type: 'string', description: 'How messages and docs name this set ("2024 template").'},
              sections: {type: 'array', items: {$ref: '#/definitions/section'}},
            },
          },
        },
      },
    },
  },
  properties: {
    name: {type: 'string', pattern: '^[a-z0-9][a-z0-9:._-]*$'},
    title: {type: 'string'},
    description: {type: 'string'},
    template: {type: 'string', description: 'Which template the profile encodes (for docs).'},
    extends: {type: 'string', description: 'Base profile whose sections and rules this one starts from.'},
    removeSections: {type: 'array', items: {type: 'string'}, description: 'Sections of the base profile to drop (by name, at any depth).'},
    renameSections: {
      type: 'object',
      description: 'Sections of the base profile to rename: old name to new name, at any depth.',
      additionalProperties: {type: 'string', minLength: 1},
    },
    files: {type: 'array', items: {type: 'string'}, description: 'In config: globs of the files that use this profile.'},
    detect: {
      type: 'object',
      additionalProperties: false,
      properties: {
        title: {type: 'string', description: 'Regular expression on the document title (first heading) that strongly suggests this profile.'},
        threshold: {type: 'number', minimum: 0, maximum: 1, description: 'Minimum share of top-level sections found for automatic detection (default 0.5).'},
        evidence: {
          type: 'array',
          items: evidence,
          description: 'What sets this profile apart: detection claims a file only when one is present; a variant is chosen over its base only on its own.',
        },
      },
    },
    placeholders: {
      type: 'array',
      description:
        "Placeholders the profile's template leaves for authors, reported by no-placeholders besides the generic ones (TODO, TBD, ${input:...}, <fill in>, [Multi-Word Title]); an extending profile adds to its base's.",
      items: {$ref: '#/definitions/placeholder'},
    },
    sections: {type: 'array', items: {$ref: '#/definitions/section'}},
    rules: {type: 'object', additionalProperties: {$ref: 'speclint:rule-setting'}},
  },
};

export const configSchema = {
  $id: 'speclint:config',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: {type: 'string'},
    extends: {anyOf: [{type: 'string'}, {type: 'array', items: {type: 'string'}}]},
    files: {type: 'array', items: {type: 'string'}, description: 'Globs linted when no file is named on the command line.'},
    ignores: {type: 'array', items: {type: 'string'}, description: 'Globs never linted.'},
    profile: {type: 'string', description: 'Profile for every file that names none (skips detection).'},
    profiles: {
      type: 'object',
      description:
        'Profiles by name and files by glob. A key whose value is a profile name is a glob: matching files use that profile. A key whose value is a profile definition (an object) or a profile file (a path ending in .yaml, .yml or .json) defines a profile of that name.',
      additionalProperties: {anyOf: [{type: 'string', minLength: 1}, {type: 'object'}]},
    },
    rules: {type: 'object', additionalProperties: {$ref: 'speclint:rule-setting'}},
    onlyRules: {
      type: 'array',
      items: {type: 'string'},
      description:
        'These rules and no others: every rule (and engine finding) not listed is off; a listed rule the profile leaves off runs as an error unless "rules" sets it.',
    },
    maxFileSize: {type: 'integer', minimum: 1, description: 'Files larger than this many bytes are reported and not parsed.'},
    maxFileTime: {
      type: 'integer',
      minimum: 1,
      description:
        'Per-file time budget in milliseconds (default 10000): a file that takes longer to lint, or that holds a shape the pre-scan knows to be too slow to parse, is one file-budget error and the run goes on.',
    },
  },
};

/**
 * The JSON Schema published as speclint.schema.json (draft-07, one
 * self-contained file) for editors: a config file, with every profile
 * definition under `profiles` completed and checked like a built-in
 * profile. A profile file validates against `#/definitions/profile`.
 */
export const SCHEMA_URL = 'https://raw.githubusercontent.com/speclint/speclint/main/speclint.schema.json';

/** A rule as the published schema describes it: its id, and its options schema (none for engine findings, which take a severity only). */
export interface SchemaRule {
  id: string;
  options?: Record<string, unknown>;
}

/**
 * `rules` as strict as the CLI: only known rule ids, each with a severity,
 * or [severity, options] checked against the rule's own options schema.
 */
function strictRules(rules: SchemaRule[]): Record<string, unknown> {
  const severity = {enum: ['off', 'warn', 'error', 0, 1, 2]};
  return {
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(
      rules.map((r) => [
        r.id,
        r.options
          ? {anyOf: [severity, {type: 'array', minItems: 1, maxItems: 2, items: [severity, r.options]}]}
          : {anyOf: [severity, {type: 'array', minItems: 1, maxItems: 1, items: [severity]}]},
      ]),
    ),
  };
}

export function publishedSchema(rules?: SchemaRule[]): Record<string, unknown> {
  const {definitions, $id: _profileId, ...profileLoose} = profileSchema;
  const {$id: _ruleId, ...ruleSetting} = ruleSettingSchema;
  const {$id: _configId, ...configLoose} = configSchema;
  const ruleIds = rules?.map((r) => r.id);
  const config = rules
    ? {
        ...configLoose,
        properties: {
          ...configLoose.properties,
          rules: {...strictRules(rules), description: 'Rule settings over the profile\'s: a severity, or [severity, options].'},
          onlyRules: {...configLoose.properties.onlyRules, items: {enum: ruleIds}},
        },
      }
    : configLoose;
  const profile = rules
    ? {...profileLoose, properties: {...profileLoose.properties, rules: strictRules(rules.filter((r) => r.options))}}
    : profileLoose;
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SCHEMA_URL,
    title: 'speclint config (.speclintrc.json, .speclintrc.yaml, package.json "speclint")',
    ...config,
    properties: {
      ...config.properties,
      profiles: {
        ...config.properties.profiles,
        additionalProperties: {anyOf: [{type: 'string', minLength: 1}, {$ref: '#/definitions/profileInConfig'}]},
      },
    },
    definitions: {
      ...definitions,
      'rule-setting': ruleSetting,
      profile,
      // In config the profile's name is its key, and an extending profile may leave sections out.
      profileInConfig: {...profile, required: []},
    },
  };
  return JSON.parse(JSON.stringify(schema).replaceAll('"speclint:rule-setting"', '"#/definitions/rule-setting"')) as Record<string, unknown>;
}

let ajv: AjvClass | undefined;
const compiled = new Map<object, ValidateFunction>();

/**
 * Ajv is loaded on first use, not at start-up: linting with the built-in
 * profiles and no config file validates nothing at run time (the built-in
 * profiles are validated when the package is built, see
 * scripts/build-profiles.mjs), and loading Ajv costs ~40 ms.
 */
function validatorFor(schema: object): ValidateFunction {
  if (!ajv) {
    const {Ajv} = createRequire(import.meta.url)('ajv') as typeof import('ajv');
    // verbose: errors carry their schema, so an unknown key can be matched to the keys allowed there.
    ajv = new Ajv({allErrors: false, strict: false, verbose: true});
    ajv.addSchema(ruleSettingSchema);
  }
  let v = compiled.get(schema);
  if (!v) {
    v = ajv.compile(schema) as ValidateFunction;
    compiled.set(schema, v);
  }
  return v;
}

function describe(error: ErrorObject, prefix = ''): string {
  const where = prefix + error.instancePath || '/';
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = (error.params as {additionalProperty: string}).additionalProperty;
      const allowed = Object.keys((error.parentSchema as {properties?: object} | undefined)?.properties ?? {});
      const close = allowed
        .map((name) => ({name, score: similarity(name.replace(/([a-z])([A-Z])/g, '$1 $2'), key.replace(/([a-z])([A-Z])/g, '$1 $2'))}))
        .sort((a, b) => b.score - a.score)[0];
      return `${where}: unknown key "${key}"${close && close.score >= 0.5 ? ` (did you mean "${close.name}"?)` : ''}`;
    }
    case 'enum':
      return `${where}: must be one of ${(error.params as {allowedValues: unknown[]}).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'required':
      return `${where}: missing required key "${(error.params as {missingProperty: string}).missingProperty}"`;
    default:
      return `${where}: ${error.message ?? 'is invalid'}`;
  }
}

/**
 * Validate `data` against `schema`; throw a UsageError naming `source` and
 * the path inside it (`prefix` + the schema path) on failure.
 */
export function validateOrThrow(schema: object, data: unknown, source: string, prefix = ''): void {
  const validate = validatorFor(schema);
  if (validate(data)) return;
  const errors = validate.errors ?? [];
  // anyOf reports every branch; the most specific error is the deepest path.
  const best = [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length)[0];
  throw new UsageError(`${source}: ${best ? describe(best, prefix) : 'invalid'}`);
}
