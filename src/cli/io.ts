/**
 * What a command talks to: the working directory, stdout, stderr and the
 * terminal. Tests and the language server pass their own; `speclint` uses
 * the process's.
 */
export interface CliIO {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is a colour terminal (chalk's own detection when undefined). */
  color?: boolean;
  /** Whether stdin is a terminal, so `init` may prompt (default: process.stdin.isTTY). */
  stdinIsTTY?: boolean;
  /** Ask one question, return the answer (default: node:readline on stdin, the question on stderr). */
  ask?: (question: string) => Promise<string>;
  /** Whether stderr is a terminal, for the progress line (default: process.stderr.isTTY). */
  stderrIsTTY?: boolean;
  /** All of stdin, for --stdin (default: read process.stdin). */
  readStdin?: () => Promise<string>;
}

export const defaultIO: CliIO = {
  cwd: process.cwd(),
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};
