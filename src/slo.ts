/**
 * Reading latency targets out of a spec: tables with percentile columns
 * (P50/P95/P99) and an optional Timeout column, each cell parsed to ms.
 */
import type {SpecModel, SpecTable, TableCell} from './model.js';
import {parseDuration} from './text.js';

export const PERCENTILE_HEADER = /^p(\d{2}(?:\.\d+)?)$/i;

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
