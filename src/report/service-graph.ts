/**
 * The service graph in the HTML report: the graph `speclint graph` prints
 * (src/system/graph.ts's model: specs as nodes, dependency rows and events
 * between specs as edges), drawn as inline SVG so the page stays one
 * self-contained file with no script (no mermaid bundle, nothing fetched),
 * and its mermaid source in a <details> block to paste elsewhere.
 *
 * Shown when a system-* rule ran on some spec and at least two specs have
 * facts (those the lint read; merged shard records carry none, and their
 * specs are parsed again): the marks on the edges are the report's own
 * system-* findings, at the severity the run gave them.
 *
 * Layout: layers left to right by the longest path over the edges (a cycle
 * is broken at the edge that closes it, in file order), nodes in a layer
 * ordered by the barycentre of their neighbours. An edge to a later layer is
 * a curve from the right side of one box to the left of the other; an edge
 * back or within a layer is routed below the boxes. Synchronous calls are
 * solid, asynchronous ones dashed, events dotted; an edge (or a node, for an
 * availability target) with findings is drawn in the error colour with
 * the findings in its <title> tooltip.
 *
 * Hooks: `svg.service-graph`; each node `g.node` with `data-file`,
 * `data-service`, `data-findings` (rule ids, space-separated); each edge
 * `g.edge` with class `sync`, `async` or `event` (and `flagged`),
 * `data-from`, `data-to` (files), `data-label`, `data-findings`.
 *
 * Over 300 lines: gathering, laying out and drawing the graph are one
 * feature whose steps share the boxes' geometry (Box and its gaps).
 */
import {readFileSync} from 'node:fs';
import {resolve} from 'node:path';
import type {FileResult} from '../engine/lint.js';
import {builtinProfiles} from '../profiles/built-in.js';
import type {Profile} from '../profiles/types.js';
import type {SystemFinding} from '../system/checks.js';
import {serviceGraph, toMermaid, type ServiceGraph} from '../system/graph.js';
import {isSystemRuleId, type SystemRuleId} from '../system/ids.js';
import type {SpecFacts} from '../system/model.js';
import {factsOfText} from '../system/run.js';
import {htmlEscape} from './escape.js';
import type {ReportContext} from './types.js';

export const SERVICE_GRAPH_STYLE = `
.graph{padding:12px;background:var(--bg)}
.service-graph{display:block;font:12px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
.service-graph .node rect{fill:var(--head);stroke:var(--muted);stroke-width:1.2}
.service-graph .node.flagged rect{stroke:var(--fail);stroke-width:2.5;fill:var(--fail-bg)}
.service-graph .node .name{font-weight:600;fill:var(--fg)}
.service-graph .node .file{fill:var(--muted);font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:10.5px}
.service-graph .edge path{fill:none;stroke:var(--muted);stroke-width:1.5}
.service-graph .edge.async path{stroke-dasharray:7 4}
.service-graph .edge.event path{stroke-dasharray:2 3}
.service-graph .edge.flagged path{stroke:var(--fail);stroke-width:2.5}
.service-graph .edge text{fill:var(--muted);font-size:10.5px;paint-order:stroke;stroke:var(--bg);stroke-width:4px;stroke-linejoin:round}
.service-graph .edge.flagged text{fill:var(--fail);font-weight:600}
.service-graph .edge:hover path{stroke-width:3.5}
.service-graph marker path{fill:var(--muted)}
.service-graph marker.flagged path{fill:var(--fail)}
.graph-legend svg{vertical-align:middle;margin-right:4px}
.graph-legend line{stroke:var(--muted);stroke-width:2}
.graph-legend line.bad{stroke:var(--fail)}
details.mermaid-source{margin:8px 0}
details.mermaid-source pre{background:var(--head);border:1px solid var(--line);border-radius:6px;padding:8px 12px;overflow-x:auto}
`;

/** What the report's graph is drawn from: the specs' facts and the report's system-* findings. */
export interface ReportGraph {
  graph: ServiceGraph;
  /** The findings on the graph, by rule id and file (for the tooltips). */
  findings: SystemFinding[];
  mermaid: string;
}

/**
 * The graph of the report's specs (undefined when no system-* rule ran or fewer than two specs have
 * facts), from the facts the lint run read, else (merged shard records carry none) from the spec parsed again.
 */
export function reportGraph(results: FileResult[], context: Pick<ReportContext, 'cwd' | 'sourceOf' | 'run'>): ReportGraph | undefined {
  if (!results.some((r) => r.rulesRun.some(isSystemRuleId))) return undefined;
  // The run's profiles (built-in and configured) when the report is of a lint run; else the built-in ones.
  const profiles: ReadonlyMap<string, Profile> = context.run?.config?.profiles ?? builtinProfiles();
  const facts: SpecFacts[] = [];
  const read = new Map((context.run?.facts ?? []).map((f) => [f.file, f]));
  for (const result of results) {
    const known = read.get(result.filePath);
    if (known) {
      facts.push(known);
      continue;
    }
    let text = context.sourceOf?.(result.filePath);
    if (text === undefined && !context.sourceOf) {
      try {
        text = readFileSync(resolve(context.cwd, result.filePath), 'utf8').replace(/^\uFEFF/, '');
      } catch {
        text = undefined;
      }
    }
    if (text === undefined) continue;
    try {
      const f = factsOfText(result, text, profiles);
      if (f) facts.push(f);
    } catch {
      // A spec whose text cannot be read again takes no part.
    }
  }
  if (facts.length < 2) return undefined;
  const findings: SystemFinding[] = results.flatMap((r) =>
    r.messages
      .filter((m) => m.ruleId !== null && isSystemRuleId(m.ruleId))
      .map((m) => ({ruleId: m.ruleId as SystemRuleId, file: r.filePath, line: m.line, column: m.column, message: m.message, hint: m.hint ?? ''})),
  );
  const graph = serviceGraph(facts, findings);
  return {graph, findings, mermaid: toMermaid(graph)};
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const NODE_H = 44;
const ROW_GAP = 56;
const COL_GAP = 190;
const PAD = 24;
const BELOW = 70; // room under the boxes for edges routed back

/** Layers and box positions (see the module comment). */
export function layoutGraph(graph: ServiceGraph): {boxes: Box[]; layer: number[]; width: number; height: number} {
  const n = graph.nodes.length;
  const out = new Map<number, number[]>();
  for (const e of graph.edges) if (e.from !== e.to) out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
  // Break cycles: depth first in node order; an edge to a node on the stack closes a cycle and is left out of the layering.
  const state = new Array<0 | 1 | 2>(n).fill(0);
  const forward: Array<[number, number]> = [];
  const visit = (v: number) => {
    state[v] = 1;
    for (const w of out.get(v) ?? []) {
      if (state[w] === 1) continue;
      forward.push([v, w]);
      if (state[w] === 0) visit(w);
    }
    state[v] = 2;
  };
  for (let v = 0; v < n; v++) if (state[v] === 0) visit(v);
  // Longest path from a source: relax until stable (a DAG of at most n layers).
  const layer = new Array<number>(n).fill(0);
  for (let changed = true, rounds = 0; changed && rounds <= n; rounds++) {
    changed = false;
    for (const [a, b] of forward) {
      if (layer[b]! < layer[a]! + 1) {
        layer[b] = layer[a]! + 1;
        changed = true;
      }
    }
  }
  const layers: number[][] = [];
  for (let v = 0; v < n; v++) (layers[layer[v]!] ??= []).push(v);
  const dense = layers.filter((l) => l && l.length);
  dense.forEach((l, i) => l.forEach((v) => (layer[v] = i)));
  // Order within layers: a few sweeps by the barycentre of the neighbours in the layer before (then after).
  const neighbours = (v: number) => graph.edges.flatMap((e) => (e.from === v ? [e.to] : e.to === v ? [e.from] : [])).filter((w) => w !== v);
  const position = new Array<number>(n).fill(0);
  const place = () => dense.forEach((l) => l.forEach((v, i) => (position[v] = i)));
  place();
  for (let sweep = 0; sweep < 4; sweep++) {
    const order = sweep % 2 === 0 ? dense.slice(1) : dense.slice(0, -1).reverse();
    for (const l of order) {
      const key = new Map(l.map((v) => {
        const ws = neighbours(v).filter((w) => Math.abs(layer[w]! - layer[v]!) === 1);
        return [v, ws.length ? ws.reduce((s, w) => s + position[w]!, 0) / ws.length : position[v]!] as const;
      }));
      l.sort((a, b) => key.get(a)! - key.get(b)! || a - b);
      l.forEach((v, i) => (position[v] = i));
    }
  }
  const widthOf = (v: number) => {
    const node = graph.nodes[v]!;
    return Math.max(120, Math.ceil(Math.max(node.name.length * 7.4, node.file.length * 6.5)) + 24);
  };
  const rows = Math.max(...dense.map((l) => l.length));
  const colWidth = dense.map((l) => Math.max(...l.map(widthOf)));
  const boxes: Box[] = new Array(n);
  let x = PAD;
  dense.forEach((l, i) => {
    const offset = ((rows - l.length) * (NODE_H + ROW_GAP)) / 2;
    l.forEach((v, row) => {
      const w = widthOf(v);
      boxes[v] = {x: x + (colWidth[i]! - w) / 2, y: PAD + offset + row * (NODE_H + ROW_GAP), w, h: NODE_H};
    });
    x += colWidth[i]! + COL_GAP;
  });
  const width = x - COL_GAP + PAD;
  const height = PAD + rows * (NODE_H + ROW_GAP) - ROW_GAP + BELOW + PAD;
  return {boxes, layer, width, height};
}

const r1 = (v: number) => Math.round(v * 10) / 10;

/** The SVG of the graph; `findings` give the tooltips' text. */
export function graphSvg(report: ReportGraph): string {
  const {graph, findings} = report;
  const {boxes, layer, width, height} = layoutGraph(graph);
  const rulesText = (ids: string[], files: string[]) =>
    ids.flatMap((id) => {
      const found = findings.filter((f) => f.ruleId === id && files.includes(f.file) && files.every((other) => other === f.file || f.message.includes(other)));
      return found.length ? found.map((f) => `⚠ ${id} (${f.file}:${f.line}): ${f.message}`) : [`⚠ ${id}`];
    });
  const out: string[] = [];
  out.push(
    `<svg class="service-graph" xmlns="http://www.w3.org/2000/svg" width="${r1(width)}" height="${r1(height)}" viewBox="0 0 ${r1(width)} ${r1(height)}" role="img" aria-label="Service graph: ${graph.nodes.length} services, ${graph.edges.length} edges">`,
    '<defs>',
    '<marker id="sg-arrow" class="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0L10,5L0,10z"/></marker>',
    '<marker id="sg-arrow-flagged" class="arrow flagged" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="10" markerHeight="10" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0L10,5L0,10z"/></marker>',
    '</defs>',
  );
  // Edges between the same two nodes (either way) are spread apart.
  const pairKey = (a: number, b: number) => (a < b ? `${a}-${b}` : `${b}-${a}`);
  const pairCount = new Map<string, number>();
  for (const e of graph.edges) pairCount.set(pairKey(e.from, e.to), (pairCount.get(pairKey(e.from, e.to)) ?? 0) + 1);
  const pairSeen = new Map<string, number>();
  for (const e of graph.edges) {
    const a = boxes[e.from]!;
    const b = boxes[e.to]!;
    const key = pairKey(e.from, e.to);
    const k = pairSeen.get(key) ?? 0;
    pairSeen.set(key, k + 1);
    const spread = (k - (pairCount.get(key)! - 1) / 2) * 30;
    let d: string;
    let mid: {x: number; y: number};
    if (e.from === e.to) {
      const x0 = a.x + a.w * 0.3;
      const x1 = a.x + a.w * 0.7;
      const y = a.y + a.h;
      d = `M${r1(x0)},${r1(y)} C${r1(x0)},${r1(y + 40)} ${r1(x1)},${r1(y + 40)} ${r1(x1)},${r1(y)}`;
      mid = {x: (x0 + x1) / 2, y: y + 30};
    } else if (layer[e.to]! > layer[e.from]!) {
      const p0 = {x: a.x + a.w, y: a.y + a.h / 2 + spread / 2.5};
      const p3 = {x: b.x, y: b.y + b.h / 2 + spread / 2.5};
      const dx = Math.max(40, (p3.x - p0.x) / 2);
      const p1 = {x: p0.x + dx, y: p0.y + spread};
      const p2 = {x: p3.x - dx, y: p3.y + spread};
      d = `M${r1(p0.x)},${r1(p0.y)} C${r1(p1.x)},${r1(p1.y)} ${r1(p2.x)},${r1(p2.y)} ${r1(p3.x)},${r1(p3.y)}`;
      mid = {x: (p0.x + 3 * p1.x + 3 * p2.x + p3.x) / 8, y: (p0.y + 3 * p1.y + 3 * p2.y + p3.y) / 8};
    } else {
      // Back (or within a layer): out of the bottom of one box, under the others, into the bottom of the other.
      const p0 = {x: a.x + a.w / 2 + spread, y: a.y + a.h};
      const p3 = {x: b.x + b.w / 2 + spread, y: b.y + b.h};
      const depth = Math.max(p0.y, p3.y) + 40 + Math.abs(spread);
      d = `M${r1(p0.x)},${r1(p0.y)} C${r1(p0.x)},${r1(depth)} ${r1(p3.x)},${r1(depth)} ${r1(p3.x)},${r1(p3.y)}`;
      mid = {x: (p0.x + p3.x) / 2, y: (p0.y + 6 * depth + p3.y) / 8};
    }
    const flagged = e.findings.length > 0;
    const from = graph.nodes[e.from]!;
    const to = graph.nodes[e.to]!;
    const what = e.kind === 'event' ? `event ${e.label}` : `${e.kind === 'sync' ? 'synchronous call' : 'asynchronous call'}${e.label ? ` (${e.label})` : ''}`;
    const title = [`${from.name} → ${to.name}: ${what}`, ...rulesText(e.findings, [from.file, to.file])].join('\n');
    const label = [e.label, ...(flagged ? ['⚠'] : [])].filter(Boolean).join(' ');
    out.push(
      `<g class="edge ${e.kind}${flagged ? ' flagged' : ''}" data-from="${htmlEscape(from.file)}" data-to="${htmlEscape(to.file)}" data-label="${htmlEscape(e.label)}" data-findings="${htmlEscape(e.findings.join(' '))}">` +
        `<title>${htmlEscape(title)}</title>` +
        `<path d="${d}" marker-end="url(#${flagged ? 'sg-arrow-flagged' : 'sg-arrow'})"/>` +
        (label ? `<text x="${r1(mid.x)}" y="${r1(mid.y - 4)}" text-anchor="middle">${htmlEscape(label)}</text>` : '') +
        '</g>',
    );
  }
  graph.nodes.forEach((node, i) => {
    const box = boxes[i]!;
    const flagged = node.findings.length > 0;
    const title = [`${node.name} (${node.file})`, ...rulesText(node.findings, [node.file])].join('\n');
    out.push(
      `<g class="node${flagged ? ' flagged' : ''}" data-file="${htmlEscape(node.file)}" data-service="${htmlEscape(node.name)}" data-findings="${htmlEscape(node.findings.join(' '))}">` +
        `<title>${htmlEscape(title)}</title>` +
        `<rect x="${r1(box.x)}" y="${r1(box.y)}" width="${r1(box.w)}" height="${box.h}" rx="6"/>` +
        `<text class="name" x="${r1(box.x + box.w / 2)}" y="${r1(box.y + 19)}" text-anchor="middle">${htmlEscape(node.name)}${flagged ? ' ⚠' : ''}</text>` +
        `<text class="file" x="${r1(box.x + box.w / 2)}" y="${r1(box.y + 35)}" text-anchor="middle">${htmlEscape(node.file)}</text>` +
        '</g>',
    );
  });
  out.push('</svg>');
  return out.join('\n');
}

const legendLine = (dash: string, bad = false) =>
  `<svg width="34" height="8" aria-hidden="true"><line${bad ? ' class="bad"' : ''} x1="1" y1="4" x2="33" y2="4"${dash ? ` stroke-dasharray="${dash}"` : ''}/></svg>`;

/** The report's "Service graph" section, or '' when there is no graph to show. */
export function serviceGraphSection(results: FileResult[], context: Pick<ReportContext, 'cwd' | 'sourceOf' | 'run'>): string {
  const report = reportGraph(results, context);
  if (!report) return '';
  const flagged = report.graph.edges.filter((e) => e.findings.length).length + report.graph.nodes.filter((n) => n.findings.length).length;
  return [
    '<section id="graph">',
    '<h2>Service graph</h2>',
    `<p class="meta">${report.graph.nodes.length} services and ${report.graph.edges.length} dependencies and events between them, from the specs' dependency and event tables; ${flagged} marked with findings of the checks across specs. Hover an edge for its findings.</p>`,
    `<p class="legend graph-legend"><span>${legendLine('')}synchronous call</span><span>${legendLine('7 4')}asynchronous call</span><span>${legendLine('2 3')}event</span><span>${legendLine('', true)}has findings</span></p>`,
    `<div class="scroll graph">${graphSvg(report)}</div>`,
    '<details class="mermaid-source"><summary>Mermaid source (<code>speclint graph</code>)</summary>',
    `<pre><code>${htmlEscape(report.mermaid)}</code></pre>`,
    '</details>',
    '</section>',
  ].join('\n');
}
