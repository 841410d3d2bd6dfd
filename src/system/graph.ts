/**
 * `speclint graph [files...] [--format mermaid|dot]`: the service graph of
 * the specs a run lints, as a mermaid flowchart (default) or Graphviz DOT.
 * Nodes are the specs (service name and file); edges are the dependency
 * rows that resolve to another spec (solid: synchronous, dashed:
 * asynchronous; the label gives the timeout and "critical") and the events
 * one spec publishes for or consumes from another (dotted, labelled with the
 * event). What the system checks find is marked on the edge (or, for an
 * availability target, the node) it is on, whether or not config turns the
 * rules on: the graph is a review aid, not a gate. Dependencies outside the
 * repository are left out.
 */
import {resolve as resolvePath} from 'node:path';
import type {CliIO} from '../cli/io.js';
import {runLint} from '../run/runner.js';
import {formatMs} from '../../rules/lib/slo.js';
import {systemFindings, resolver, type SystemFinding} from './checks.js';
import {nameKey, type SpecFacts} from './model.js';

export interface GraphEdge {
  from: number;
  to: number;
  kind: 'sync' | 'async' | 'event';
  label: string;
  /** Rule ids of the findings on this edge. */
  findings: string[];
}

export interface ServiceGraph {
  nodes: Array<{name: string; file: string; findings: string[]}>;
  edges: GraphEdge[];
}

/** The graph of `all` specs, with `findings` (the system checks' over the same specs) marked where they are. */
export function serviceGraph(all: SpecFacts[], findings: SystemFinding[] = systemFindings(all)): ServiceGraph {
  const resolve = resolver(all);
  const index = new Map(all.map((f, i) => [f, i]));
  const at = (file: string, line: number) => findings.filter((x) => x.file === file && x.line === line).map((x) => x.ruleId);
  const nodes = all.map((f) => ({
    name: f.service?.name ?? f.file,
    file: f.file,
    findings: f.availability ? at(f.file, f.availability.at.line) : [],
  }));
  const edges: GraphEdge[] = [];
  for (const spec of all) {
    const from = index.get(spec)!;
    for (const dep of spec.dependencies) {
      const callee = resolve(dep.name, spec);
      if (!callee) continue;
      const parts = [dep.timeoutMs !== undefined ? formatMs(dep.timeoutMs) : '', dep.critical ? 'critical' : ''].filter(Boolean);
      const marks = [...at(spec.file, dep.at.line), ...(dep.timeoutAt && dep.timeoutAt.line !== dep.at.line ? at(spec.file, dep.timeoutAt.line) : [])];
      edges.push({from, to: index.get(callee)!, kind: dep.sync ? 'sync' : 'async', label: parts.join(', '), findings: [...new Set(marks)]});
    }
  }
  // Events: publisher → consumer, once per event and pair, from either side's table.
  const seen = new Map<string, GraphEdge>();
  for (const spec of all) {
    for (const event of spec.events) {
      for (const peer of event.peers) {
        const other = resolve(peer, spec);
        if (!other) continue;
        const [publisher, consumer] = event.direction === 'published' ? [spec, other] : [other, spec];
        const key = `${index.get(publisher)}>${index.get(consumer)}>${nameKey(event.name)}`;
        const edge = seen.get(key) ?? {from: index.get(publisher)!, to: index.get(consumer)!, kind: 'event' as const, label: event.name, findings: []};
        if (!seen.has(key)) {
          seen.set(key, edge);
          edges.push(edge);
        }
        edge.findings = [...new Set([...edge.findings, ...at(spec.file, event.at.line)])];
      }
    }
  }
  return {nodes, edges};
}

const mermaidText = (text: string) => text.replace(/"/g, '#quot;').replace(/[<>]/g, (c) => (c === '<' ? '#lt;' : '#gt;'));

export function toMermaid(graph: ServiceGraph): string {
  const out = ['flowchart LR'];
  graph.nodes.forEach((n, i) => {
    // Rule ids need no escaping; names and paths do.
    const mark = n.findings.length ? `<br/>⚠ ${n.findings.join(', ')}` : '';
    out.push(`  n${i}["${mermaidText(n.name)}<br/>${mermaidText(n.file)}${mark}"]`);
  });
  const flagged: number[] = [];
  graph.edges.forEach((e, i) => {
    const label = [e.label, ...e.findings.map((f) => `⚠ ${f}`)].filter(Boolean).join(' ');
    const arrow = e.kind === 'sync' ? '-->' : '-.->';
    out.push(label ? `  n${e.from} ${arrow}|"${mermaidText(e.kind === 'event' ? `event ${label}` : label)}"| n${e.to}` : `  n${e.from} ${arrow} n${e.to}`);
    if (e.findings.length) flagged.push(i);
  });
  graph.nodes.forEach((n, i) => {
    if (n.findings.length) out.push(`  style n${i} stroke:#d00,stroke-width:2px`);
  });
  if (flagged.length) out.push(`  linkStyle ${flagged.join(',')} stroke:#d00,stroke-width:2px`);
  return out.join('\n') + '\n';
}

const dotText = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

export function toDot(graph: ServiceGraph): string {
  const out = ['digraph services {', '  rankdir=LR;', '  node [shape=box];'];
  graph.nodes.forEach((n, i) => {
    const label = [n.name, n.file, ...n.findings.map((f) => `⚠ ${f}`)].join('\n');
    out.push(`  n${i} [label=${dotText(label)}${n.findings.length ? ', color=red' : ''}];`);
  });
  for (const e of graph.edges) {
    const label = [e.kind === 'event' ? `event ${e.label}` : e.label, ...e.findings.map((f) => `⚠ ${f}`)].filter(Boolean).join('\n');
    const attrs = [`label=${dotText(label)}`, ...(e.kind === 'async' ? ['style=dashed'] : e.kind === 'event' ? ['style=dotted'] : []), ...(e.findings.length ? ['color=red'] : [])];
    out.push(`  n${e.from} -> n${e.to} [${attrs.join(', ')}];`);
  }
  out.push('}');
  return out.join('\n') + '\n';
}

/** `speclint graph`: its options are parsed in src/cli/main.ts. */
export async function graphCommand(patterns: string[], options: {format: 'mermaid' | 'dot'; config?: string; profile?: string}, io: CliIO): Promise<number> {
  const run = await runLint({
    cwd: io.cwd,
    patterns,
    configPath: options.config ? resolvePath(io.cwd, options.config) : undefined,
    profile: options.profile,
    jobs: 1,
    systemFacts: true,
  });
  for (const problem of run.problems) io.stderr(`speclint: ${problem.path}: ${problem.reason}\n`);
  const graph = serviceGraph(run.facts ?? []);
  io.stdout(options.format === 'dot' ? toDot(graph) : toMermaid(graph));
  return run.problems.length ? 2 : 0;
}
