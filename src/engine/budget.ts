/**
 * The per-file budget: no file can hold a run past `maxFileTime`, and none
 * can crash it by overflowing the stack. A file that would is one fatal
 * `file-budget` finding, and the run goes on with the others.
 *
 * Two mechanisms, chosen by measurement (docs/benchmark.md, "Per-file
 * budget"):
 *
 * 1. A linear pre-scan (`prescan`, in prescan.ts) refuses, before parsing, the shapes that
 *    make the Markdown parser (micromark with the GFM table extension, and
 *    mdast-util-from-markdown) superlinear or recursive: deep nesting, huge
 *    paragraphs, runs of emphasis markers, backtick runs, brackets, wide or
 *    long tables, huge mermaid diagrams. The limits sit far above what real
 *    specs hold and where parsing such a shape takes about a second on a
 *    2-core CI machine, so the refusal is the same on any machine and for
 *    any `--jobs`, and costs microseconds.
 * 2. A real time limit for whatever slips through (`within`): the
 *    synchronous part of linting a file (parse, model, detection and every
 *    synchronous rule) runs under `vm`'s watchdog, which interrupts it when
 *    the budget runs out, in-process as in a pool worker; the asynchronous
 *    tail (mermaid diagrams) checks the deadline between diagrams
 *    (`checkDeadline`). Interrupting costs nothing when it does not fire
 *    (one watchdog per file, about 50 µs), so in-process linting stays the
 *    fast path and no worker is started for it.
 */
import {createRequire} from 'node:module';
import vm from 'node:vm';

/** Default `maxFileTime`, in milliseconds. */
export const DEFAULT_MAX_FILE_TIME = 10_000;

/** Thrown when a file's budget runs out; `lintText` turns it into the finding. */
export class BudgetExceeded extends Error {
  override name = 'BudgetExceeded';
  constructor(readonly ms: number) {
    super(`took longer than ${formatMs(ms)} to lint`);
  }
}

export function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}

/** A "Maximum call stack size exceeded" RangeError (the parser or a tree walk recursed too deep). */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

const RUN = Symbol.for('speclint.budget.run');
let script: vm.Script | undefined;

/**
 * Run `fn` (synchronous) with a time limit of `ms`: past it, `fn` is
 * interrupted wherever it is (V8 terminates the running JavaScript) and
 * `BudgetExceeded` is thrown. What `fn` started and left unfinished is
 * dropped with it: it must keep no state outside what it returns.
 */
export function within<T>(ms: number, budget: number, fn: () => T): T {
  if (!Number.isFinite(ms)) return fn();
  if (ms <= 0) throw new BudgetExceeded(budget);
  script ??= new vm.Script(`globalThis[Symbol.for(${JSON.stringify(RUN.description)})]()`, {filename: 'speclint-budget.js'});
  const holder = globalThis as unknown as Record<symbol, unknown>;
  const previous = holder[RUN];
  holder[RUN] = fn;
  try {
    return script.runInThisContext({timeout: Math.max(1, Math.ceil(ms)), breakOnSigint: false}) as T;
  } catch (error) {
    if ((error as {code?: string} | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
      forgetInterruptedModules();
      throw new BudgetExceeded(budget);
    }
    throw error;
  } finally {
    holder[RUN] = previous;
  }
}

/**
 * A CommonJS module whose loading the time limit interrupted (a lazily
 * required parser, yaml say) stays in the require cache half evaluated, as
 * the loader's clean-up is skipped with everything else: drop it, so the
 * next file loads it afresh. Nothing else is loading at that point.
 */
const require = createRequire(import.meta.url);

function forgetInterruptedModules(): void {
  const cache = require.cache;
  for (const [key, module] of Object.entries(cache)) {
    if (module && !module.loaded) delete cache[key];
  }
}

/** A file's clock: started when linting it starts. */
export interface Clock {
  /** The budget, in ms (Infinity: none). */
  budget: number;
  deadline: number;
}

export function startClock(budget: number = DEFAULT_MAX_FILE_TIME): Clock {
  return {budget, deadline: performance.now() + budget};
}

export function remaining(clock: Clock): number {
  return clock.deadline - performance.now();
}

/** Give `ms` back to the file's budget: time spent on what the process does once (loading a parser), not on the file. */
export function excuse(clock: Clock | undefined, ms: number): void {
  if (clock) clock.deadline += ms;
}

/** Between asynchronous steps: throw `BudgetExceeded` once the deadline has passed. */
export function checkDeadline(clock: Clock | undefined): void {
  if (clock && performance.now() > clock.deadline) throw new BudgetExceeded(clock.budget);
}

// Character codes.
