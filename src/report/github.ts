/**
 * GitHub Actions workflow commands, one per finding, so a plain
 * `speclint -f github` step in a workflow annotates the pull request:
 *
 *   ::error file=docs/a.md,line=46,endLine=46,col=34,endColumn=38,title=speclint(dependency-table)::Timeout ...
 *
 * Paths are relative to GITHUB_WORKSPACE when it is set (annotations must
 * name files relative to the repository root), else to the working directory.
 */
import {isAbsolute, relative, resolve, sep} from 'node:path';
import type {FileResult, LintMessage} from '../engine/lint.js';
import type {ReportContext} from './types.js';
import {escapeData, escapeProperty} from './escape.js';

/** A result's path relative to the workspace (or cwd), with forward slashes; absolute when outside it. */
export function workspacePath(filePath: string, cwd: string, workspace = process.env['GITHUB_WORKSPACE']): string {
  const base = workspace ? resolve(workspace) : cwd;
  const abs = resolve(cwd, filePath);
  const rel = relative(base, abs);
  const inside = rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
  const path = inside ? rel : abs;
  return sep === '/' ? path : path.split(sep).join('/');
}

/** The text of a finding for an annotation: the message, then its hint on the next line. */
export function annotationMessage(m: LintMessage): string {
  return m.hint ? `${m.message}\nHint: ${m.hint}` : m.message;
}

/**
 * Annotation position properties in the runner's order. Columns are only
 * valid on a one-line annotation, so a finding spanning lines gets lines only.
 */
export function positionProperties(m: LintMessage): Array<[string, number]> {
  const props: Array<[string, number]> = [['line', m.line]];
  const endLine = m.endLine ?? m.line;
  props.push(['endLine', endLine]);
  if (endLine === m.line) {
    props.push(['col', m.column]);
    if (m.endColumn !== undefined && m.endColumn >= m.column) props.push(['endColumn', m.endColumn]);
  }
  return props;
}

export function workflowCommand(file: string, m: LintMessage): string {
  const props: Array<[string, string | number]> = [['file', file], ...positionProperties(m), ['title', `speclint(${m.ruleId ?? 'speclint'})`]];
  const encoded = props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
  return `::${m.severity === 2 ? 'error' : 'warning'} ${encoded}::${escapeData(annotationMessage(m))}`;
}

/** Annotations of one kind (error, warning, notice) GitHub shows per step; it drops the rest silently. */
export const ANNOTATIONS_PER_STEP = 10;

export default function github(results: FileResult[], context: ReportContext): string {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const r of results) {
    const file = workspacePath(r.filePath, context.cwd);
    for (const m of r.messages) {
      lines.push(workflowCommand(file, m));
      if (m.severity === 2) errors++;
      else warnings++;
    }
  }
  if (errors > ANNOTATIONS_PER_STEP || warnings > ANNOTATIONS_PER_STEP) {
    lines.push(
      `::notice title=speclint::${escapeData(
        `speclint reported ${errors} errors and ${warnings} warnings; GitHub shows at most ${ANNOTATIONS_PER_STEP} error and ${ANNOTATIONS_PER_STEP} warning annotations per step, so some are not annotated. The step log lists every one; the speclint action (docs/github-action.md) puts them all in the job summary.`,
      )}`,
    );
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}
