/**
 * Text helpers shared by the model, the profiles and the rules: heading
 * normalisation, duration parsing and fuzzy matching of checklist text.
 */

/**
 * Normalise a heading or column name for comparison: case, punctuation,
 * leading numbering (`3.`, `3.1`, `IV.`, `A)`) and `&`/`and` differences are
 * ignored, so `## 3. Scaling & Performance` matches `Scaling and performance`.
 */
export function normalizeName(text: string): string {
  if (text.length > NORMALIZED_MAX_LENGTH) return normalize(text);
  let hit = normalized.get(text);
  if (hit === undefined) {
    if (normalized.size >= NORMALIZED_MAX_ENTRIES) normalized.clear();
    hit = normalize(text);
    normalized.set(own(text), own(hit));
  }
  return hit;
}

// The same few hundred heading, column and profile names are normalised for
// every section, table header and matcher of every file: remembered, so each
// is normalised once a run. Bounded, and only short names, so that a run over
// thousands of specs does not keep every cell it compared: a heading's text
// is a slice of its file's text, and a slice kept keeps the whole file (V8
// shares the characters), so the map holds copies of its own.
const NORMALIZED_MAX_ENTRIES = 10_000;
const own = (s: string): string => (s.length < 13 ? s : JSON.parse(JSON.stringify(s)));
const NORMALIZED_MAX_LENGTH = 200;
const normalized = new Map<string, string>();

function normalize(text: string): string {
  let s = text.normalize('NFKC').toLowerCase().trim();
  // Leading section numbering: "3.", "3.1.2", "3)", "iv.", "a)" followed by space.
  s = s.replace(/^(?:\d+(?:\.\d+)*[.)]?|[ivxlc]+[.)]|[a-z][.)])\s+/u, '');
  s = s.replace(/&/g, ' and ');
  // Drop emoji / symbols / punctuation; keep letters and digits of any script.
  s = s.replace(/[^\p{L}\p{N}]+/gu, ' ');
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * Order two identifiers (rule ids, profile names) by code unit: stable across
 * machines and locales, and, unlike `localeCompare`, free of the ~13 ms it
 * takes to set up ICU's collator on the first call, a twentieth of a
 * one-file run.
 */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Similarity of two short texts in [0, 1]: the Dice coefficient over word
 * tokens, blended with character bigrams so small spelling changes
 * ("Scaling aproach defined") still match.
 */
export function similarity(a: string, b: string): number {
  const na = normalizeName(a);
  const nb = normalizeName(b);
  if (na === nb) return 1;
  if (!na || !nb) return 0;
  const ta = new Set(na.split(' '));
  const tb = new Set(nb.split(' '));
  let shared = 0;
  for (const t of ta) if (tb.has(t)) shared++;
  const tokenScore = (2 * shared) / (ta.size + tb.size);
  const ba = bigrams(na);
  const bb = bigrams(nb);
  let sharedB = 0;
  const pool = new Map<string, number>();
  for (const g of bb) pool.set(g, (pool.get(g) ?? 0) + 1);
  for (const g of ba) {
    const c = pool.get(g);
    if (c) {
      sharedB++;
      pool.set(g, c - 1);
    }
  }
  const bigramScore = ba.length + bb.length ? (2 * sharedB) / (ba.length + bb.length) : 0;
  return Math.max(tokenScore, bigramScore);
}

function bigrams(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length - 1; i++) out.push(s.slice(i, i + 2));
  return out;
}

const UNIT_MS: Record<string, number> = {
  ms: 1,
  msec: 1,
  msecs: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  hrs: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
  us: 0.001,
  µs: 0.001,
  μs: 0.001,
};

const DURATION = /^(\d+(?:\.\d+)?)\s*([a-zµμ]+)$/i;

/**
 * Parse a duration such as `5s`, `100ms`, `2 min`, `1.5 seconds` into
 * milliseconds. Returns `undefined` when the text is not a single duration
 * (a bare number has no unit, so it is not a duration either).
 */
export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text.trim().replace(/^[<≤~≈]=?\s*/, ''));
  if (!m) return undefined;
  const factor = UNIT_MS[m[2]!.toLowerCase()];
  if (factor === undefined) return undefined;
  return Number(m[1]) * factor;
}

const DURATION_IN_TEXT = /(\d+(?:\.\d+)?)\s*(ms|msecs?|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?)\b/gi;

/** Every duration written in a text, in ms and in order: `2s connect, 8s read` → [2000, 8000]. */
export function durationsIn(text: string): number[] {
  return [...text.matchAll(DURATION_IN_TEXT)].map((m) => parseDuration(`${m[1]}${m[2]}`)!);
}

/**
 * Most characters of a document's text a message quotes. A finding points
 * at its place in the file; the quote only has to recognise it, and a
 * message must never carry a whole line of a file (a pattern such as `\S.*`
 * would otherwise echo anything it matches into logs and annotations).
 */
export const QUOTE_MAX = 80;

/** Text for a message: on one line, at most `max` characters (code points), cut with an ellipsis. */
export function excerpt(text: string, max = QUOTE_MAX): string {
  const flat = text.replace(/\s*[\r\n\u2028\u2029\u0085]+\s*/g, ' ');
  const chars = Array.from(flat);
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/**
 * Text for a line of a log that the GitHub Actions runner reads for
 * workflow commands, on stderr: a file name or a message that carries a
 * line break (the next line could start with `::error`) or `##[` (an older
 * form of command the runner finds anywhere in a line). Line breaks and
 * other control characters are written as `\n`, `\xNN`; `##[` as `##\x5b`.
 */
export function logSafe(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? c : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`))
    .replace(/##\[/g, '##\\x5b');
}

/** Quote a name or a piece of the document for a message: `"Failure Modes"` (an excerpt of long text). */
export function quote(text: string): string {
  return `"${excerpt(text)}"`;
}

/** Count words in prose (used for minimum-content checks). */
export function wordCount(text: string): number {
  const m = text.match(/[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu);
  return m ? m.length : 0;
}


/** Blank out HTML comments, keeping offsets: guidance comments are not content. */
export function blankComments(html: string): string {
  return html.replace(/<!--[\s\S]*?(?:-->|$)/g, (c) => c.replace(/[^\n]/g, ' '));
}

/** Cell texts that mean "nothing written here". */
export const EMPTY_CELL_VALUES = ['', '-', '—', '–', '?', '...', '…'];

/** Drop a trailing parenthetical: `Timeout (ms)` → `Timeout`. */
export function withoutParenthetical(text: string): string {
  return text.replace(/\s*\([^()]*\)\s*$/, '');
}

/** The candidate closest to a misspelt name, for a "did you mean" (none when nothing is close). */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const spaced = (s: string) => s.replace(/[-_:.]/g, ' ');
  let best: string | undefined;
  let bestScore = 0.5;
  for (const candidate of candidates) {
    const score = similarity(spaced(candidate), spaced(name));
    if (score > bestScore) [best, bestScore] = [candidate, score];
  }
  return best;
}

/** ` (did you mean "x"?)` or nothing. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const close = closestName(name, candidates);
  return close ? ` (did you mean "${close}"?)` : '';
}
