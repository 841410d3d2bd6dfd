import {defineRule} from '../src/engine/rule.js';
import {findColumn, tableById} from '../src/engine/match.js';
import {durationsIn, excerpt, normalizeName, parseDuration, withoutParenthetical} from '../src/lib/text.js';
import {isPlaceholder} from './lib/placeholders.js';

interface Options {
  /** Id of the declared table holding the dependencies. */
  table: string;
  timeoutColumn: string[];
  criticalityColumn: string[];
  fallbackColumn: string[];
  criticalValues: string[];
  nonCriticalValues: string[];
  /** Fallback texts that mean "there is no fallback". */
  noFallbackValues: string[];
}


export default defineRule<Options>({
  meta: {
    id: 'dependency-table',
    description:
      'Dependency rows are reviewable: Timeout is a duration, Criticality is from the known set, and every non-critical dependency has a fallback.',
    messages: {
      timeoutNotDuration: 'Timeout "{{timeout}}" of "{{dependency}}" is not a duration',
      unknownCriticality: 'Criticality "{{criticality}}" of "{{dependency}}" is not a known level ({{known}}, ...)',
      noFallback: 'Non-critical dependency "{{dependency}}" has no fallback',
      noFallbackNotCritical: 'Dependency "{{dependency}}" has no fallback and is not marked critical',
    },
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        table: {type: 'string'},
        timeoutColumn: {type: 'array', items: {type: 'string'}},
        criticalityColumn: {type: 'array', items: {type: 'string'}},
        fallbackColumn: {type: 'array', items: {type: 'string'}},
        criticalValues: {type: 'array', items: {type: 'string'}},
        nonCriticalValues: {type: 'array', items: {type: 'string'}},
        noFallbackValues: {type: 'array', items: {type: 'string'}},
      },
    },
    defaultOptions: {
      table: 'dependencies',
      timeoutColumn: ['Timeout'],
      criticalityColumn: ['Criticality'],
      fallbackColumn: ['Fallback'],
      criticalValues: ['Critical', 'High', 'Hard', 'Required', 'Tier 0', 'Tier 1'],
      nonCriticalValues: ['Non-critical', 'Noncritical', 'Low', 'Medium', 'Soft', 'Optional', 'Degradable', 'Tier 2', 'Tier 3'],
      noFallbackValues: ['None', 'N/A', 'NA', 'No', 'No fallback', 'n a'],
    },
  },
  check({model, profile, options, report}) {
    const matched = tableById(model, profile, options.table);
    const table = matched?.table;
    if (!matched || !table) return; // required-table reports a missing table.
    const col = (names: string[]) => findColumn(table, {name: names[0] ?? '', aliases: names.slice(1)});
    const timeoutAt = col(options.timeoutColumn);
    const criticalityAt = col(options.criticalityColumn);
    const fallbackAt = col(options.fallbackColumn);
    const critical = new Set(options.criticalValues.map(normalizeName));
    const nonCritical = new Set(options.nonCriticalValues.map(normalizeName));
    const noFallback = new Set(options.noFallbackValues.map(normalizeName));
    // A unit in the header (`Timeout (ms)`) makes bare numbers in the column durations.
    const headerUnit = timeoutAt >= 0 ? /\(([a-zµμ]+)\)\s*$/i.exec(table.header[timeoutAt]!.text)?.[1] : undefined;
    const noFallbackPrefixes = [...noFallback].filter((v) => v.includes(' ') || v.length > 3);
    const known = [...options.criticalValues, ...options.nonCriticalValues].join(', ');
    const shortKnown = [options.criticalValues[0], options.nonCriticalValues[0]].filter(Boolean).join(' or ');

    table.rows.forEach((row) => {
      const name = row[0]?.text || 'this dependency';
      // Placeholder cells are no-placeholders' finding; judging them here would double-report.
      const real = (cell: (typeof row)[number] | undefined) => (cell && !isPlaceholder(cell.text, profile) ? cell : undefined);
      const timeout = timeoutAt >= 0 ? real(row[timeoutAt]) : undefined;
      const bareNumberWithHeaderUnit =
        headerUnit !== undefined && /^\s*\d+(?:\.\d+)?\s*$/.test(timeout?.text ?? '') && parseDuration(`1${headerUnit}`) !== undefined;
      if (timeout && timeout.text && !bareNumberWithHeaderUnit && parseDuration(timeout.text) === undefined && durationsIn(timeout.text).length === 0) {
        report({
          messageId: 'timeoutNotDuration',
          data: {timeout: excerpt(timeout.text), dependency: excerpt(name)},
          at: timeout.position,
          hint: 'Write the timeout with a unit, like 100ms, 5s or 2 min',
        });
      }

      const criticality = criticalityAt >= 0 ? real(row[criticalityAt]) : undefined;
      if (criticalityAt >= 0 && !criticality) return; // Criticality still a placeholder: fallback rules cannot apply.
      const level = criticality ? normalizeName(withoutParenthetical(criticality.text)) : '';
      if (criticality && criticality.text && !critical.has(level) && !nonCritical.has(level)) {
        report({
          messageId: 'unknownCriticality',
          data: {criticality: excerpt(criticality.text), dependency: excerpt(name), known: shortKnown},
          at: criticality.position,
          hint: `Use one of ${known} (or configure dependency-table's criticalValues / nonCriticalValues)`,
        });
      }

      const fallback = fallbackAt >= 0 ? real(row[fallbackAt]) : undefined;
      if (!fallback) return;
      // Judge the first clause: "None, checkout fails with 503" has no fallback.
      const fallbackKey = normalizeName(fallback.text.replace(/\(.*?\)/g, '').split(/[,:;.(]|\s[-–—]\s/)[0] ?? '');
      const hasFallback =
        fallbackKey !== '' && !noFallback.has(fallbackKey) && !noFallbackPrefixes.some((v) => fallbackKey.startsWith(`${v} `));
      if (hasFallback) return;
      // Without a Criticality column, templates mark critical rows in the
      // Fallback cell itself: "N/A (critical)".
      const markedCritical = criticality ? critical.has(level) : /\bcritical\b/i.test(fallback.text) && !/non-?critical/i.test(fallback.text);
      if (markedCritical) return;
      if (criticality && !nonCritical.has(level)) return; // Unknown level: reported above.
      report({
        messageId: criticality ? 'noFallback' : 'noFallbackNotCritical',
        data: {dependency: excerpt(name)},
        at: fallback.position,
        hint: criticality
          ? 'Describe how the service degrades without it (skip, cached value, queue for retry), or mark it critical'
          : 'Describe the fallback, or write "N/A (critical)" if the service cannot work without it',
      });
    });
  },
});
