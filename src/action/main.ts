/**
 * Entry point of the GitHub Action (bundled to action-dist/index.mjs by
 * scripts/build-action.mjs; action.yml runs that file).
 */
import {run} from './run.js';

await run();
