import type {ChalkInstance} from 'chalk';
import type {FileResult} from '../lint.js';
import type {ReportContext} from './index.js';

export interface Summary {
  filesLinted: number;
  skipped: number;
  ignored: number;
  /** Files that could not be linted (their errors go to stderr). */
  unreadable?: number;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Terminal report grouped by file, ESLint-stylish style, with each finding's
 * fix hint under it. Each file header names the profile used and why.
 */
export function formatStylish(results: FileResult[], chalk: ChalkInstance, summary: Summary): string {
  const out: string[] = [];
  let errors = 0;
  let warnings = 0;
  let filesWithProblems = 0;
  for (const result of results) {
    errors += result.errorCount;
    warnings += result.warningCount;
    if (result.messages.length === 0) continue;
    filesWithProblems++;
    const profile = result.profile ? chalk.dim(` (${result.profile.name}, ${result.profile.reason})`) : '';
    out.push('', chalk.underline(result.filePath) + profile);
    const width = Math.max(...result.messages.map((m) => `${m.line}:${m.column}`.length));
    for (const m of result.messages) {
      const where = `${m.line}:${m.column}`.padEnd(width);
      const level = m.severity === 2 ? chalk.red('error  ') : chalk.yellow('warning');
      out.push(`  ${chalk.dim(where)}  ${level}  ${m.message}  ${chalk.dim(m.ruleId ?? '')}`);
      if (m.hint) out.push(`  ${' '.repeat(width)}  ${' '.repeat(7)}  ${chalk.dim('hint: ' + m.hint)}`);
    }
  }
  const total = errors + warnings;
  const tail: string[] = [];
  tail.push(`${plural(summary.filesLinted, 'file')} linted`);
  if (summary.skipped) tail.push(`${summary.skipped} skipped as not specs (--verbose lists them)`);
  if (summary.ignored) tail.push(`${summary.ignored} ignored by config`);
  if (summary.unreadable) tail.push(`${summary.unreadable} could not be read (errors on stderr)`);
  out.push('');
  if (total === 0 && summary.unreadable) {
    out.push(chalk.red.bold(`✖ ${plural(summary.unreadable, 'file')} could not be linted`) + chalk.dim(` · ${tail.join(', ')}`));
  } else if (total === 0) {
    out.push(chalk.green(`✔ no problems`) + chalk.dim(` · ${tail.join(', ')}`));
  } else {
    const color = errors ? chalk.red.bold : chalk.yellow.bold;
    out.push(
      color(`✖ ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`) +
        chalk.dim(` in ${filesWithProblems} of ${tail.join(', ')}`),
    );
  }
  return out.join('\n').replace(/^\n/, '') + '\n';
}

export default function stylish(results: FileResult[], context: ReportContext): string {
  return formatStylish(results, context.chalk, context.summary);
}
