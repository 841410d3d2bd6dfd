/** The kind of a mermaid diagram: its first keyword, with aliases folded (`graph` is `flowchart`). */
export const MERMAID_KINDS: Record<string, string> = {
  graph: 'flowchart',
  flowchart: 'flowchart',
  'flowchart-elk': 'flowchart',
  sequenceDiagram: 'sequenceDiagram',
  stateDiagram: 'stateDiagram',
  'stateDiagram-v2': 'stateDiagram',
  erDiagram: 'erDiagram',
  classDiagram: 'classDiagram',
  'classDiagram-v2': 'classDiagram',
  gantt: 'gantt',
  pie: 'pie',
  journey: 'journey',
  gitGraph: 'gitGraph',
  mindmap: 'mindmap',
  timeline: 'timeline',
  quadrantChart: 'quadrantChart',
  requirementDiagram: 'requirementDiagram',
  C4Context: 'C4',
  C4Container: 'C4',
  C4Component: 'C4',
  C4Dynamic: 'C4',
  C4Deployment: 'C4',
  'sankey-beta': 'sankey',
  'xychart-beta': 'xychart',
  'block-beta': 'block',
  'architecture-beta': 'architecture',
  'packet-beta': 'packet',
  kanban: 'kanban',
  radar: 'radar',
};

/**
 * The block with what mermaid strips before parsing (front matter, `%%`
 * comments and directives, leading blank lines) removed here instead, and
 * for each remaining line its 1-based line in the block: mermaid's error
 * lines count the stripped text, ours must count the block.
 */
export function mermaidParseInput(source: string): {text: string; lines: number[]} {
  const all = source.split('\n');
  const kept: string[] = [];
  const lines: number[] = [];
  let start = 0;
  if (all[0]?.trim() === '---') {
    const end = all.findIndex((line, i) => i > 0 && line.trim() === '---');
    if (end > 0) start = end + 1;
  }
  let inDirective = false;
  for (let i = start; i < all.length; i++) {
    const line = all[i]!;
    const trimmed = line.trim();
    if (inDirective) {
      if (trimmed.endsWith('}%%')) inDirective = false;
      continue;
    }
    if (trimmed.startsWith('%%{') && !trimmed.endsWith('}%%')) {
      inDirective = true;
      continue;
    }
    if (trimmed.startsWith('%%')) continue;
    if (kept.length === 0 && trimmed === '') continue;
    kept.push(line);
    lines.push(i + 1);
  }
  return {text: kept.join('\n'), lines};
}

/** The diagram's declared kind and the 1-based line inside the block that declares it. */
export function mermaidKind(source: string): {keyword: string; kind: string | undefined; line: number} | undefined {
  const {text, lines} = mermaidParseInput(source);
  const first = text.split('\n')[0]!.trim();
  if (!first) return undefined;
  const keyword = first.split(/[\s;:]/)[0]!;
  return {keyword, kind: MERMAID_KINDS[keyword], line: lines[0]!};
}

/** States named in a stateDiagram's transitions (`A --> B: event`), [*] excluded. */
export function stateDiagramStates(source: string): Set<string> {
  const states = new Set<string>();
  for (const line of source.split('\n')) {
    const m = /^\s*([\w.[\]*-]+)\s*-->\s*([\w.[\]*-]+)/.exec(line);
    if (!m) continue;
    for (const s of [m[1]!, m[2]!]) if (s !== '[*]') states.add(s);
  }
  return states;
}
