import type {FileResult, LintMessage} from '../engine/lint.js';
import type {ReportContext} from './types.js';
import {xmlAttr, xmlText} from './escape.js';

/**
 * JUnit XML for CI test-report views (GitLab, Jenkins, Azure Pipelines).
 *
 * - One `<testsuite>` per linted file (name = file path; the profile, how it
 *   was chosen and the warning count as `<property>` elements).
 * - One `<testcase>` per rule that ran on the file (classname = file path,
 *   name = rule id), plus one for any other id that reported a finding there
 *   (engine findings such as `profile-match`).
 * - Each error is a `<failure type="RULE" message="LINE:COL MESSAGE">` with
 *   the hint and docs URL in its body. A test case fails when its rule found
 *   at least one error; `failures` counts failed test cases, as JUnit does.
 * - Warnings do not fail a test case (they do not fail speclint either): they
 *   are listed in the test case's `<system-out>`, one per line.
 * - Files that could not be read are not in the results; when there are any,
 *   a `speclint` suite carries one `<error>` saying how many (the reasons
 *   are on stderr), so the CI report does not look green.
 */

function attrs(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join('');
}

/** The rule id a message is filed under. */
function ruleOf(m: LintMessage): string {
  return m.ruleId ?? 'speclint';
}

/** Rules that ran on a file, in run order, then ids that only appear on findings. */
export function rulesOf(result: FileResult): string[] {
  const ids = [...result.rulesRun];
  for (const m of result.messages) if (!ids.includes(ruleOf(m))) ids.push(ruleOf(m));
  return ids;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export default function junit(results: FileResult[], context: ReportContext): string {
  const docs = new Map(context.rules.map((r) => [r.id, r.url]));
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;

  for (const result of results) {
    const cases: string[] = [];
    let suiteFailures = 0;
    for (const id of rulesOf(result)) {
      const found = result.messages.filter((m) => ruleOf(m) === id);
      const errorsOfRule = found.filter((m) => m.severity === 2);
      const warningsOfRule = found.filter((m) => m.severity !== 2);
      const body: string[] = [];
      for (const m of errorsOfRule) {
        const url = m.url ?? docs.get(id);
        const detail = [m.hint ? `Hint: ${m.hint}` : '', url ? `Docs: ${url}` : ''].filter(Boolean).join('\n');
        body.push(
          `      <failure${attrs({type: id, message: `${m.line}:${m.column} ${m.message}`})}>${xmlText(detail)}</failure>`,
        );
      }
      if (warningsOfRule.length) {
        const lines = warningsOfRule.map((m) => `${m.line}:${m.column} warning ${m.message}${m.hint ? `\n  Hint: ${m.hint}` : ''}`);
        body.push(`      <system-out>${xmlText(lines.join('\n'))}</system-out>`);
      }
      if (errorsOfRule.length) suiteFailures++;
      const open = `    <testcase${attrs({classname: result.filePath, name: id, file: result.filePath})}`;
      cases.push(body.length ? `${open}>\n${body.join('\n')}\n    </testcase>` : `${open}/>`);
    }
    const properties = [
      `      <property${attrs({name: 'profile', value: result.profile?.name ?? 'none'})}/>`,
      ...(result.profile
        ? [
            `      <property${attrs({name: 'profile.source', value: result.profile.source})}/>`,
            `      <property${attrs({name: 'profile.reason', value: result.profile.reason})}/>`,
          ]
        : []),
      `      <property${attrs({name: 'errors', value: result.errorCount})}/>`,
      `      <property${attrs({name: 'warnings', value: result.warningCount})}/>`,
    ];
    const count = cases.length;
    tests += count;
    failures += suiteFailures;
    suites.push(
      [
        `  <testsuite${attrs({name: result.filePath, tests: count, failures: suiteFailures, errors: 0, skipped: 0})}>`,
        '    <properties>',
        ...properties,
        '    </properties>',
        ...cases,
        '  </testsuite>',
      ].join('\n'),
    );
  }

  const unreadable = context.summary.unreadable ?? 0;
  if (unreadable) {
    tests += 1;
    errors += 1;
    suites.push(
      [
        `  <testsuite${attrs({name: 'speclint', tests: 1, failures: 0, errors: 1, skipped: 0})}>`,
        `    <testcase${attrs({classname: 'speclint', name: 'read files'})}>`,
        `      <error${attrs({type: 'input', message: `${plural(unreadable, 'file')} could not be linted (the reasons are on speclint's stderr)`})}/>`,
        '    </testcase>',
        '  </testsuite>',
      ].join('\n'),
    );
  }

  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({name: 'speclint', tests, failures, errors})}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
