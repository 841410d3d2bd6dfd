import {defineRule} from '../src/engine/rule.js';
import {findColumn, tableById} from '../src/engine/match.js';
import {formatMs, latencyRows} from './lib/slo.js';
import {durationsIn, excerpt} from '../src/lib/text.js';

interface Options {
  table: string;
  timeoutColumn: string[];
  /** Id of the declared retry strategy table (Scenario, Strategy, Max Attempts, Backoff). */
  retryTable: string;
}

export const ASYNC = /\b(?:async|asynchronous|queue|broker|stream|event|topic|pub\/?sub)/i;

/** Total wait of a retry row: the listed backoffs, or attempts × one backoff. */
function retryWaitMs(attempts: number, backoff: string): number | undefined {
  const steps = durationsIn(backoff);
  if (steps.length === 0) return undefined;
  if (steps.length === 1) return steps[0]! * Math.max(attempts - 1, 1);
  return steps.slice(0, Math.max(attempts - 1, 1)).reduce((a, b) => a + b, 0);
}

export default defineRule<Options>({
  meta: {
    id: 'timeout-budget',
    description:
      'Dependency timeouts and retry budgets fit the latency targets: a dependency timeout longer than every P99 target, or retries whose backoff exceeds the operation timeout, cannot meet the SLO.',
    messages: {
      timeoutAboveP99: 'A {{timeout}} timeout on "{{dependency}}" exceeds the largest P99 target ({{p99}}): a request that waits that long misses its latency target',
      retriesTooLong: 'Retries for "{{operation}}" wait {{wait}} in backoff, longer than the largest operation timeout ({{timeout}})',
    },
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        table: {type: 'string'},
        timeoutColumn: {type: 'array', items: {type: 'string'}},
        retryTable: {type: 'string'},
      },
    },
    defaultOptions: {table: 'dependencies', timeoutColumn: ['Timeout'], retryTable: 'retry-strategy'},
  },
  check({model, profile, options, report}) {
    const rows = latencyRows(model);
    const p99s = rows.flatMap((r) => r.percentiles.filter((p) => p.rank >= 99 && p.ms !== undefined).map((p) => p.ms!));
    const timeouts = rows.flatMap((r) => (r.timeout?.ms !== undefined ? [r.timeout.ms] : []));
    if (p99s.length === 0 && timeouts.length === 0) return;
    const largestP99 = p99s.length ? Math.max(...p99s) : undefined;
    const largestTimeout = timeouts.length ? Math.max(...timeouts) : undefined;

    const deps = tableById(model, profile, options.table)?.table;
    if (deps && largestP99 !== undefined) {
      const at = findColumn(deps, {name: options.timeoutColumn[0] ?? 'Timeout', aliases: options.timeoutColumn.slice(1)});
      const typeAt = findColumn(deps, {name: 'Type', aliases: ['Kind', 'Mode']});
      for (const row of at >= 0 ? deps.rows : []) {
        // Asynchronous dependencies (queues, brokers, outbox relays) are off the request path.
        if (typeAt >= 0 && ASYNC.test(row[typeAt]?.text ?? '')) continue;
        const cell = row[at];
        const ms = cell ? durationsIn(cell.text)[0] : undefined;
        if (!cell || ms === undefined || ms <= largestP99) continue;
        report({
          messageId: 'timeoutAboveP99',
          data: {timeout: formatMs(ms), dependency: excerpt(row[0]?.text ?? ''), p99: formatMs(largestP99)},
          at: cell.position,
          hint: `Lower the timeout below the P99 targets of the operations that call it, or state why those operations tolerate it`,
        });
      }
    }

    const retry = tableById(model, profile, options.retryTable)?.table;
    if (retry && largestTimeout !== undefined) {
      const attemptsAt = findColumn(retry, {name: 'Max Attempts', aliases: ['Attempts', 'Retries']});
      const backoffAt = findColumn(retry, {name: 'Backoff', aliases: ['Delay', 'Delays']});
      if (attemptsAt < 0 || backoffAt < 0) return;
      for (const row of retry.rows) {
        // Retries run from a queue (a DLQ, a worker) are off the request path.
        if (ASYNC.test(row.map((c) => c.text).join(' '))) continue;
        const attempts = Number.parseInt(row[attemptsAt]?.text ?? '', 10);
        const backoff = row[backoffAt];
        if (!Number.isFinite(attempts) || !backoff) continue;
        const wait = retryWaitMs(attempts, backoff.text);
        if (wait === undefined || wait <= largestTimeout) continue;
        report({
          messageId: 'retriesTooLong',
          data: {operation: excerpt(row[0]?.text ?? ''), wait: formatMs(wait), timeout: formatMs(largestTimeout)},
          at: backoff.position,
          hint: 'Fewer attempts or shorter backoff, or move the retries off the request path (a queue)',
        });
      }
    }
  },
});
