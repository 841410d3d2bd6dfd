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

/** The diagram's declared kind and the 1-based line inside the block that declares it. */
export function mermaidKind(source: string): {keyword: string; kind: string | undefined; line: number} | undefined {
  const lines = source.split('\n');
  let inFrontMatter = false;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!.trim();
    if (i === 0 && text === '---') {
      inFrontMatter = true;
      continue;
    }
    if (inFrontMatter) {
      if (text === '---') inFrontMatter = false;
      continue;
    }
    if (!text || text.startsWith('%%')) continue;
    const keyword = text.split(/[\s;:]/)[0]!;
    return {keyword, kind: MERMAID_KINDS[keyword], line: i + 1};
  }
  return undefined;
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
