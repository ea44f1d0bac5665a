/* The CLI's exit codes (a promise to scripts, listed in `lifeboat --help`) and the one error type every
 * module throws: a message for the person, the exit code for the script, and the API's error details
 * when the server refused. */

export const EXIT = {
  /** Done: the call succeeded (with --wait: the backup or restore succeeded). */
  ok: 0,
  /** The operation failed: a backup or restore that did not succeed, a refusal (409/422), the server
   * unreachable or answering with something unexpected. */
  failed: 1,
  /** Usage: unknown command or option, a missing or malformed argument, or input the server refused as
   * invalid (HTTP 400). */
  usage: 2,
  /** Auth: not logged in, a bad or expired token (401) or one without the permission (403). */
  auth: 3,
  /** Not found: the project, environment, backup, restore or destination does not exist (404). */
  notFound: 4,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class CliError extends Error {
  readonly exitCode: ExitCode;
  /** The API's error code (validation_failed, not_found, …) or the CLI's own (usage, not_logged_in, …). */
  readonly code: string;
  readonly fields?: Record<string, string>;

  constructor(exitCode: ExitCode, code: string, message: string, fields?: Record<string, string>) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
    this.code = code;
    this.fields = fields;
  }
}

export function usageError(message: string): CliError {
  return new CliError(EXIT.usage, "usage", message);
}

/** The exit code for an HTTP error status from the API. */
export function exitCodeForStatus(status: number): ExitCode {
  if (status === 400) return EXIT.usage;
  if (status === 401 || status === 403) return EXIT.auth;
  if (status === 404) return EXIT.notFound;
  return EXIT.failed;
}
