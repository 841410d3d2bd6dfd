/**
 * What a pull request changed: the base and head commits from the event
 * payload, and from `git diff base...HEAD` the files and the lines of each
 * (in the checked-out tree, so they match the line numbers of findings).
 *
 * Only the `git` binary runs, with external diff drivers and textconv
 * filters turned off, and only on commit ids checked to be hex: nothing
 * the pull request contains is executed.
 */
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';

export interface PullRequestRefs {
  base: string;
  head: string;
  number?: number;
}

export interface ChangeSet {
  /** Files changed (added, modified or renamed), relative to the workspace, forward slashes. */
  files: Set<string>;
  /** Per file, the line ranges of the checked-out version the pull request added or changed (inclusive). */
  lines: Map<string, Array<[number, number]>>;
  /** The checked-out commit. */
  headSha: string;
}

const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** The base and head commits of the pull request the workflow runs for, or why there are none. */
export function readPullRequest(eventPath: string | undefined): PullRequestRefs | {reason: string} {
  if (!eventPath) return {reason: 'GITHUB_EVENT_PATH is not set'};
  let payload: {pull_request?: {number?: unknown; base?: {sha?: unknown}; head?: {sha?: unknown}}};
  try {
    payload = JSON.parse(readFileSync(eventPath, 'utf8'));
  } catch (error) {
    return {reason: `cannot read the event payload (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`};
  }
  const pr = payload?.pull_request;
  if (!pr) return {reason: 'the workflow was not triggered by a pull request'};
  const base = pr.base?.sha;
  const head = pr.head?.sha;
  if (typeof base !== 'string' || !SHA.test(base) || typeof head !== 'string' || !SHA.test(head)) {
    return {reason: 'the event payload has no valid pull_request.base.sha and pull_request.head.sha'};
  }
  return {base, head, ...(typeof pr.number === 'number' ? {number: pr.number} : {})};
}

class GitError extends Error {}

function git(cwd: string, args: string[]): string {
  try {
    return execFileSync('git', ['-c', 'core.quotePath=false', ...args], {
      cwd,
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', GIT_PAGER: 'cat', LC_ALL: 'C'},
    });
  } catch (error) {
    const e = error as {status?: number | null; stderr?: string; code?: string};
    if (e.code === 'ENOENT') throw new GitError('git is not installed');
    const line = (e.stderr ?? '').split('\n').find((l) => l.trim()) ?? `exit ${e.status}`;
    const err = new GitError(line.trim());
    (err as GitError & {status?: number | null}).status = e.status;
    throw err;
  }
}

/** Undo git's C-style quoting of a path (`"a\tb"`, octal escapes for bytes). */
export function unquoteGitPath(text: string): string {
  if (!text.startsWith('"') || !text.endsWith('"')) return text;
  const bytes: number[] = [];
  const body = text.slice(1, -1);
  const simple: Record<string, number> = {a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92};
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = body[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * Files and changed line ranges from `git diff --unified=0` output. A hunk
 * that only deletes lines marks the lines either side of the deletion, so a
 * finding about something removed (a missing section) counts as changed.
 */
export function parseUnifiedDiff(diff: string): Pick<ChangeSet, 'files' | 'lines'> {
  const files = new Set<string>();
  const lines = new Map<string, Array<[number, number]>>();
  let current: string | undefined;
  for (const line of diff.split('\n')) {
    if (line.startsWith('diff --git ')) {
      current = undefined;
    } else if (line.startsWith('+++ ')) {
      const target = line.slice(4).replace(/\t$/, '');
      if (target === '/dev/null') {
        current = undefined;
      } else {
        const path = unquoteGitPath(target);
        current = path.startsWith('b/') ? path.slice(2) : path;
        files.add(current);
        if (!lines.has(current)) lines.set(current, []);
      }
    } else if (current && line.startsWith('@@')) {
      const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (!m) continue;
      const start = Number(m[1]);
      const count = m[2] === undefined ? 1 : Number(m[2]);
      lines.get(current)!.push(count === 0 ? [Math.max(1, start), start + 1] : [start, start + count - 1]);
    }
  }
  return {files, lines};
}

/**
 * Ask git what the pull request changed in the checked-out tree. `base...HEAD`
 * diffs from the merge base, so it is the pull request's own change whether
 * the checkout is its head commit or GitHub's merge commit. Throws a
 * one-line reason when it cannot tell (a shallow clone without the base, a
 * checkout that is not the pull request).
 */
export function pullRequestChanges(workspace: string, refs: PullRequestRefs, pathspecs: string[]): ChangeSet {
  const headSha = git(workspace, ['rev-parse', '--verify', 'HEAD^{commit}']).trim();
  try {
    git(workspace, ['merge-base', '--is-ancestor', refs.head, 'HEAD']);
  } catch (error) {
    const status = (error as {status?: number | null}).status;
    if (status === 1) {
      throw new GitError(`the checked-out commit ${headSha.slice(0, 7)} does not contain the pull request head ${refs.head.slice(0, 7)}`);
    }
    throw error;
  }
  const diff = git(workspace, [
    'diff',
    '--no-color',
    '--no-ext-diff',
    '--no-textconv',
    '--unified=0',
    '--find-renames',
    '--diff-filter=AMR',
    '--relative',
    '--src-prefix=a/',
    '--dst-prefix=b/',
    `${refs.base}...HEAD`,
    '--',
    ...pathspecs,
  ]);
  return {...parseUnifiedDiff(diff), headSha};
}

export function describeGitError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Whether a finding spanning lines [start, end] touches a changed range. */
export function onChangedLines(ranges: Array<[number, number]> | undefined, start: number, end: number): boolean {
  return !!ranges?.some(([a, b]) => start <= b && end >= a);
}

/**
 * The tree without the pull request's change, as far as `pathspecs` go: the
 * commit `base...HEAD` diffs from (the merge base), the files the pull
 * request deleted there, and for each file it renamed, its old path. With the
 * files it added or modified (ChangeSet.files), that is everything needed to
 * rebuild the specs as they were: every other file is as checked out.
 */
export interface BaseTree {
  mergeBase: string;
  /** Deleted by the pull request (they exist only at the merge base). */
  deleted: string[];
  /** New path → path at the merge base, for renamed files. */
  renamedFrom: Map<string, string>;
  /** The file's bytes at the merge base, or undefined when it is not a blob there or is larger than `limit`. */
  read(path: string, limit: number): Buffer | undefined;
}

export function baseTree(workspace: string, refs: PullRequestRefs, pathspecs: string[]): BaseTree {
  const mergeBase = git(workspace, ['merge-base', refs.base, 'HEAD']).trim();
  if (!SHA.test(mergeBase)) throw new GitError(`git merge-base printed no commit id`);
  // -z: paths verbatim, NUL-separated: "R100\0old\0new\0", "D\0path\0".
  const status = git(workspace, ['diff', '--no-color', '--no-ext-diff', '--no-textconv', '--name-status', '-z', '--find-renames', '--diff-filter=DR', '--relative', `${refs.base}...HEAD`, '--', ...pathspecs]);
  const fields = status.split('\0');
  const deleted: string[] = [];
  const renamedFrom = new Map<string, string>();
  for (let i = 0; i < fields.length; ) {
    const kind = fields[i++] ?? '';
    if (kind.startsWith('R')) {
      const from = fields[i++]!;
      const to = fields[i++]!;
      renamedFrom.set(to, from);
    } else if (kind === 'D') {
      deleted.push(fields[i++]!);
    } else if (kind) {
      i++;
    }
  }
  const read = (path: string, limit: number): Buffer | undefined => {
    // `--relative` paths are relative to the workspace; `./` makes the object name relative to it too.
    const object = `${mergeBase}:./${path}`;
    try {
      const size = Number(git(workspace, ['cat-file', '-s', object]).trim());
      if (!(size <= limit)) return undefined;
      return execFileSync('git', ['cat-file', 'blob', object], {cwd: workspace, maxBuffer: limit + 1024, stdio: ['ignore', 'pipe', 'ignore'], env: {...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0'}});
    } catch {
      return undefined;
    }
  };
  return {mergeBase, deleted, renamedFrom, read};
}
