/**
 * The action's inputs, read from the INPUT_* environment variables the
 * runner sets and checked up front: a bad value fails the step with one
 * line naming the input and what it accepts.
 */
import * as core from '@actions/core';
import {UsageError} from '../lib/errors.js';

export type {FailOn} from '../run/finish.js';
import type {FailOn} from '../run/finish.js';

export interface ActionInputs {
  /** Files, directories or globs (empty: the config's `files`, else every Markdown file). */
  files: string[];
  config?: string;
  profile?: string;
  failOn: FailOn;
  maxWarnings?: number;
  annotations: boolean;
  summary: boolean;
  /** Where to write a SARIF report (relative to the workspace), or undefined for none. */
  sarifFile?: string;
  onlyChanged: boolean;
}

function bool(name: string, fallback: boolean): boolean {
  const value = core.getInput(name);
  if (value === '') return fallback;
  if (/^true$/i.test(value)) return true;
  if (/^false$/i.test(value)) return false;
  throw new UsageError(`input "${name}" must be true or false, not "${value}"`);
}

export function readInputs(): ActionInputs {
  const failOn = core.getInput('fail-on') || 'error';
  if (failOn !== 'error' && failOn !== 'warning' && failOn !== 'never') {
    throw new UsageError(`input "fail-on" must be error, warning or never, not "${failOn}"`);
  }
  const maxRaw = core.getInput('max-warnings');
  let maxWarnings: number | undefined;
  if (maxRaw !== '') {
    maxWarnings = Number(maxRaw);
    if (!/^\d+$/.test(maxRaw) || !Number.isSafeInteger(maxWarnings)) {
      throw new UsageError(`input "max-warnings" must be a whole number >= 0, not "${maxRaw}"`);
    }
  }
  const files = core
    .getInput('files')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  return {
    files,
    config: core.getInput('config') || undefined,
    profile: core.getInput('profile') || undefined,
    failOn,
    maxWarnings,
    annotations: bool('annotations', true),
    summary: bool('summary', true),
    sarifFile: core.getInput('sarif-file') || undefined,
    onlyChanged: bool('only-changed', false),
  };
}
