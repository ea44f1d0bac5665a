/* One function turns anything thrown by a service into the public error shape (API.md): AppError keeps
 * its code, status and message; ZodError becomes validation_failed with per-field messages; anything
 * else is logged (never shown) and answered with a generic internal error. */
import { ZodError } from "zod";
import { AppError, isAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import type { ActionError } from "./action-result";
import { validationMessage, zodFields } from "./zod-fields";

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
  logger().error(
    { err: e instanceof Error ? { message: e.message, stack: e.stack } : String(e), context },
    "unhandled error",
  );
  return {
    status: 500,
    error: { code: "internal", message: "Something went wrong on the server. The details are in the server log." },
  };
}
