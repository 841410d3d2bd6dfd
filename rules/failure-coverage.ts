import {defineRule} from '../src/engine/rule.js';
import {findColumn, sectionNamed, tableById} from '../src/engine/match.js';
import {excerpt, normalizeName, quote} from '../src/lib/text.js';

interface Options {
  /** Id of the declared dependency table. */
  table: string;
  /** The section whose subsections are failure scenarios. */
  section: string;
  /** Which dependencies need a scenario: those marked critical, or all. */
  require: 'critical' | 'all';
  criticalityColumn: string[];
  criticalValues: string[];
  /** Systems a scenario may name that must then be in the dependency table. */
  knownSystems: string[];
  /** Names that mean the same system: a scenario naming one covers a dependency named by another. */
  synonyms: string[][];
}

/** Words a dependency is called by in prose: its name without version, note or generic suffix, and its synonyms. */
function namesOf(dependency: string, synonyms: string[][]): string[] {
  const full = normalizeName(dependency.replace(/\([^)]*\)/g, ''));
  const names = new Set([full]);
  const noVersion = full.replace(/\s+v?\d+(?:\s+\d+)*$/, '').trim();
  if (noVersion) names.add(noVersion);
  const noSuffix = noVersion.replace(/\s+(?:api|service|server|cluster|db|database|instance|client)$/, '').trim();
  if (noSuffix.length >= 2) names.add(noSuffix);
  for (const group of synonyms) {
    const keys = group.map(normalizeName);
    if (keys.some((k) => names.has(k))) for (const k of keys) names.add(k);
  }
  return [...names].filter(Boolean);
}

function mentions(text: string, name: string): boolean {
  return new RegExp(`(?:^| )${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?: |$)`).test(text);
}

export default defineRule<Options>({
  meta: {
    id: 'failure-coverage',
    description:
      'Every critical dependency has a failure scenario that names it, and a failure scenario does not name a system missing from the dependency table.',
    messages: {
      noScenario: 'Dependency "{{dependency}}" has no failure scenario in "{{section}}"',
      noScenarioCritical: 'Critical dependency "{{dependency}}" has no failure scenario in "{{section}}"',
      notInTable: 'Failure scenario "{{scenario}}" names {{system}}, which is not in the dependency table',
    },
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        table: {type: 'string'},
        section: {type: 'string'},
        require: {enum: ['critical', 'all']},
        criticalityColumn: {type: 'array', items: {type: 'string'}},
        criticalValues: {type: 'array', items: {type: 'string'}},
        knownSystems: {type: 'array', items: {type: 'string'}},
        synonyms: {type: 'array', items: {type: 'array', items: {type: 'string'}}},
      },
    },
    defaultOptions: {
      table: 'dependencies',
      section: 'Failure Modes',
      require: 'critical',
      criticalityColumn: ['Criticality'],
      criticalValues: ['Critical', 'High', 'Hard', 'Required', 'Tier 0', 'Tier 1'],
      knownSystems: [
        // Distinctive product names only: words with an everyday meaning (Vault,
        // Snowflake, Consul, Oracle, Pub/Sub) would be false alarms in prose.
        'PostgreSQL', 'MySQL', 'MariaDB', 'SQL Server', 'MongoDB', 'Cassandra', 'DynamoDB', 'Redis', 'Memcached',
        'Kafka', 'RabbitMQ', 'SQS', 'SNS', 'Kinesis', 'S3', 'GCS', 'Elasticsearch', 'OpenSearch', 'ClickHouse',
        'BigQuery', 'Stripe', 'Adyen', 'Twilio', 'SendGrid', 'Auth0', 'Okta', 'etcd', 'ZooKeeper',
      ],
      synonyms: [
        ['PostgreSQL', 'Postgres', 'PG'],
        ['Elasticsearch', 'Elastic', 'ES'],
        ['MongoDB', 'Mongo'],
        ['RabbitMQ', 'Rabbit'],
        ['S3', 'Amazon S3', 'AWS S3'],
      ],
    },
  },
  check({model, profile, options, report}) {
    const deps = tableById(model, profile, options.table)?.table;
    const failures = sectionNamed(model, profile, options.section);
    if (!deps || !failures) return; // Missing table or section: other rules report that.

    // A scenario is a subsection, or a row of a scenario table.
    const scenarios =
      failures.children.length > 0
        ? failures.children.map((s) => ({title: s.title, text: normalizeName(`${s.title} ${model.textOf(s)}`), at: s as object}))
        : model.tablesIn(failures).flatMap((t) =>
            t.rows.map((row, r) => ({title: row[0]?.text ?? '', text: normalizeName(row.map((c) => c.text).join(' ')), at: t.rowPositions[r] as object})),
          );
    if (scenarios.length === 0) return; // required-fields reports an empty Failure Modes.

    const critAt = findColumn(deps, {name: options.criticalityColumn[0] ?? '', aliases: options.criticalityColumn.slice(1)});
    const critical = new Set(options.criticalValues.map(normalizeName));
    const tableText = normalizeName(deps.rows.map((r) => r.map((c) => c.text).join(' ')).join(' '));

    for (const row of deps.rows) {
      const name = row[0]?.text;
      if (!name) continue;
      const level = critAt >= 0 ? normalizeName((row[critAt]?.text ?? '').replace(/\([^)]*\)/g, '')) : '';
      const markedCritical = critAt >= 0 ? critical.has(level) : /\bcritical\b/i.test(row.map((c) => c.text).join(' ')) && !/non-?critical/i.test(row.map((c) => c.text).join(' '));
      if (options.require === 'critical' && !markedCritical) continue;
      const names = namesOf(name, options.synonyms);
      if (scenarios.some((s) => names.some((n) => mentions(s.text, n)))) continue;
      report({
        messageId: options.require === 'critical' ? 'noScenarioCritical' : 'noScenario',
        data: {dependency: excerpt(name), section: excerpt(failures.title)},
        at: row[0]!.position,
        hint: `Add a scenario for ${quote(name)} failing (what triggers it, how it is detected, the impact, recovery, manual steps)`,
      });
    }

    for (const scenario of scenarios) {
      for (const system of options.knownSystems) {
        const key = normalizeName(system);
        if (!mentions(scenario.text, key)) continue;
        const aliases = namesOf(system, options.synonyms);
        if (aliases.some((n) => mentions(tableText, n))) continue;
        report({
          messageId: 'notInTable',
          data: {scenario: excerpt(scenario.title), system},
          at: scenario.at as never,
          hint: `Add ${system} to the dependency table (with its timeout and fallback), or correct the scenario`,
        });
      }
    }
  },
});
