import type {ChalkInstance} from 'chalk';
import type {FileResult} from '../lint.js';
import {formatJson} from './json.js';
import {formatCompact, formatStylish, type Summary} from './stylish.js';

export const FORMATS = ['stylish', 'compact', 'json'] as const;
export type FormatName = (typeof FORMATS)[number];

export function format(name: FormatName, results: FileResult[], chalk: ChalkInstance, summary: Summary): string {
  switch (name) {
    case 'json':
      return formatJson(results);
    case 'compact':
      return formatCompact(results);
    default:
      return formatStylish(results, chalk, summary);
  }
}
