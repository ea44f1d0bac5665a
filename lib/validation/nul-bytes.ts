/* NUL characters (U+0000) in request input. PostgreSQL cannot store them in text or jsonb, so a NUL that
 * reaches a query is a 500 (and a failed-SQL log line). Every boundary (REST bodies and queries, server
 * actions, page filters) refuses them first with a 400 naming the field. Browser-safe, pure. */
import { z } from "zod";
import { AppError } from "@/lib/errors";

export const NUL_MESSAGE = "Text cannot contain a NUL character (\\0); remove it and try again.";

/** The dotted path of the first string (or object key) holding a NUL, "_" for the value itself, or null. */
export function nulBytePath(value: unknown, path: string[] = [], depth = 0): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path.join(".") || "_" : null;
  if (depth > 64 || value === null || typeof value !== "object") return null;
  if (typeof FormData !== "undefined" && value instanceof FormData) {
    for (const [key, v] of value.entries()) {
      const found = nulBytePath(key, [...path, key], depth + 1) ?? nulBytePath(v, [...path, key], depth + 1);
      if (found) return found;
    }
    return null;
  }
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [key, v] of entries) {
    const found = nulBytePath(key, [...path, key], depth + 1) ?? nulBytePath(v, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}

/** Throws a validation_failed AppError (400) when any string in `value` holds a NUL character. */
export function assertNoNulBytes(value: unknown): void {
  const at = nulBytePath(value);
  if (at === null) return;
  const message = at === "_" ? NUL_MESSAGE : `Please check ${at}: ${NUL_MESSAGE}`;
  throw new AppError("validation_failed", message, { [at]: NUL_MESSAGE });
}

/** For one schema field: a string without NUL characters. */
export const ZNoNulText = z.string().refine((s) => !s.includes("\u0000"), NUL_MESSAGE);
