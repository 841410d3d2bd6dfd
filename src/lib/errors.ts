/**
 * An error the user can fix: bad arguments, bad config, unreadable input.
 * The CLI prints its message on one line and exits 2; never a stack trace.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
