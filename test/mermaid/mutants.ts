/**
 * Seeded mutants of a mermaid diagram for test/mermaid-agreement.test.ts:
 * small edits of the kinds people make (a character lost or added, a line
 * lost, doubled or swapped, a word replaced by another diagram keyword, the
 * text cut short, a `+`/`-` after a sequence arrow). The same seed gives
 * the same mutants.
 */

/** mulberry32, as scripts/bench/corpus.mjs. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHARS = [...'[](){}<>|-=.:;"\'`%#&@~*+x,/\\ \n'];
const WORDS = [
  'end', 'subgraph', 'participant', 'activate', 'deactivate', 'Note', 'note', 'loop', 'else', 'alt', '-->', '->>', '-->>',
  '--x', '+', '-', '||--o{', '}|..|{', ':', '[*]', 'state', 'class', 'direction', 'TB', '{', '}', 'create', 'destroy', 'box',
  'classDef', 'style', 'linkStyle', 'click', '@{', '<<choice>>', '"', 'as', 'title', 'section', '|', '&',
];

export function mutants(text: string, count: number, seed: number): string[] {
  const rnd = prng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const out = new Set<string>();
  for (let tries = 0; out.size < count && tries < count * 20; tries++) {
    const lines = text.split('\n');
    const first = lines[0]!;
    const bodyLine = () => 1 + Math.floor(rnd() * Math.max(1, lines.length - 1));
    let m: string | undefined;
    switch (Math.floor(rnd() * 9)) {
      case 0: {
        const i = Math.floor(rnd() * text.length);
        m = text.slice(0, i) + text.slice(i + 1);
        break;
      }
      case 1: {
        const i = Math.floor(rnd() * (text.length + 1));
        m = text.slice(0, i) + pick(CHARS) + text.slice(i);
        break;
      }
      case 2:
        lines.splice(bodyLine(), 1);
        m = lines.join('\n');
        break;
      case 3: {
        const i = bodyLine();
        lines.splice(i, 0, lines[i] ?? '');
        m = lines.join('\n');
        break;
      }
      case 4: {
        const tokens = text.split(/(\s+)/);
        const words = tokens.flatMap((t, i) => (i > 0 && t.trim() ? [i] : []));
        if (words.length === 0) continue;
        tokens[pick(words)] = pick(WORDS);
        m = tokens.join('');
        break;
      }
      case 5:
        m = text.slice(0, first.length + Math.floor(rnd() * (text.length - first.length)));
        break;
      case 6: {
        const i = bodyLine();
        if (i + 1 >= lines.length) continue;
        [lines[i], lines[i + 1]] = [lines[i + 1]!, lines[i]!];
        m = lines.join('\n');
        break;
      }
      case 7:
        lines.splice(bodyLine(), 0, `    ${pick(WORDS)} ${pick(WORDS)}`);
        m = lines.join('\n');
        break;
      default: {
        const arrows = [...text.matchAll(/-->>|->>|-->|->|--x|-x|--\)|-\)/g)];
        if (arrows.length === 0) {
          const i = bodyLine();
          lines[i] = (lines[i] ?? '') + pick([' end', ' -->', ';', ' :']);
          m = lines.join('\n');
        } else {
          const a = pick(arrows);
          const at = a.index + a[0].length;
          m = text.slice(0, at) + pick(['+', '-', '+-', ' ', '>']) + text.slice(at);
        }
      }
    }
    if (m !== undefined && m !== text && m.trim()) out.add(m);
  }
  return [...out];
}
