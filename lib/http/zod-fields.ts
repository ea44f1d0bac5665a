/* zod issues → the per-field messages of the public error shape (`{ "schedules.0.cron": "…" }`, first
 * message per path wins). The server's validation errors and the forms' checks in the browser both use
 * it, so a field shows the same words either way. Browser-safe. */
import type { ZodError } from "zod";

export function zodFields(error: ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "_";
    fields[key] ??= issue.message;
  }
  return fields;
}

/** The one-line message of a validation error: "Please check schedules.0.cron: Not a valid …". */
export function validationMessage(fields: Record<string, string>): string {
  const first = Object.entries(fields)[0];
  return first && first[0] !== "_"
    ? `Please check ${first[0]}: ${first[1]}`
    : (first?.[1] ?? "The input is not valid.");
}
