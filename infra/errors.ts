/**
 * An error the user can fix (bad path, unknown ref, unwritable db): the CLI prints
 * its one-line message and exits 2 without a stack trace. Activities mark it
 * non-retryable, since retrying cannot make a missing ref appear.
 */
export class UserError extends Error {
  override name = 'UserError';
}

/** An error as a worker thread posts it: structured clone would keep neither its class nor its stack. */
export interface ThreadError {
  name: string;
  message: string;
  stack?: string;
}

export function toThreadError(err: unknown): ThreadError {
  const e = err instanceof Error ? err : new Error(String(err));
  return { name: e.name, message: e.message, stack: e.stack };
}

/** The thread's error again, a UserError still one (so activities keep it non-retryable). */
export function fromThreadError(e: ThreadError): Error {
  return Object.assign(e.name === 'UserError' ? new UserError(e.message) : new Error(e.message), { stack: e.stack });
}
