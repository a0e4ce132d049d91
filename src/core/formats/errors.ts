/**
 * The one error type every reader throws for bad input. The message names the file, the problem and,
 * where there is one, the fix; the CLI prints it as one line and exits with code 2.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    /** The file (or other source) the problem is in, as the user named it. */
    readonly file: string,
    /** What is wrong, in words a user can act on. */
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}

/** True for errors that should be shown to the user as they are (no stack trace). */
export function isInputError(e: unknown): e is InputError {
  return e instanceof InputError;
}
