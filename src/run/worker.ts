/**
 * A `--jobs` pool worker (see pool.ts). It loads the config and profiles
 * itself, from the config file the main thread resolved (so custom
 * profiles, inline or from files, are the same), then lints each batch of
 * files it is sent with the same `lintFile` as an in-process run and posts
 * the outcomes back. A failure is posted as a message (one line, like the
 * CLI prints it), not thrown.
 */
import {parentPort, workerData} from 'node:worker_threads';
import {loadConfig} from '../config/load.js';
import {describeError, UsageError} from '../lib/errors.js';
import type {PoolJob, WorkerReply} from './pool.js';
import {lintFile, type FileContext, type FileOutcome, type WorkerSetup} from './runner.js';

const setup = workerData as WorkerSetup;
const port = parentPort!;
let context: FileContext | undefined;

/**
 * For tests only: `SPECLINT_TEST_WORKER_FAULT=throw` makes a worker throw an
 * uncaught exception on its first batch, `exit` end its thread, so the
 * tests can check a failing worker gives one line and exit 2, never a hang.
 */
const fault = process.env['SPECLINT_TEST_WORKER_FAULT'];

port.on('message', async (batch: PoolJob[]) => {
  if (fault === 'exit') process.exit(70);
  if (fault === 'throw') {
    setImmediate(() => {
      throw new Error('injected worker fault (SPECLINT_TEST_WORKER_FAULT)');
    });
    return;
  }
  let reply: WorkerReply;
  try {
    context ??= {
      ...setup,
      config: loadConfig({
        cwd: setup.cwd,
        configPath: setup.configPath,
        useConfigFile: setup.configPath !== undefined,
        rules: setup.rules,
        profileFile: setup.profileFile,
      }),
    };
    const outcomes: Array<[number, FileOutcome]> = [];
    for (const job of batch) outcomes.push([job.index, await lintFile(job, context)]);
    reply = {type: 'done', outcomes};
  } catch (error) {
    reply = {type: 'failed', usage: error instanceof UsageError, message: describeError(error), stack: error instanceof Error ? error.stack : undefined};
  }
  try {
    port.postMessage(reply);
  } catch (error) {
    port.postMessage({type: 'failed', usage: false, message: describeError(error)} satisfies WorkerReply);
  }
});
