import {defineRule} from '../src/rule.js';
import type {Section, SpecTable} from '../src/model.js';
import {sectionsNamed} from '../src/match.js';
import {isPlaceholder} from '../src/placeholders.js';
import {quote} from '../src/text.js';
import {compilePattern, patternProblem} from '../src/regex.js';

interface Metric {
  label: string;
  /** Regular expression (case-insensitive) that a stated target of this metric matches. */
  pattern: string;
  /** Example shown in the fix hint. */
  example?: string;
}

interface Options {
  /** Sections (by heading or alias) that hold the targets; empty means the whole document. */
  sections: string[];
  /** What must be stated: latency percentiles, availability, or either. */
  require: 'latency' | 'availability' | 'any';
  /** Percentile columns a latency table must have. */
  percentiles: string[];
  /** Further targets the profile asks for (throughput, memory, CPU ...). */
  metrics: Metric[];
}

const PERCENTILE_HEADER = /^p\d{2}(?:\.\d+)?$/i;
const VALUE_WITH_UNIT = /\d+(?:\.\d+)?\s*(?:ms|s|sec|secs|seconds?|milliseconds?|µs|us|min|minutes?)\b/i;
const HAS_NUMBER = /\d/;
// A percentile and a duration, in either order, with no other number between
// them: "p95 < 200ms", "P99 latency under 1.5 s", "< 200ms (p95)".
const PCT = String.raw`\bp(?:50|75|90|95|99(?:\.9+)?)\b`;
const DUR = String.raw`\d+(?:\.\d+)?\s*(?:ms|s|sec|seconds?|milliseconds?)\b`;
const LATENCY_TEXT = new RegExp(`${PCT}[^\\n\\d]{0,30}?${DUR}|${DUR}[^\\n\\d]{0,20}?${PCT}`, 'i');
const LATENCY_NO_UNIT = /\bp(?:50|75|90|95|99(?:\.9+)?)(?:\s*(?:<=?|≤|under|below|of|:|=)\s*|\s+)(\d+(?:\.\d+)?)(?!\s*(?:ms|s\b|sec|seconds?|milliseconds?|µs|us\b|min|%|\d|\.\d|x\b|times))/gi;
// An availability target is 90-100 %; "availability zones" are not one.
const AVAILABILITY_PCT = String.raw`(?:9\d(?:\.\d+)?|100(?:\.0+)?)\s*%`;
const AVAILABILITY_TEXT = new RegExp(
  `${AVAILABILITY_PCT}[^\\n|\\d]{0,30}\\b(?:availability|uptime|available)\\b(?!\\s+zones?)|\\b(?:availability(?!\\s+zones?)|uptime|SLA|SLO)\\b[^\\n|\\d]{0,40}?${AVAILABILITY_PCT}`,
  'i',
);

function latencyTables(tables: SpecTable[]): SpecTable[] {
  return tables.filter((t) => t.header.some((h) => PERCENTILE_HEADER.test(h.text.trim())));
}

export default defineRule<Options>({
  meta: {
    id: 'slo-targets',
    description:
      'The spec states measurable targets: a latency table (P50/P95/P99 with units) or explicit targets such as "p95 < 200ms" or "99.9% availability", plus any metric the profile asks for.',
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        sections: {type: 'array', items: {type: 'string'}},
        require: {enum: ['latency', 'availability', 'any']},
        percentiles: {type: 'array', items: {type: 'string'}},
        metrics: {
          type: 'array',
          items: {
            type: 'object',
            required: ['label', 'pattern'],
            additionalProperties: false,
            properties: {label: {type: 'string'}, pattern: {type: 'string'}, example: {type: 'string'}},
          },
        },
      },
    },
    defaultOptions: {sections: [], require: 'any', percentiles: [], metrics: []},
    validateOptions(options) {
      for (const [i, metric] of (options.metrics ?? []).entries()) {
        const problem = patternProblem(metric.pattern, 'iu', `/metrics/${i}/pattern`);
        if (problem) return problem;
      }
      return undefined;
    },
  },
  check({model, profile, options, report}) {
    const scopes = sectionsNamed(model, profile, options.sections);
    const where = options.sections.length ? options.sections.map(quote).join(' or ') : 'the spec';
    if (scopes.length === 0) {
      report({
        message: `No section for SLO targets (${where})`,
        hint: `Add a ${quote(options.sections[0] ?? 'Performance')} section stating latency percentiles with units (p95 < 200ms) or availability (99.9%)`,
      });
      return;
    }
    const anchor = scopes[0]!;
    const inScope = (s: Section) => scopes.some((scope) => model.contains(scope, s));

    // Latency tables: percentile cells carry a number with a unit.
    const tables = latencyTables(model.tables.filter((t) => inScope(t.section)));
    let latency = false;
    for (const table of tables) {
      const missing = options.percentiles.filter((p) => !table.header.some((h) => h.text.trim().toLowerCase() === p.toLowerCase()));
      if (missing.length) {
        report({
          message: `Latency target table lacks percentile column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
          at: table.node.children[0],
          hint: `Add ${missing.join(', ')} column${missing.length > 1 ? 's' : ''} with targets such as "< 200ms"`,
        });
      }
      table.header.forEach((h, c) => {
        if (!PERCENTILE_HEADER.test(h.text.trim())) return;
        table.rows.forEach((row) => {
          const cell = row[c];
          if (!cell || isPlaceholder(cell.text)) return;
          if (VALUE_WITH_UNIT.test(cell.text)) {
            latency = true;
          } else {
            report({
              message: HAS_NUMBER.test(cell.text)
                ? `${h.text} target ${quote(cell.text)} of ${quote(row[0]?.text ?? '')} has no unit`
                : `${h.text} target of ${quote(row[0]?.text ?? '')} is not a number with a unit`,
              at: cell.position,
              hint: 'Write the target with a unit, like "< 200ms" or "1.5s"',
            });
          }
        });
      });
    }

    // Explicit targets in prose, and in tables whose rows read as one
    // target each ("| API response time (p95) | < 200 ms |").
    let availability = false;
    for (const run of model.texts) {
      if (run.kind !== 'text' || !inScope(run.section)) continue;
      if (LATENCY_TEXT.test(run.value)) latency = true;
      if (AVAILABILITY_TEXT.test(run.value)) availability = true;
      LATENCY_NO_UNIT.lastIndex = 0;
      for (let bare = LATENCY_NO_UNIT.exec(run.value); bare; bare = LATENCY_NO_UNIT.exec(run.value)) {
        const target = bare[0].trim();
        report({
          message: `Latency target ${quote(target)} has no unit`,
          at: {
            start: model.pointIn(run.value, run.position.start, bare.index),
            end: model.pointIn(run.value, run.position.start, bare.index + bare[0].length),
          },
          hint: `Add a unit: "${target}ms" or "${target}s"`,
        });
      }
    }
    for (const table of model.tables) {
      if (latency || !inScope(table.section)) continue;
      if (table.rows.some((row) => LATENCY_TEXT.test(row.map((c) => c.text).join(' | ')))) latency = true;
    }
    const text = scopes.map((s) => model.textOf(s)).join('\n');
    if (!availability && AVAILABILITY_TEXT.test(text)) availability = true;

    const ok =
      options.require === 'latency' ? latency : options.require === 'availability' ? availability : latency || availability;
    if (!ok && tables.length === 0) {
      const want =
        options.require === 'latency'
          ? 'latency targets'
          : options.require === 'availability'
            ? 'availability target'
            : 'latency or availability targets';
      report({
        message: `No ${want} in ${quote(anchor === model.root ? 'the spec' : anchor.title)}`,
        at: anchor === model.root ? undefined : anchor,
        hint: 'State targets with units: a table with P50 / P95 / P99 columns ("< 200ms"), or "p95 < 200ms", "99.9% availability"',
      });
    }

    for (const metric of options.metrics) {
      if (compilePattern(metric.pattern, 'iu').test(text)) continue;
      report({
        message: `No ${metric.label} target in ${quote(anchor === model.root ? 'the spec' : anchor.title)}`,
        at: anchor === model.root ? undefined : anchor,
        hint: `State the ${metric.label} target${metric.example ? `, e.g. ${quote(metric.example)}` : ''}`,
      });
    }
  },
});
