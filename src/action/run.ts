/**
 * The GitHub Action: lint the specs in the workspace, annotate the most
 * important findings (within GitHub's per-step caps), list every finding in
 * the job summary and the log, optionally write SARIF, set the outputs, and
 * fail the step by `fail-on` / `max-warnings`.
 *
 * It only reads: Markdown, the speclint config (JSON or YAML, never code),
 * the event payload, and `git diff`. Nothing from the checked repository is
 * executed, so it is safe on `pull_request_target`.
 */
import * as core from '@actions/core';
import {randomUUID} from 'node:crypto';
import {existsSync, mkdirSync, statSync, writeFileSync} from 'node:fs';
import {dirname, relative, resolve, sep} from 'node:path';
import {describeError, UsageError} from '../lib/errors.js';
import type {FileResult} from '../engine/lint.js';
import {packageVersion} from '../lib/paths.js';
import {formatStylish} from '../report/stylish.js';
import {annotationMessage, positionProperties} from '../report/github.js';
import {toSarif} from '../report/sarif.js';
import {ruleCatalogue} from '../engine/registry.js';
import {runLint} from '../run/runner.js';
import {Confinement} from '../lib/confine.js';
import {Chalk} from '../lib/vendor.js';
import {ANNOTATIONS_PER_KIND, planAnnotations, rankFinding, type Finding} from './annotations.js';
import {baseTree, describeGitError, pullRequestChanges, readPullRequest, type ChangeSet, type PullRequestRefs} from './changes.js';
import {crossSpecFindings, systemRulesRan, type CrossSpecFinding} from './cross-spec.js';
import {globTest} from '../run/files.js';
import {readInputs, type ActionInputs} from './inputs.js';
import {buildSummary, SUMMARY_LIMIT} from './summary.js';
import {failures} from '../run/finish.js';

const CONFIG_PATHSPECS = ['*.speclintrc.json', '*.speclintrc.yaml', '*.speclintrc.yml'];
const MARKDOWN_PATHSPECS = ['*.md', '*.markdown'];

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function oneLine(text: string): string {
  return text.split(/\r?\n/)[0]!.trim();
}

function annotationProperties(f: Finding): core.AnnotationProperties {
  const m = f.message;
  const pos = Object.fromEntries(positionProperties(m));
  return {
    title: `speclint(${m.ruleId ?? 'speclint'})`,
    file: f.file,
    startLine: pos['line'],
    endLine: pos['endLine'],
    ...(pos['col'] !== undefined ? {startColumn: pos['col']} : {}),
    ...(pos['endColumn'] !== undefined ? {endColumn: pos['endColumn']} : {}),
  };
}

/** What the pull request changed, or why that is not known. */
function findChanges(workspace: string, inputs: ActionInputs): {changes?: ChangeSet; refs?: PullRequestRefs; why?: string} {
  const refs = readPullRequest(process.env['GITHUB_EVENT_PATH']);
  if ('reason' in refs) return {why: refs.reason};
  const pathspecs = [...MARKDOWN_PATHSPECS, ...CONFIG_PATHSPECS, ...(inputs.config ? [`:(literal)${inputs.config}`] : [])];
  try {
    return {changes: pullRequestChanges(workspace, refs, pathspecs), refs};
  } catch (error) {
    return {why: `git cannot tell what it changed: ${describeGitError(error)}; check out with actions/checkout "fetch-depth: 0"`};
  }
}

/** Runs the action; never throws (a failure fails the step with one line). */
export async function run(): Promise<void> {
  try {
    await lintAndReport();
  } catch (error) {
    if (error instanceof UsageError) {
      core.setFailed(`speclint: ${oneLine(error.message)}`);
    } else {
      core.setFailed(`speclint: internal error: ${oneLine(describeError(error))} (please report it)`);
      if (error instanceof Error && error.stack) core.debug(error.stack);
    }
  }
}

async function lintAndReport(): Promise<void> {
  const inputs = readInputs();
  const workspace = resolve(process.env['GITHUB_WORKSPACE'] || process.cwd());
  const {changes, refs, why} = findChanges(workspace, inputs);
  if (!changes) core.debug(`speclint: pull request changes unknown: ${why}`);
  if (inputs.onlyChanged && !changes) {
    core.notice(`only-changed: cannot tell which files the pull request changed (${why}), so every file is checked.`, {title: 'speclint'});
  }

  const lint = await runLint({
    cwd: workspace,
    patterns: inputs.files,
    configPath: inputs.config,
    profile: inputs.profile,
    errorOnUnmatchedPattern: true,
    // A pull request controls the specs, the config and its paths, and can add symbolic links.
    confine: new Confinement(workspace, 'the workspace'),
  });
  let results: FileResult[] = lint.results;
  let problems = lint.problems;
  let skipped = lint.skipped;
  let scope: string | undefined;
  let cross: CrossSpecFinding[] = [];
  if (inputs.onlyChanged && changes) {
    const configPath = lint.config.path ? toPosix(relative(workspace, lint.config.path)) : undefined;
    if (configPath && changes.files.has(configPath)) {
      scope = `The pull request changes the config (${configPath}), so every file was checked, not only the changed ones.`;
    } else {
      const changed = (p: string) => changes.files.has(toPosix(p));
      results = results.filter((r) => changed(r.filePath));
      problems = problems.filter((p) => changed(p.path));
      skipped = skipped.filter((s) => changed(s.path));
      const markdown = [...changes.files].filter((f) => /\.(md|markdown)$/i.test(f)).length;
      scope = `Only the files this pull request changed were checked (only-changed): ${plural(markdown, 'changed Markdown file')}.`;
      // The checks across specs ran over every spec: what this change causes in the specs it does not touch is reported too.
      if (refs && systemRulesRan(lint.results)) {
        try {
          cross = await crossSpecFindings({
            workspace,
            results: lint.results,
            facts: lint.facts ?? [],
            config: lint.config,
            forcedProfile: inputs.profile,
            changes,
            base: () => baseTree(workspace, refs, MARKDOWN_PATHSPECS),
            ...(inputs.files.length ? {inScope: globTest([...inputs.files, ...inputs.files.map((p) => `${p.replace(/\/+$/, '')}/**`)], workspace)} : {}),
          });
        } catch (error) {
          core.notice(`only-changed: cannot tell which findings across specs this change causes in the specs it does not touch (${describeGitError(error)}).`, {title: 'speclint'});
        }
      }
    }
    core.info(`speclint: ${scope}`);
  }
  // The untouched specs with findings this change causes, holding only those findings (for the log and SARIF).
  const crossResults: FileResult[] = [...new Set(cross.map((c) => c.file))].map((file) => {
    const messages = cross.filter((c) => c.file === file).map((c) => c.message);
    const result = lint.results.find((r) => toPosix(r.filePath) === file)!;
    return {
      ...result,
      messages,
      errorCount: messages.filter((m) => m.severity === 2).length,
      warningCount: messages.filter((m) => m.severity !== 2).length,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
      suppressedMessages: undefined,
    };
  });

  const findings: Finding[] = results.flatMap((r) => {
    const file = toPosix(r.filePath);
    return r.messages.map((message) => ({file, message, rank: rankFinding(file, message, changes)}));
  });
  const errorCount = [...results, ...crossResults].reduce((n, r) => n + r.errorCount, 0);
  const warningCount = [...results, ...crossResults].reduce((n, r) => n + r.warningCount, 0);
  const total = errorCount + warningCount;

  // Decide the outcome first: the failure message is itself an error annotation.
  // The exit rules are the CLI's (run/finish.ts), with fail-on choosing which findings fail.
  const reasons: string[] = [];
  if (problems.length) reasons.push(`${plural(problems.length, 'file')} could not be linted`);
  for (const failure of failures([...results, ...crossResults], {failOn: inputs.failOn, maxWarnings: inputs.maxWarnings})) {
    if (failure.kind === 'errors') reasons.push(`${plural(failure.errors, 'error')} (fail-on: error)`);
    else if (failure.kind === 'findings') reasons.push(`${plural(failure.errors, 'error')} and ${plural(failure.warnings, 'warning')} (fail-on: warning)`);
    else reasons.push(`${plural(failure.warnings, 'warning')}, more than max-warnings ${failure.maxWarnings}`);
  }

  // The full list in the log, with workflow commands switched off around it:
  // the messages quote text from the specs, which must not act as commands.
  if (total > 0 || problems.length) {
    core.startGroup(`speclint: ${plural(errorCount, 'error')}, ${plural(warningCount, 'warning')} in ${plural(results.length, 'file')}`);
    const token = randomUUID();
    core.info(`::stop-commands::${token}`);
    core.info(formatStylish(results, new Chalk({level: 0}), {filesLinted: results.length, skipped: skipped.length, ignored: lint.ignored.length, unreadable: problems.length}).trimEnd());
    if (crossResults.length) {
      core.info(`Findings across specs this change causes in ${plural(crossResults.length, 'spec')} it does not touch:`);
      core.info(formatStylish(crossResults, new Chalk({level: 0}), {filesLinted: crossResults.length, skipped: 0, ignored: 0, unreadable: 0}).trimEnd());
    }
    for (const p of problems) core.info(`${p.path}: ${p.reason}`);
    core.info(`::${token}::`);
    core.endGroup();
  } else {
    core.info(`speclint: no problems in ${plural(results.length, 'file')}`);
  }

  let annotated: {errors: number; warnings: number; total: number} | undefined;
  if (inputs.annotations) {
    let errorSlots = ANNOTATIONS_PER_KIND - (reasons.length ? 1 : 0);
    const problemNotes = problems.slice(0, Math.max(0, errorSlots));
    for (const p of problemNotes) core.error(p.reason, {title: 'speclint', file: toPosix(p.path)});
    errorSlots -= problemNotes.length;
    const plan = planAnnotations(findings, errorSlots);
    for (const f of plan.errors) core.error(annotationMessage(f.message), annotationProperties(f));
    for (const f of plan.warnings) core.warning(annotationMessage(f.message), annotationProperties(f));
    const omitted = plan.omittedErrors + plan.omittedWarnings + (problems.length - problemNotes.length);
    if (omitted > 0) {
      annotated = {errors: plan.errors.length, warnings: plan.warnings.length, total};
      const where = inputs.summary && process.env['GITHUB_STEP_SUMMARY'] ? 'The job summary and the step log list' : 'The step log lists';
      core.notice(
        `speclint found ${plural(errorCount, 'error')} and ${plural(warningCount, 'warning')}; GitHub shows at most ${ANNOTATIONS_PER_KIND} error and ${ANNOTATIONS_PER_KIND} warning annotations per step, ` +
          `so ${plan.errors.length} errors and ${plan.warnings.length} warnings are annotated${changes ? ' (those on lines this pull request changed first)' : ''} and ${omitted} are not. ${where} every finding.`,
        {title: 'speclint: more findings than annotations'},
      );
    }
  }

  const summaryPath = process.env['GITHUB_STEP_SUMMARY'];
  if (inputs.summary && summaryPath) {
    const server = process.env['GITHUB_SERVER_URL'];
    const repository = process.env['GITHUB_REPOSITORY'];
    const sha = changes?.headSha ?? process.env['GITHUB_SHA'];
    const lineUrl =
      server && repository && sha
        ? (file: string, line: number) => `${server}/${repository}/blob/${sha}/${file.split('/').map(encodeURIComponent).join('/')}#L${line}`
        : undefined;
    const existing = existsSync(summaryPath) ? statSync(summaryPath).size : 0;
    const specs = results.map((r) => ({file: toPosix(r.filePath), profile: r.profile, findings: findings.filter((f) => f.file === toPosix(r.filePath))}));
    const html = buildSummary(
      {
        specs,
        errorCount,
        warningCount,
        filesChecked: results.length,
        skipped: skipped.length,
        ignored: lint.ignored.length,
        problems,
        scope,
        annotated,
        changesKnown: Boolean(changes),
        lineUrl,
        ...(cross.length ? {crossSpec: cross} : {}),
      },
      SUMMARY_LIMIT - existing,
    );
    await core.summary.addRaw(html).write();
  }

  let sarifPath = '';
  if (inputs.sarifFile) {
    sarifPath = resolve(workspace, inputs.sarifFile);
    const rules = ruleCatalogue();
    try {
      mkdirSync(dirname(sarifPath), {recursive: true});
      writeFileSync(sarifPath, JSON.stringify(toSarif([...results, ...crossResults], {cwd: workspace, rules, version: packageVersion()}), null, 2) + '\n');
    } catch (error) {
      throw new UsageError(`cannot write sarif-file ${inputs.sarifFile}: ${(error as NodeJS.ErrnoException).code ?? describeError(error)}`);
    }
  }

  core.setOutput('error-count', errorCount);
  core.setOutput('warning-count', warningCount);
  core.setOutput('files-checked', results.length);
  core.setOutput('sarif-file', sarifPath);

  if (reasons.length) core.setFailed(`speclint: ${reasons.join('; ')}`);
}
