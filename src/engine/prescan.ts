/**
 * The pre-scan of the per-file budget (see budget.ts): one linear pass over
 * a document, before it is parsed, that refuses the shapes which make the
 * Markdown parser superlinear or recursive. Costs microseconds; the limits
 * and how they were measured are below.
 *
 * Over 300 lines: one pass whose counters (per block and per line) share
 * state; the limits and their calibration notes sit beside the counters
 * they bound.
 */

/**
 * Pre-scan limits. Each is far above what real specs hold (over the 126
 * fixtures, templates and calibration documents the largest values are:
 * nesting 2, 65 lines in a block, 144 emphasis runs, 7 `|` on a line, 120
 * in a table, a backtick scan of 950, 63 `]`, a 66-line diagram) and where
 * linting the pathological shape just inside it takes about a second of CPU
 * on this project's 2-core machines (scripts/budget-limits.ts measures
 * both; docs/benchmark.md has the figures). All but `depth` grow with
 * `maxFileTime` above its default, so raising the budget lets bigger files
 * through.
 */
export const PRESCAN_LIMITS = {
  /** Block quotes and list items nested in one another (`> > - > ...`). */
  depth: 100,
  /** Lines of one block (a paragraph, a table, a list item's text): consecutive non-blank lines outside code fences. */
  blockLines: 10_000,
  /** Runs of `*` or `_` that may open or close emphasis, in one block. */
  emphasis: 4_000,
  /** `|` on one line. */
  lineCells: 500,
  /** `|` in one block (the cells of one table). */
  tableCells: 10_000,
  /** Characters the parser scans for backtick runs that close no code span, in one block. */
  backticks: 10_000_000,
  /** `]` in one block (each makes the parser look back for its `[`). */
  brackets: 5_000,
  /** Lines of one mermaid diagram (mermaid's sequence diagram parser takes about 1 ms a line). */
  mermaidLines: 1_000,
} as const;

export type PrescanLimit = keyof typeof PRESCAN_LIMITS;

/** Why the pre-scan refused a file, and where. */
export interface Refusal {
  limit: PrescanLimit;
  /** One line: what the file holds, the limit, and that it was skipped. */
  message: string;
  line: number;
  column: number;
}

/** What the file holds, for the finding: `n` is the count when it is known in full, `limit` the limit it went over. */
const WHAT: Record<PrescanLimit, (n: string, limit: string) => string> = {
  depth: (n, limit) => `Block quotes and lists nested ${n} deep (more than ${limit}): too deep to parse; skipped`,
  blockLines: (_n, limit) => `More than ${limit} lines without a blank line: too slow to parse; skipped`,
  emphasis: (_n, limit) => `More than ${limit} runs of * or _ in one paragraph: too slow to parse; skipped`,
  lineCells: (n, limit) => `A line of ${n} | characters (more than ${limit}): too slow to parse; skipped`,
  tableCells: (_n, limit) => `A table of more than ${limit} cells: too slow to parse; skipped`,
  backticks: (n) => `${n} backtick runs that close no code span in one paragraph: too slow to parse; skipped`,
  brackets: (_n, limit) => `More than ${limit} ] in one paragraph: too slow to parse; skipped`,
  mermaidLines: (_n, limit) => `A mermaid diagram of more than ${limit} lines: too slow to check; skipped`,
};

const number = (n: number): string => n.toLocaleString('en-US');

/**
 * For tests only: `SPECLINT_TEST_NO_PRESCAN=1` turns the pre-scan off, so
 * the tests can reach the time limit and a stack overflow through the CLI
 * with the very documents the pre-scan would refuse.
 */
const NO_PRESCAN = process.env['SPECLINT_TEST_NO_PRESCAN'] === '1';

const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const GT = 62;
const STAR = 42;
const UNDERSCORE = 95;
const PIPE = 124;
const BACKTICK = 96;
const TILDE = 126;
const RBRACKET = 93;
const HASH = 35;

function isWhitespace(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR || Number.isNaN(c);
}

function isAlphanumeric(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 127;
}

/** The counters of one block (consecutive non-blank lines outside fences). */
interface Block {
  line: number;
  lines: number;
  emphasis: number;
  cells: number;
  brackets: number;
  /** Start offsets and lengths of its backtick runs, in order. */
  tickAt: number[];
  tickLength: number[];
  /** Offset just past its last line. */
  end: number;
}

/**
 * Characters micromark scans for code spans in a block: an opening run of
 * backticks scans ahead for a run of the same length; one that finds none
 * has scanned to the end of the paragraph. The sum of those scans, which
 * cmark's pathological "e`e``e```…" input makes cubic.
 */
function backtickScan(block: Block): {cost: number; unclosed: number} {
  const n = block.tickAt.length;
  const next = new Int32Array(n).fill(-1);
  const lastOfLength = new Map<number, number>();
  for (let i = n - 1; i >= 0; i--) {
    const length = block.tickLength[i]!;
    next[i] = lastOfLength.get(length) ?? -1;
    lastOfLength.set(length, i);
  }
  let cost = 0;
  let unclosed = 0;
  for (let i = 0; i < n; ) {
    const j = next[i]!;
    if (j >= 0) {
      cost += block.tickAt[j]! - block.tickAt[i]!;
      i = j + 1;
    } else {
      cost += block.end - block.tickAt[i]!;
      unclosed++;
      i++;
    }
  }
  return {cost, unclosed};
}

/**
 * Look through a document, in one linear pass and without parsing it, for
 * a shape that would make parsing it too slow or too deep (see
 * `PRESCAN_LIMITS`). `scale` multiplies every limit but `depth` (the
 * budget over its default, at least 1). Code fences are skipped (their
 * content is not parsed as Markdown) except that a mermaid fence's lines
 * are counted. With `stats`, nothing is refused: the largest value of each
 * measure is recorded there instead (for calibration).
 */
export function prescan(text: string, scale = 1, stats?: Record<PrescanLimit, number>): Refusal | undefined {
  if (NO_PRESCAN && !stats) return undefined;
  const limits = {} as Record<PrescanLimit, number>;
  for (const name of Object.keys(PRESCAN_LIMITS) as PrescanLimit[]) {
    limits[name] = name === 'depth' ? PRESCAN_LIMITS.depth : Math.floor(PRESCAN_LIMITS[name] * Math.max(1, scale));
  }
  const limit = (name: PrescanLimit) => limits[name];
  /** Whether `value` goes over the limit; with `stats`, record the largest value instead and never refuse. */
  const over = (name: PrescanLimit, value: number): boolean => {
    if (!stats) return value > limits[name];
    stats[name] = Math.max(stats[name] ?? 0, value);
    return false;
  };
  const refuse = (name: PrescanLimit, count: number, line: number, column = 1): Refusal => ({
    limit: name,
    message: WHAT[name](number(count), number(limit(name))),
    line,
    column,
  });

  const length = text.length;
  let block: Block | undefined;
  const closeBlock = (): Refusal | undefined => {
    if (!block) return undefined;
    const b = block;
    block = undefined;
    if (b.tickAt.length > 0) {
      const {cost, unclosed} = backtickScan(b);
      if (over('backticks', cost)) return refuse('backticks', unclosed, b.line);
    }
    return undefined;
  };

  // An open code fence: its character, length, the `>` depth and the list indentation it opened in.
  let fence: {char: number; size: number; quotes: number; indent: number; mermaid: boolean; line: number; lines: number} | undefined;

  // Without a CR anywhere, a line ends at the next LF (found natively, the fast path).
  const hasCR = text.includes('\r');
  let line = 0;
  for (let start = 0; start < length || (start === length && line === 0); ) {
    line++;
    let end: number;
    if (hasCR) {
      end = start;
      while (end < length) {
        const c = text.charCodeAt(end);
        if (c === LF || c === CR) break;
        end++;
      }
    } else {
      end = text.indexOf('\n', start);
      if (end < 0) end = length;
    }
    const next = end < length ? (text.charCodeAt(end) === CR && text.charCodeAt(end + 1) === LF ? end + 2 : end + 1) : length + 1;

    // The container prefix: `>` markers, list markers and the indentation between them.
    // `lead` is the indentation right after the last `>` (at `afterQuotes`), `listIndent` the column
    // where the innermost list item's content starts (relative to the last `>`).
    let i = start;
    let depth = 0;
    let quotes = 0;
    let listIndent = 0;
    let lead = -1;
    let afterQuotes = start;
    for (;;) {
      let width = 0;
      while (i < end) {
        const c = text.charCodeAt(i);
        if (c === SPACE) width++;
        else if (c === TAB) width += 4 - (width % 4);
        else break;
        i++;
      }
      if (lead < 0) {
        lead = width;
        afterQuotes = i;
      }
      if (i >= end) break;
      const c = text.charCodeAt(i);
      if (c === GT) {
        depth++;
        quotes++;
        listIndent = 0;
        lead = -1;
        i++;
        continue;
      }
      if (fence) break; // Inside a fence only the `>` markers count.
      const after = i + 1 < end ? text.charCodeAt(i + 1) : SPACE;
      if ((c === 45 || c === 43 || c === STAR) && (after === SPACE || after === TAB)) {
        depth++;
        listIndent += width + 2;
        i++;
        continue;
      }
      if (c >= 48 && c <= 57) {
        let j = i;
        while (j < end && j - i < 9 && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
        const mark = j < end ? text.charCodeAt(j) : 0;
        const gap = j + 1 < end ? text.charCodeAt(j + 1) : SPACE;
        if ((mark === 46 || mark === 41) && (gap === SPACE || gap === TAB)) {
          depth++;
          listIndent += width + (j - i) + 2;
          i = j + 1;
          continue;
        }
      }
      break;
    }
    const blank = i >= end;

    if (fence) {
      // A fence ends at its closing line, or where its container does (fewer `>`, or a line less indented than its list item).
      const ended = quotes < fence.quotes || (afterQuotes < end && lead < fence.indent);
      if (!ended) {
        let run = 0;
        while (afterQuotes + run < end && text.charCodeAt(afterQuotes + run) === fence.char) run++;
        let rest = afterQuotes + run;
        while (rest < end && isWhitespace(text.charCodeAt(rest))) rest++;
        if (run >= fence.size && rest >= end) {
          fence = undefined;
        } else if (fence.mermaid && over('mermaidLines', ++fence.lines)) {
          return refuse('mermaidLines', fence.lines, fence.line);
        }
        start = next;
        continue;
      }
      fence = undefined;
      // The line is outside the fence: read its prefix again, list markers included.
      line--;
      continue;
    }
    if (over('depth', depth)) return refuse('depth', depth, line);

    if (blank) {
      const refused = closeBlock();
      if (refused) return refused;
      start = next;
      continue;
    }

    const first = text.charCodeAt(i);
    if (first === BACKTICK || first === TILDE) {
      let run = 0;
      while (i + run < end && text.charCodeAt(i + run) === first) run++;
      const info = text.slice(i + run, end);
      if (run >= 3 && !(first === BACKTICK && info.includes('`'))) {
        const refused = closeBlock();
        if (refused) return refused;
        fence = {char: first, size: run, quotes, indent: listIndent, mermaid: /^\s*mermaid\b/i.test(info), line, lines: 0};
        start = next;
        continue;
      }
    }
    if (first === HASH) {
      // An ATX heading is a block of its own.
      const refused = closeBlock();
      if (refused) return refused;
    }

    block ??= {line, lines: 0, emphasis: 0, cells: 0, brackets: 0, tickAt: [], tickLength: [], end: 0};
    const b: Block = block;
    if (over('blockLines', ++b.lines)) return refuse('blockLines', b.lines, b.line);
    let pipes = 0;
    for (let k = i; k < end; k++) {
      const c = text.charCodeAt(k);
      if (c === PIPE) {
        pipes++;
      } else if (c === STAR || c === UNDERSCORE) {
        let r = k;
        while (r + 1 < end && text.charCodeAt(r + 1) === c) r++;
        const before = k > start ? text.charCodeAt(k - 1) : SPACE;
        const after = r + 1 < end ? text.charCodeAt(r + 1) : SPACE;
        // `_` inside a word (snake_case) and `*` between spaces neither open nor close emphasis.
        const inert = c === UNDERSCORE ? isAlphanumeric(before) && isAlphanumeric(after) : isWhitespace(before) && isWhitespace(after);
        if (!inert && over('emphasis', ++b.emphasis)) return refuse('emphasis', b.emphasis, b.line);
        k = r;
      } else if (c === BACKTICK) {
        let r = k;
        while (r + 1 < end && text.charCodeAt(r + 1) === BACKTICK) r++;
        b.tickAt.push(k);
        b.tickLength.push(r - k + 1);
        k = r;
      } else if (c === RBRACKET) {
        if (over('brackets', ++b.brackets)) return refuse('brackets', b.brackets, b.line);
      }
    }
    if (over('lineCells', pipes)) return refuse('lineCells', pipes, line);
    b.cells += pipes;
    if (over('tableCells', b.cells)) return refuse('tableCells', b.cells, b.line);
    b.end = end;
    if (first === HASH) {
      const refused = closeBlock();
      if (refused) return refused;
    }
    start = next;
  }
  return closeBlock();
}
