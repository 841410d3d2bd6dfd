/**
 * GitLab Code Quality (a CodeClimate subset): the report a job gives as
 * `artifacts: reports: codequality`, shown in merge requests
 * (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format).
 * Each fingerprint is a hash of the file, the rule and the message (and the
 * rank among identical findings in the file), not the line, so a finding
 * that moves is the same finding. Paths are relative to CI_PROJECT_DIR when
 * it is set, else to the working directory.
 */
import {createHash} from 'node:crypto';
import type {FileResult} from '../engine/lint.js';
import type {ReportContext} from './types.js';
import {workspacePath} from './github.js';

export function gitlabFingerprint(path: string, ruleId: string | null, message: string, occurrence: number): string {
  const parts = [path, ruleId ?? '', message];
  if (occurrence > 0) parts.push(String(occurrence));
  return createHash('sha256').update(parts.join('\0')).digest('hex');
}

export default function gitlab(results: FileResult[], context: ReportContext): string {
  const workspace = process.env['CI_PROJECT_DIR'];
  const issues: unknown[] = [];
  const add = (path: string, ruleId: string | null, message: string, severity: string, line: number, seen: Map<string, number>) => {
    const key = `${ruleId}\0${message}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    issues.push({
      type: 'issue',
      description: message,
      check_name: ruleId ?? 'speclint',
      fingerprint: gitlabFingerprint(path, ruleId, message, occurrence),
      severity,
      location: {path, lines: {begin: Math.max(1, line)}},
    });
  };
  for (const r of results) {
    const path = r.filePath === '<stdin>' ? r.filePath : workspacePath(r.filePath, context.cwd, workspace);
    const seen = new Map<string, number>();
    for (const m of r.messages) add(path, m.ruleId, m.message, m.fatal ? 'critical' : m.severity === 2 ? 'major' : 'minor', m.line, seen);
  }
  for (const problem of context.problems ?? []) {
    add(workspacePath(problem.path, context.cwd, workspace), null, `Cannot lint the file: ${problem.reason}`, 'blocker', 1, new Map());
  }
  return JSON.stringify(issues, null, 2) + '\n';
}
