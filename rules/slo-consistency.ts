import {defineRule} from '../src/engine/rule.js';
import {sectionsNamed} from '../src/engine/match.js';
import {formatMs, latencyRows, targetSections} from './lib/slo.js';
import {excerpt, quote} from '../src/lib/text.js';
import type {Section} from '../src/engine/model.js';
import type {Point} from 'unist';
import {compilePattern, patternProblem, type Pattern} from '../src/lib/regex.js';

interface Threshold {
  label: string;
  /** Regular expression (case-insensitive) whose first group is the stated number. */
  pattern: string;
  /** The stated value must be at most `max` or at least `min`. */
  max?: number;
  min?: number;
  /** Unit of max/min and of the captured number, for the message. */
  unit: string;
}

interface Options {
  /** Sections the thresholds are read from first (by name or alias); a threshold they state nothing for is read in the sections that state an SLO target. Empty means the whole spec. */
  sections: string[];
  thresholds: Threshold[];
}

interface Source {
  value: string;
  start: Point;
  /** A prose run (findings point at the number) rather than a table row (findings point at the row). */
  exact: boolean;
}

const AVAILABILITY = /(\d+(?:\.\d+)?)\s*%\s*(?:availability|uptime)|\b(?:availability|uptime)\b[^\n|\d]{0,30}?(\d+(?:\.\d+)?)\s*%/gi;

export default defineRule<Options>({
  meta: {
    id: 'slo-consistency',
    description:
      'Latency targets are consistent: P50 ≤ P95 ≤ P99 ≤ the operation timeout, availability is a percentage in range, and stated targets meet the thresholds the profile sets.',
    messages: {
      percentileBelow: '{{higher}} target {{higherMs}} of "{{operation}}" is below its {{lower}} ({{lowerMs}})',
      aboveTimeout: '{{percentile}} target {{target}} of "{{operation}}" is above its timeout ({{timeout}})',
      availabilityRange: 'Availability target {{value}}% is not a percentage between 0 and 100',
      aboveMax: "{{Label}} target {{value}} {{unit}} does not meet the profile's threshold (at most {{max}} {{unit}})",
      belowMin: "{{Label}} target {{value}} {{unit}} does not meet the profile's threshold (at least {{min}} {{unit}})",
    },
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        sections: {type: 'array', items: {type: 'string'}},
        thresholds: {
          type: 'array',
          items: {
            type: 'object',
            required: ['label', 'pattern', 'unit'],
            additionalProperties: false,
            properties: {
              label: {type: 'string'},
              pattern: {type: 'string'},
              max: {type: 'number'},
              min: {type: 'number'},
              unit: {type: 'string'},
            },
          },
        },
      },
    },
    defaultOptions: {sections: [], thresholds: []},
    validateOptions(options) {
      for (const [i, t] of (options.thresholds ?? []).entries()) {
        const problem = patternProblem(t.pattern, 'iu', `/thresholds/${i}/pattern`);
        if (problem) return problem;
        if (!/\((?!\?)/.test(t.pattern)) return `/thresholds/${i}/pattern: needs a capture group for the number`;
      }
      return undefined;
    },
  },
  check({model, profile, options, report}) {
    // Percentiles in order, each within the operation's timeout.
    for (const row of latencyRows(model)) {
      const known = row.percentiles.filter((p) => p.ms !== undefined).sort((a, b) => a.rank - b.rank);
      for (let i = 1; i < known.length; i++) {
        const lower = known[i - 1]!;
        const higher = known[i]!;
        if (higher.ms! < lower.ms!) {
          report({
            messageId: 'percentileBelow',
            data: {higher: higher.label, higherMs: formatMs(higher.ms!), operation: excerpt(row.operation), lower: lower.label, lowerMs: formatMs(lower.ms!)},
            at: higher.cell.position,
            hint: `A higher percentile cannot be faster: make ${higher.label} ≥ ${lower.label}`,
          });
        }
      }
      const slowest = known[known.length - 1];
      if (slowest && row.timeout?.ms !== undefined && slowest.ms! > row.timeout.ms) {
        report({
          messageId: 'aboveTimeout',
          data: {percentile: slowest.label, target: formatMs(slowest.ms!), operation: excerpt(row.operation), timeout: formatMs(row.timeout.ms)},
          at: slowest.cell.position,
          hint: 'A request that times out cannot meet the target: raise the timeout or lower the target',
        });
      }
    }

    // Availability: a percentage, and a sane one.
    for (const run of model.texts) {
      if (run.kind !== 'text') continue;
      AVAILABILITY.lastIndex = 0;
      for (let m = AVAILABILITY.exec(run.value); m; m = AVAILABILITY.exec(run.value)) {
        const value = Number(m[1] ?? m[2]);
        if (value > 0 && value <= 100) continue;
        report({
          messageId: 'availabilityRange',
          data: {value},
          at: {start: model.pointIn(run.value, run.position.start, m.index), end: model.pointIn(run.value, run.position.start, m.index + m[0].length)},
          hint: 'Write availability as a percentage such as 99.9%',
        });
      }
    }

    // Stated targets against the profile's thresholds: each read in the named
    // sections, or, when they do not state it, in the sections that state an
    // SLO target (where slo-targets finds it too). Not anywhere: "Stripe
    // allows 100 requests per second" in a dependency section is a rate
    // limit, not a throughput target.
    if (options.thresholds.length === 0) return;
    const scopes = sectionsNamed(model, profile, options.sections);
    const named = sourcesIn(scopes);
    const elsewhere = scopes.includes(model.root) ? [] : sourcesIn(targetSections(model, scopes));
    for (const threshold of options.thresholds) {
      const re = compilePattern(threshold.pattern, 'iu');
      let stated = statedIn(named, re);
      if (stated.length === 0) stated = statedIn(elsewhere, re);
      for (const {value, at} of stated) {
        const tooHigh = threshold.max !== undefined && value > threshold.max;
        const tooLow = threshold.min !== undefined && value < threshold.min;
        if (!tooHigh && !tooLow) continue;
        const bound = tooHigh ? `at most ${threshold.max} ${threshold.unit}` : `at least ${threshold.min} ${threshold.unit}`;
        report({
          messageId: tooHigh ? 'aboveMax' : 'belowMin',
          data: {
            Label: threshold.label.charAt(0).toUpperCase() + threshold.label.slice(1),
            value,
            unit: threshold.unit,
            ...(tooHigh ? {max: String(threshold.max)} : {min: String(threshold.min)}),
          },
          at,
          hint: `The template requires ${threshold.label} ${bound}; tighten the target or explain the exception in ${quote(scopes[0]?.title || 'the spec')}`,
        });
      }
    }

    /** Prose runs, and each table row read as one line ("| API p95 latency | 350 ms |" is one target), in the given sections. */
    function sourcesIn(within: Section[]): Source[] {
      const tables = model.tables.filter((t) => within.some((s) => model.contains(s, t.section)));
      const inTable = (line: number) => tables.some((t) => line >= t.position.start.line && line <= t.position.end.line);
      const runs = model.texts
        .filter((r) => r.kind === 'text' && !inTable(r.position.start.line) && within.some((s) => model.contains(s, r.section)))
        .map((r) => ({value: r.value, start: r.position.start, exact: true}));
      const rows = tables.flatMap((t) => t.rows.map((row, i) => ({value: row.map((c) => c.text).join(' '), start: t.rowPositions[i]!.start, exact: false})));
      return [...runs, ...rows];
    }

    /** Every number a threshold's pattern reads out of the sources, with where it is. */
    function statedIn(sources: Source[], re: Pattern): Array<{value: number; at: Point}> {
      const out: Array<{value: number; at: Point}> = [];
      for (const source of sources) {
        for (const m of re.matchAll(source.value)) {
          // Patterns may offer alternatives (number before or after the label): take the group that matched.
          const raw = m.slice(1).find((g) => g !== undefined);
          const value = Number((raw ?? '').replace(/,/g, ''));
          if (raw === undefined || !Number.isFinite(value)) continue;
          out.push({value, at: source.exact ? model.pointIn(source.value, source.start, m.index!) : source.start});
        }
      }
      return out;
    }
  },
});
