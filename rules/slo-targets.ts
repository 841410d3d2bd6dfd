import {defineRule, type Finding} from '../src/engine/rule.js';
import type {Section, SpecModel, SpecTable} from '../src/engine/model.js';
import type {Profile} from '../src/profiles/types.js';
import {sectionsNamed} from '../src/engine/match.js';
import {isPlaceholder} from './lib/placeholders.js';
import {AVAILABILITY_TEXT, LATENCY_TEXT, PERCENTILE_HEADER, targetSections, VALUE_WITH_UNIT} from './lib/slo.js';
import {excerpt, quote} from '../src/lib/text.js';
import {compilePattern, patternProblem} from '../src/lib/regex.js';

interface Metric {
  label: string;
  /** Regular expression (case-insensitive) that a stated target of this metric matches. */
  pattern: string;
  /** Example shown in the fix hint. */
  example?: string;
}

interface Options {
  /** Sections (by heading or alias) searched first and named when no target is stated anywhere; empty means the whole document. */
  sections: string[];
  /** What must be stated: latency percentiles, availability, or either. */
  require: 'latency' | 'availability' | 'any';
  /** Percentile columns a latency table must have. */
  percentiles: string[];
  /** Further targets the profile asks for (throughput, memory, CPU ...). */
  metrics: Metric[];
}

const HAS_NUMBER = /\d/;
const LATENCY_NO_UNIT = /\bp(?:50|75|90|95|99(?:\.9+)?)(?:\s*(?:<=?|≤|under|below|of|:|=)\s*|\s+)(\d+(?:\.\d+)?)(?!\s*(?:ms|s\b|sec|seconds?|milliseconds?|µs|us\b|min|%|\d|\.\d|x\b|times))/gi;

function latencyTables(tables: SpecTable[]): SpecTable[] {
  return tables.filter((t) => t.header.some((h) => PERCENTILE_HEADER.test(h.text.trim())));
}

interface Inspection {
  /** The required kind of target is stated. */
  ok: boolean;
  /** Latency tables seen (their cells are judged, so a table with bad cells is not "no targets"). */
  tables: number;
  findings: Finding[];
}

/**
 * Targets stated in the part of the document `inScope` selects, and what is
 * wrong with them; `text` is that part's plain text (an availability target
 * may span inline markup: "**99.9%** availability").
 */
function inspect(model: SpecModel, profile: Profile, options: Options, inScope: (s: Section) => boolean, text: string): Inspection {
  const findings: Finding[] = [];
  // Latency tables: percentile cells carry a number with a unit.
  const tables = latencyTables(model.tables.filter((t) => inScope(t.section)));
  let latency = false;
  for (const table of tables) {
    const missing = options.percentiles.filter((p) => !table.header.some((h) => h.text.trim().toLowerCase() === p.toLowerCase()));
    if (missing.length) {
      findings.push({
        messageId: missing.length > 1 ? 'missingPercentiles' : 'missingPercentile',
        data: {columns: missing.join(', ')},
        at: table.node.children[0],
        hint: `Add ${missing.join(', ')} column${missing.length > 1 ? 's' : ''} with targets such as "< 200ms"`,
      });
    }
    table.header.forEach((h, c) => {
      if (!PERCENTILE_HEADER.test(h.text.trim())) return;
      table.rows.forEach((row) => {
        const cell = row[c];
        if (!cell || isPlaceholder(cell.text, profile)) return;
        if (VALUE_WITH_UNIT.test(cell.text)) {
          latency = true;
        } else {
          findings.push({
            ...(HAS_NUMBER.test(cell.text)
              ? {messageId: 'cellNoUnit', data: {percentile: h.text, target: cell.text, operation: row[0]?.text ?? ''}}
              : {messageId: 'cellNotNumber', data: {percentile: h.text, operation: row[0]?.text ?? ''}}),
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
      findings.push({
        messageId: 'proseNoUnit',
        data: {target},
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
  if (!availability && AVAILABILITY_TEXT.test(text)) availability = true;
  const ok = options.require === 'latency' ? latency : options.require === 'availability' ? availability : latency || availability;
  return {ok, tables: tables.length, findings};
}

export default defineRule<Options>({
  meta: {
    id: 'slo-targets',
    description:
      'The spec states measurable targets: a latency table (P50/P95/P99 with units) or explicit targets such as "p95 < 200ms" or "99.9% availability", plus any metric the profile asks for.',
    messages: {
      missingPercentile: 'Latency target table lacks percentile column {{columns}}',
      missingPercentiles: 'Latency target table lacks percentile columns {{columns}}',
      cellNoUnit: '{{percentile}} target "{{target}}" of "{{operation}}" has no unit',
      cellNotNumber: '{{percentile}} target of "{{operation}}" is not a number with a unit',
      proseNoUnit: 'Latency target "{{target}}" has no unit',
      noSection: 'No section for SLO targets ({{where}})',
      noLatency: 'No latency targets in "{{section}}"',
      noAvailability: 'No availability target in "{{section}}"',
      noTargets: 'No latency or availability targets in "{{section}}"',
      noMetric: 'No {{metric}} target in "{{section}}"',
    },
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
    // The named sections say where the hint points, not where targets must live:
    // look there first, then in the rest of the document.
    const scopes = sectionsNamed(model, profile, options.sections);
    const inNamed = (s: Section) => scopes.some((scope) => model.contains(scope, s));
    const where = options.sections.length ? options.sections.map(quote).join(' or ') : 'the spec';
    let found = inspect(model, profile, options, inNamed, scopes.map((s) => model.textOf(s)).join('\n'));
    const wholeDoc = scopes.includes(model.root);
    if (!found.ok && found.tables === 0 && !wholeDoc) {
      const elsewhere = inspect(model, profile, options, (s) => !inNamed(s), model.textOf(model.root));
      found = {...elsewhere, findings: [...found.findings, ...elsewhere.findings]};
    }
    for (const finding of found.findings) report(finding);

    if (scopes.length === 0 && !found.ok && found.tables === 0) {
      report({
        messageId: 'noSection',
        data: {where},
        hint: `Add a ${quote(options.sections[0] ?? 'Performance')} section stating latency percentiles with units (p95 < 200ms) or availability (99.9%)`,
      });
      return;
    }
    const anchor = scopes[0] ?? model.root;
    const anchorName = anchor === model.root ? 'the spec' : excerpt(anchor.title);
    if (!found.ok && found.tables === 0) {
      report({
        messageId: options.require === 'latency' ? 'noLatency' : options.require === 'availability' ? 'noAvailability' : 'noTargets',
        data: {section: anchorName},
        at: anchor === model.root ? undefined : anchor,
        hint: 'State targets with units: a table with P50 / P95 / P99 columns ("< 200ms"), or "p95 < 200ms", "99.9% availability"',
      });
    }

    // Each further metric: in the named sections, else in the sections that
    // state an SLO target. Not anywhere: metric patterns are loose ("512 MB"
    // reads as memory), and a pod's memory limit or a disk size elsewhere is
    // not a target.
    const namedText = scopes.map((s) => model.textOf(s)).join('\n');
    const targetText = wholeDoc ? '' : targetSections(model, scopes).map((s) => model.textOf(s)).join('\n');
    for (const metric of options.metrics) {
      const re = compilePattern(metric.pattern, 'iu');
      if (re.test(namedText) || re.test(targetText)) continue;
      report({
        messageId: 'noMetric',
        data: {metric: metric.label, section: anchorName},
        at: anchor === model.root ? undefined : anchor,
        hint: `State the ${metric.label} target${metric.example ? `, e.g. ${quote(metric.example)}` : ''}`,
      });
    }
  },
});
