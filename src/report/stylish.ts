import type {ChalkInstance} from 'chalk';
import type {FileResult} from '../engine/lint.js';
import type {ReportContext, Summary} from './types.js';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Visible width of a string that may hold colour codes. */
function width(text: string): number {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, '').length;
}

/**
 * Terminal report grouped by file, in ESLint's stylish layout, so the parsers
 * written for ESLint read it (setup-node's eslint-stylish problem matcher,
 * reviewdog's `-f=eslint` errorformat): the file line is the path alone, each
 * finding is `  LINE:COL  error|warning  MESSAGE  RULE-ID`, messages
 * aligned. What ESLint has not (the profile and why, each finding's fix
 * hint) comes after the file's findings, on dim lines no such parser takes
 * for a finding:
 *
 *   docs/a.md
 *     46:34  error  Timeout "5000" of "Kafka" is not a duration  dependency-table
 *
 *     46:34  hint: Write the timeout with a unit, such as 5s
 *     profile: service-design (detected from headings: ...)
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
    out.push('', chalk.underline(result.filePath));
    const where = result.messages.map((m) => `${m.line}:${m.column}`);
    const whereWidth = Math.max(...where.map((w) => w.length));
    const messageWidth = Math.max(...result.messages.map((m) => width(m.message)));
    result.messages.forEach((m, i) => {
      const level = m.severity === 2 ? chalk.red('error  ') : chalk.yellow('warning');
      const message = m.ruleId ? m.message + ' '.repeat(messageWidth - width(m.message)) : m.message;
      out.push(`  ${chalk.dim(where[i]!.padEnd(whereWidth))}  ${level}  ${message}${m.ruleId ? `  ${chalk.dim(m.ruleId)}` : ''}`);
    });
    const notes: string[] = [];
    result.messages.forEach((m, i) => {
      if (m.hint) notes.push(chalk.dim(`  ${where[i]!.padEnd(whereWidth)}  hint: ${m.hint}`));
    });
    if (result.profile) notes.push(chalk.dim(`  profile: ${result.profile.name} (${result.profile.reason})`));
    if (notes.length) out.push('', ...notes);
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
