/**
 * Reading latency targets out of a spec: tables with percentile columns
 * (P50/P95/P99) and an optional Timeout column, each cell parsed to ms.
 */
import type {Section, SpecModel, SpecTable, TableCell} from '../../src/engine/model.js';
import {parseDuration} from '../../src/lib/text.js';

export const PERCENTILE_HEADER = /^p(\d{2}(?:\.\d+)?)$/i;

/** A latency value with its unit: `40ms`, `< 1.5 s`. */
export const VALUE_WITH_UNIT = /\d+(?:\.\d+)?\s*(?:ms|s|sec|secs|seconds?|milliseconds?|µs|us|min|minutes?)\b/i;
// A percentile and a duration, in either order, with no other number between
// them: "p95 < 200ms", "P99 latency under 1.5 s", "< 200ms (p95)".
const PCT = String.raw`\bp(?:50|75|90|95|99(?:\.9+)?)\b`;
const DUR = String.raw`\d+(?:\.\d+)?\s*(?:ms|s|sec|seconds?|milliseconds?)\b`;
export const LATENCY_TEXT = new RegExp(`${PCT}[^\\n\\d]{0,30}?${DUR}|${DUR}[^\\n\\d]{0,20}?${PCT}`, 'i');
// An availability target is 90-100 %; "availability zones" are not one.
const AVAILABILITY_PCT = String.raw`(?:9\d(?:\.\d+)?|100(?:\.0+)?)\s*%`;
export const AVAILABILITY_TEXT = new RegExp(
  `${AVAILABILITY_PCT}[^\\n|\\d]{0,30}\\b(?:availability|uptime|available)\\b(?!\\s+zones?)|\\b(?:availability(?!\\s+zones?)|uptime|SLA|SLO)\\b[^\\n|\\d]{0,40}?${AVAILABILITY_PCT}`,
  'i',
);

/**
 * The sections, outside `except`, that state an SLO target (a latency table
 * with a value and a unit, "p95 < 200ms", "99.9% availability"), each taken
 * as the top-level section that holds it (a child of the title, or of the
 * document). slo-targets and slo-consistency read a profile's further
 * targets (throughput, memory ...) there when the sections the profile names
 * do not state them: where a spec writes its SLOs is where its other
 * targets are, and a rate limit in a dependency section is not one.
 */
export function targetSections(model: SpecModel, except: Section[] = []): Section[] {
  const out = new Set<Section>();
  const add = (section: Section) => {
    let top = section;
    while (top.parent && top.parent !== model.root && top.parent !== model.title) top = top.parent;
    if (top === model.root || top === model.title) return;
    if (!except.some((e) => model.contains(e, top))) out.add(top);
  };
  for (const run of model.texts) {
    if (run.kind === 'text' && (LATENCY_TEXT.test(run.value) || AVAILABILITY_TEXT.test(run.value))) add(run.section);
  }
  for (const table of model.tables) {
    const pcols = table.header.flatMap((h, i) => (PERCENTILE_HEADER.test(h.text.trim()) ? [i] : []));
    if (table.rows.some((row) => pcols.some((i) => VALUE_WITH_UNIT.test(row[i]?.text ?? '')) || LATENCY_TEXT.test(row.map((c) => c.text).join(' | ')))) add(table.section);
  }
  return [...out].sort((a, b) => a.index - b.index);
}

export interface LatencyRow {
  table: SpecTable;
  operation: string;
  /** Percentile columns in header order: label (P95), rank (95), cell and value in ms (undefined when unparseable). */
  percentiles: Array<{label: string; rank: number; cell: TableCell; ms: number | undefined}>;
  timeout?: {cell: TableCell; ms: number | undefined};
}

/** A target cell: "< 200ms", "≤ 1.5 s", "200 ms". */
export function targetMs(text: string): number | undefined {
  return parseDuration(text.replace(/^\s*(?:<=?|≤|under|below|~|≈)\s*/i, ''));
}

export function latencyRows(model: SpecModel): LatencyRow[] {
  const out: LatencyRow[] = [];
  for (const table of model.tables) {
    const pcols = table.header.flatMap((h, i) => {
      const m = PERCENTILE_HEADER.exec(h.text.trim());
      return m ? [{i, label: h.text.trim(), rank: Number(m[1])}] : [];
    });
    if (pcols.length === 0) continue;
    const timeoutAt = table.header.findIndex((h) => /^timeout\b/i.test(h.text.trim()));
    for (const row of table.rows) {
      out.push({
        table,
        operation: row[0]?.text ?? '',
        percentiles: pcols.flatMap(({i, label, rank}) => (row[i] ? [{label, rank, cell: row[i]!, ms: targetMs(row[i]!.text)}] : [])),
        timeout: timeoutAt >= 0 && row[timeoutAt] ? {cell: row[timeoutAt]!, ms: targetMs(row[timeoutAt]!.text)} : undefined,
      });
    }
  }
  return out;
}

export function formatMs(ms: number): string {
  if (ms >= 3_600_000 && ms % 360_000 === 0) return `${ms / 3_600_000} h`;
  if (ms >= 60_000 && ms % 6_000 === 0) return `${ms / 60_000} min`;
  return ms >= 1000 && ms % 100 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
