/**
 * YAML parsing that never prints. The `yaml` library reports warnings (an
 * unresolved tag such as `!foo`, a stringified collection key) through
 * `process.emitWarning`, which Node writes to stderr with the offending
 * source line at column 0: a document could put a GitHub workflow command
 * there (`::error ...`), outside any escaping. Its `logLevel: 'error'`
 * option keeps it quiet; the warnings are collected from the document and
 * returned, so each caller turns them into a finding or a config error.
 */
import {createRequire} from 'node:module';

export interface YamlProblem {
  /** The library's message, first line, without its "at line N, column M" suffix. */
  message: string;
  /** 1-based line and column inside the parsed text, when known. */
  line?: number;
  column?: number;
}

export interface ParsedYaml {
  data: unknown;
  warnings: YamlProblem[];
}

/** Thrown for the first error in the text (as `yaml.parse` would throw it). */
export class YamlError extends Error {
  override name = 'YamlError';
  constructor(
    readonly problem: YamlProblem,
  ) {
    super(problem.message);
  }
}

interface LibraryProblem {
  message: string;
  linePos?: Array<{line: number; col: number}>;
}

function describe(problem: LibraryProblem): YamlProblem {
  const first = problem.message.split('\n')[0] ?? '';
  const at = problem.linePos?.[0];
  return {message: first.replace(/\s*at line \d+, column \d+:?\s*$/, ''), ...(at ? {line: at.line, column: at.col} : {})};
}

/** `message at line L, column C`, as yaml writes it. */
export function yamlProblemText(problem: YamlProblem): string {
  return problem.line !== undefined ? `${problem.message} at line ${problem.line}, column ${problem.column ?? 1}` : problem.message;
}

/** Parse one YAML document quietly: throws a YamlError for an error, returns the warnings. */
export function parseYamlQuietly(text: string): ParsedYaml {
  // yaml is loaded only when there is YAML to read: it is a large part of start-up.
  const {parseDocument} = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  const doc = parseDocument(text, {logLevel: 'error'});
  const error = doc.errors[0];
  if (error) throw new YamlError(describe(error));
  const warnings = doc.warnings.map(describe);
  // toJS warns (a collection used as a key) at the document's logLevel: quiet too.
  // It throws for what parsing lets through: an alias with no anchor before
  // it, or more aliases than maxAliasCount (a "billion laughs" document).
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (error) {
    throw new YamlError({message: (error instanceof Error ? error.message : String(error)).split('\n')[0]!});
  }
  return {data, warnings};
}

/**
 * A config or profile file's YAML. A YAML warning (an unresolved tag) is an
 * error here: a config should mean exactly what it says, and warnings must
 * not reach stderr (see above).
 */
export function configYaml(text: string): unknown {
  const {data, warnings} = parseYamlQuietly(text);
  if (warnings[0]) throw new YamlError(warnings[0]);
  return data;
}

/** An error's message for a one-line report: its first line, whatever the library put after it. */
export function oneLine(error: unknown): string {
  if (error instanceof YamlError) return yamlProblemText(error.problem);
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
