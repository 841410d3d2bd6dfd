/**
 * A seeded generator of mutated specs for the fuzz suite (test/fuzz.test.ts):
 * start from a shipped fixture and apply one to four mutations a reviewer's
 * editor, a bad merge or a hostile pull request could make: lines deleted,
 * duplicated, swapped or repeated, Markdown punctuation inserted, the text
 * truncated, lines nested in quotes and lists (now and then past the
 * pre-scan's depth limit), table rows broken, headings moved, line endings
 * changed (lone CR included), front matter added, lint comments added,
 * lines spliced in from another spec. The same seed gives the same
 * documents on every machine.
 */

/** mulberry32: a small, fast, seedable PRNG (32-bit state). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;

const int = (rand: Rand, min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

const PUNCTUATION = [
  '*', '_', '**', '__', '***', '*_', '`', '``', '```', '~~~', '|', '||', ' | ', '[', ']', '](', '[x]: ', '(', ')', '<', '>', '> ', '- ', '* ', '+ ',
  '1. ', '2) ', '#', '## ', '###### ', '\\', '&amp;', '&#', '<!--', '-->', '<div>', '</div>', ':', '---', '===', '- [ ] ', '- [x] ', '**Trigger:**',
  '${input:name}', '[Service Name]', 'TODO', 'TBD', '\t', '\r', '\n', '\n\n', '\u00a0', '\u200b', '\ufeff', '💥', 'é', '\u0301', '<https://x.y>', '![a](b)',
] as const;

const RULE_IDS = ['required-sections', 'table-shape', 'no-placeholders', 'profile-match', 'file-budget', 'not-a-rule', 'dependency-tabel'];
const FRONT_MATTER = ['speclint: service-design', 'speclint: backend-spec', 'speclint: nope', 'profile: tech-spec', 'title: [1, 2', '!foo bar', ': :', 'a: *x', 'speclint: {profile: backend-design}', ''];

/** A document being mutated: its lines, and the line ending it will be joined with. */
interface Draft {
  eol: string;
}

type Mutation = (lines: string[], rand: Rand, others: readonly string[], draft: Draft) => string[];

const MUTATIONS: Record<string, Mutation> = {
  deleteLines(lines, rand) {
    const at = int(rand, 0, Math.max(0, lines.length - 1));
    return [...lines.slice(0, at), ...lines.slice(at + int(rand, 1, 5))];
  },
  duplicateLines(lines, rand) {
    const at = int(rand, 0, Math.max(0, lines.length - 1));
    const chunk = lines.slice(at, at + int(rand, 1, 8));
    return [...lines.slice(0, at), ...chunk, ...chunk, ...lines.slice(at + chunk.length)];
  },
  swapLines(lines, rand) {
    const out = [...lines];
    const a = int(rand, 0, out.length - 1);
    const b = int(rand, 0, out.length - 1);
    [out[a], out[b]] = [out[b]!, out[a]!];
    return out;
  },
  repeatLine(lines, rand) {
    const at = int(rand, 0, Math.max(0, lines.length - 1));
    return [...lines.slice(0, at), ...Array<string>(int(rand, 20, 400)).fill(lines[at] ?? ''), ...lines.slice(at)];
  },
  insertPunctuation(lines, rand) {
    const out = [...lines];
    for (let n = int(rand, 1, 6); n > 0; n--) {
      const at = int(rand, 0, Math.max(0, out.length - 1));
      const line = out[at] ?? '';
      const col = int(rand, 0, line.length);
      out[at] = line.slice(0, col) + pick(rand, PUNCTUATION).repeat(rand() < 0.1 ? int(rand, 2, 40) : 1) + line.slice(col);
    }
    return out;
  },
  truncate(lines, rand) {
    const text = lines.join('\n');
    return text.slice(0, int(rand, 0, text.length)).split('\n');
  },
  nest(lines, rand) {
    const at = int(rand, 0, Math.max(0, lines.length - 1));
    const prefix = pick(rand, ['> ', '>', '- ', '  ', '1. ', '* ', '    ', '\t']);
    // Now and then past the pre-scan's depth limit (100), to exercise the refusal.
    const depth = rand() < 0.15 ? int(rand, 95, 130) : int(rand, 1, 6);
    const count = int(rand, 1, 30);
    return lines.map((line, i) => (i >= at && i < at + count ? prefix.repeat(depth) + line : line));
  },
  breakTable(lines, rand) {
    const rows = lines.map((l, i) => [l, i] as const).filter(([l]) => l.includes('|'));
    if (rows.length === 0) return lines;
    const [line, i] = pick(rand, rows);
    const out = [...lines];
    const cells = line.split('|');
    const what = int(rand, 0, 3);
    if (what === 0) cells.splice(int(rand, 0, cells.length - 1), 1);
    else if (what === 1) cells.splice(int(rand, 0, cells.length), 0, pick(rand, [' ', ' x ', ':-', '---', ' `a|b` ', ' \\| ']));
    else if (what === 2) cells.forEach((c, k) => (cells[k] = c.replace(/-/g, '=')));
    else cells.push(...Array<string>(int(rand, 2, 60)).fill(' c '));
    out[i] = cells.join('|');
    return out;
  },
  moveHeading(lines, rand) {
    const headings = lines.map((l, i) => [l, i] as const).filter(([l]) => /^#{1,6} /.test(l));
    if (headings.length === 0) return lines;
    const [line, i] = pick(rand, headings);
    const out = [...lines];
    out[i] = rand() < 0.5 ? line.replace(/^#+/, '#'.repeat(int(rand, 1, 7))) : line.replace(/^#+ /, '');
    return out;
  },
  lineEndings(lines, rand, _others, draft) {
    draft.eol = pick(rand, ['\r\n', '\r', '\n\r', '\n\n']);
    return lines;
  },
  frontMatter(lines, rand) {
    return ['---', pick(rand, FRONT_MATTER), ...(rand() < 0.2 ? [] : ['---']), ...lines];
  },
  lintComment(lines, rand) {
    const at = int(rand, 0, lines.length);
    const comment = `<!-- lint ${pick(rand, ['disable', 'enable', 'ignore', 'disable-next-line', 'bogus'])} ${pick(rand, RULE_IDS)} -->`;
    return [...lines.slice(0, at), comment, ...lines.slice(at)];
  },
  splice(lines, rand, others) {
    const other = pick(rand, others).split('\n');
    const from = int(rand, 0, Math.max(0, other.length - 1));
    const at = int(rand, 0, lines.length);
    return [...lines.slice(0, at), ...other.slice(from, from + int(rand, 1, 40)), ...lines.slice(at)];
  },
};

const NAMES = Object.keys(MUTATIONS);
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export interface FuzzDocument {
  /** The fixture it started from (index into the base list). */
  base: number;
  /** The mutations applied, in order. */
  mutations: string[];
  text: string;
}

/**
 * Document `index` of the run seeded `seed`, from `bases` (the fixtures'
 * texts). Each document has its own PRNG, so any one can be regenerated
 * alone from (seed, index).
 */
export function fuzzDocument(bases: readonly string[], seed: number, index: number): FuzzDocument {
  const rand = random((seed * 0x9e3779b1 + index * 0x85ebca6b) >>> 0);
  const base = int(rand, 0, bases.length - 1);
  let lines = bases[base]!.split('\n');
  const mutations: string[] = [];
  const draft: Draft = {eol: '\n'};
  for (let n = int(rand, 1, 4); n > 0; n--) {
    const name = pick(rand, NAMES);
    mutations.push(name);
    lines = MUTATIONS[name]!(lines, rand, bases, draft);
  }
  // Files hold UTF-8: no lone surrogates (a cut through an emoji), so the CLI reads what lintText was given.
  return {base, mutations, text: lines.join(draft.eol).replace(LONE_SURROGATE, '\ufffd')};
}
