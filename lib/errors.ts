/* The domain's error type. Services throw AppError(code, userMessage, fields?) for anything a user can
 * act on; server actions (runAction) and route handlers (apiRoute) turn it into an ActionResult or an
 * HTTP status and body with toPublicError (lib/http/error-mapping.ts). The message is shown to the user verbatim, so it names things the way the user named
 * them and says what to do next. */

export type AppErrorCode =
  | "validation_failed"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "in_use"
  | "rate_limited"
  | "payload_too_large"
  | "unprocessable"
  | "internal";

const HTTP_STATUS: Record<AppErrorCode, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  in_use: 409,
  rate_limited: 429,
  payload_too_large: 413,
  unprocessable: 422,
  internal: 500,
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly fields?: Record<string, string>;

  constructor(code: AppErrorCode, userMessage: string, fields?: Record<string, string>) {
    super(userMessage);
    this.name = "AppError";
    this.code = code;
    this.fields = fields;
  }

  get status(): number {
    return HTTP_STATUS[this.code];
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
