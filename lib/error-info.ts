/* Turning any thrown value into the `{ code, message }` that rows and job logs store: the error's own
 * string code when it has one (AppError, the engine's errors), else its class name, else the fallback.
 * The message is cut at 2000 characters. */
import type { ErrorInfo } from "@/lib/db/schema/backups";

export type { ErrorInfo };

export function errorInfo(e: unknown, fallbackCode = "backup_failed"): ErrorInfo {
  const err = e as { code?: unknown; name?: string; message?: string };
  const code = typeof err?.code === "string" ? err.code : err?.name && err.name !== "Error" ? err.name : fallbackCode;
  return { code, message: (err?.message || String(e)).slice(0, 2000) };
}
