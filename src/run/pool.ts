/**
 * The worker pool behind `--jobs N`: N `worker_threads` workers, each
 * loading the config and profiles itself (src/run/worker.ts) from the same
 * config file, then linting the batches of files it is handed, one batch at
 * a time, until none are left. Work is handed out as workers free up, so a
 * few large files do not leave one worker busy while the others idle; each
 * outcome comes back with its index, so the caller gathers them in the
 * order of a serial run whatever the number of workers.
 *
 * Anything that goes wrong in a worker (an exception, a crash, an exit)
 * rejects the returned promise with the worker's error message and stops
 * every worker: the CLI turns it into the same one-line error and exit 2 as
 * the same failure in-process. A problem with a file (unreadable, binary,
 * too large) is an ordinary outcome, as in-process.
 */
import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {Worker} from 'node:worker_threads';
import {UsageError} from '../lib/errors.js';
import type {FileOutcome, WorkerSetup} from './types.js';

/** One file to lint: its index in the run's sorted list, its absolute path, and whether it was named explicitly. */
export interface PoolJob {
  index: number;
  path: string;
  explicit: boolean;
}

export type WorkerReply =
  | {type: 'done'; outcomes: Array<[number, FileOutcome]>}
  | {type: 'failed'; usage: boolean; message: string; stack?: string};

const workerScript = new URL('./worker.js', import.meta.url);

/**
 * Whether a pool can start: the compiled worker module must exist. Running
 * from the TypeScript sources (vitest in-process) there is none, and
 * callers lint in-process instead.
 */
export function poolAvailable(): boolean {
  return import.meta.url.endsWith('.js') && existsSync(fileURLToPath(workerScript));
}

/**
 * A smaller young generation than V8's default (48 MB) for each worker:
 * measured over the 600-spec benchmark corpus with 2 workers, peak RSS
 * 473 MB with the default and 397 MB with this, for the same CPU time
 * (40.5 s and 40.7 s). The old generation is left unlimited: a cap there
 * cost up to 40 % more CPU in garbage collection, and a huge file could
 * run a worker out of memory where an in-process run would not.
 *
 * The stack is the main thread's (V8's default, about 1 MB, where a
 * worker's default is 4 MB): a document nested deep enough to overflow it
 * gives the same file-budget finding in a worker as in-process, so the
 * output does not depend on `--jobs` (the pre-scan refuses such nesting
 * long before; see budget.ts).
 */
const WORKER_LIMITS = {maxYoungGenerationSizeMb: 16, stackSizeMb: 1};

/** Files per message to a worker: small enough to balance the tail, large enough that messaging is noise. */
function batchSize(files: number, workers: number): number {
  return Math.max(1, Math.min(8, Math.ceil(files / (workers * 16))));
}

export function lintInPool(
  jobs: PoolJob[],
  setup: WorkerSetup,
  size: number,
  onOutcome: (index: number, outcome: FileOutcome) => void,
): Promise<void> {
  return new Promise<void>((resolvePool, rejectPool) => {
    if (jobs.length === 0) return resolvePool();
    const perBatch = batchSize(jobs.length, size);
    const workers: Worker[] = [];
    let next = 0;
    let left = jobs.length;
    let settled = false;

    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      void Promise.allSettled(workers.map((w) => w.terminate())).then(() => (error ? rejectPool(error) : resolvePool()));
    };
    const feed = (worker: Worker) => {
      if (next >= jobs.length) return;
      const batch = jobs.slice(next, next + perBatch);
      next += batch.length;
      worker.postMessage(batch);
    };

    const count = Math.min(size, Math.ceil(jobs.length / perBatch));
    for (let i = 0; i < count; i++) {
      const worker = new Worker(workerScript, {workerData: setup, resourceLimits: WORKER_LIMITS});
      workers.push(worker);
      worker.on('message', (reply: WorkerReply) => {
        if (settled) return;
        if (reply.type === 'failed') {
          const error = reply.usage ? new UsageError(reply.message) : new Error(reply.message);
          if (reply.stack) error.stack = reply.stack;
          return finish(error);
        }
        try {
          for (const [index, outcome] of reply.outcomes) {
            onOutcome(index, outcome);
            left--;
          }
        } catch (error) {
          return finish(error instanceof Error ? error : new Error(String(error)));
        }
        if (left === 0) return finish();
        feed(worker);
      });
      worker.on('error', (error) => finish(error instanceof Error ? error : new Error(String(error))));
      worker.on('messageerror', (error) => finish(error));
      worker.on('exit', (code) => {
        if (!settled) finish(new Error(`a lint worker thread stopped unexpectedly (exit code ${code})`));
      });
      feed(worker);
    }
  });
}
