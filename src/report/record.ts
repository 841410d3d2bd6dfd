import type {FileResult} from '../engine/lint.js';
import {formatRecord} from '../run/shard.js';
import type {ReportContext} from './types.js';

/**
 * A run record, for `speclint merge-reports`: the run's results, skipped
 * and ignored files and problems, losslessly (see shard.ts).
 */
export default function record(results: FileResult[], context: ReportContext): string {
  if (!context.run) throw new Error('the record format needs the run it records');
  return formatRecord({...context.run, results}, context.cwd, context.version);
}
