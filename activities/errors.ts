/**
 * An error the user can fix (bad path, unknown ref, unwritable db): the CLI prints
 * its one-line message and exits 2 without a stack trace. Activities mark it
 * non-retryable, since retrying cannot make a missing ref appear.
 */
export class UserError extends Error {
  override name = 'UserError';
}
