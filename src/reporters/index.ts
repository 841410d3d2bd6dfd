/**
 * Report formats. Each format lives in its own module, loaded only when
 * asked for, so a one-file pre-commit run pays for the stylish reporter only.
 */
import type {ChalkInstance} from 'chalk';
import type {FileResult} from '../lint.js';
import type {RuleInfo} from '../rules.js';
import type {RecordedRun} from '../shard.js';
import type {Summary} from './stylish.js';

export type {RuleInfo};

export interface ReportContext {
  /** Directory file paths in results are relative to. */
  cwd: string;
  chalk: ChalkInstance;
  summary: Summary;
  /** Every rule (and engine finding id) speclint knows, for formats that describe rules. */
  rules: RuleInfo[];
  version: string;
  /** The run being reported (the record format writes it whole). */
  run?: RecordedRun;
}

export type Reporter = (results: FileResult[], context: ReportContext) => string;

const loaders: Record<string, () => Promise<{default: Reporter}>> = {
  stylish: () => import('./stylish.js'),
  compact: () => import('./compact.js'),
  json: () => import('./json.js'),
  sarif: () => import('./sarif.js'),
  github: () => import('./github.js'),
  junit: () => import('./junit.js'),
  html: () => import('./html.js'),
  markdown: () => import('./markdown.js'),
  record: () => import('./record.js'),
};

export function formatNames(): string[] {
  return Object.keys(loaders);
}

export async function loadReporter(name: string): Promise<Reporter> {
  const load = loaders[name];
  if (!load) throw new Error(`unknown format ${name}`);
  return (await load()).default;
}
