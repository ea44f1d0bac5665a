/* One function turns anything thrown by a service into the public error shape (API.md): AppError keeps
 * its code, status and message; ZodError becomes validation_failed with per-field messages; anything
 * else is logged (never shown) and answered with a generic internal error. */
import { ZodError } from "zod";
import { AppError, isAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { NUL_MESSAGE } from "@/lib/validation/nul-bytes";
import type { ActionError } from "./action-result";
import { validationMessage, zodFields } from "./zod-fields";

/** PostgreSQL refusing a NUL character (text: 22021, jsonb: 22P05), anywhere in the cause chain. Every
 * boundary refuses NULs first; this keeps one that slipped through a 400 rather than a 500. */
function isNulByteDbError(e: unknown): boolean {
  for (let cur = e, i = 0; cur && i < 5; cur = (cur as { cause?: unknown }).cause, i++) {
    const { code, message } = cur as { code?: unknown; message?: unknown };
    if (code === "22021" || code === "22P05") return true;
    if (
      typeof message === "string" &&
      /invalid byte sequence for encoding "UTF8": 0x00|\\u0000 cannot be converted/.test(message)
    )
      return true;
  }
  return false;
}

export { zodFields };

export function validationError(error: ZodError): AppError {
  const fields = zodFields(error);
  return new AppError("validation_failed", validationMessage(fields), fields);
}

export function toPublicError(e: unknown, context?: string): { status: number; error: ActionError } {
  if (e instanceof ZodError) e = validationError(e);
  if (isAppError(e)) {
    return { status: e.status, error: { code: e.code, message: e.message, ...(e.fields ? { fields: e.fields } : {}) } };
  }
  if (isNulByteDbError(e)) {
    return { status: 400, error: { code: "validation_failed", message: NUL_MESSAGE } };
  }
  logger().error(
    { err: e instanceof Error ? { message: e.message, stack: e.stack } : String(e), context },
    "unhandled error",
  );
  return {
    status: 500,
    error: { code: "internal", message: "Something went wrong on the server. The details are in the server log." },
  };
}
