/* sourceFormErrors: every problem of the source form at once, in the browser, before anything is sent.
 * It is the server's own check in one pass: ZSourceInput (name, type-specific config, secrets, hooks)
 * plus missingConnectionFields (host/database/user or a URL), which the server only reaches after the
 * schema passed — so an empty submit used to flag Name first and the connection fields on the second
 * try. Keys are the form's field paths ("config.host"); the first message per path wins. Browser-safe. */
import { zodFields } from "@/lib/http/zod-fields";
import { missingConnectionFields, SOURCE_TYPES, type SourceType, ZSourceInput } from "@/lib/sources/source-config";
import type { SourceBody } from "./source-input";

/** storedSecretKeys: the secrets an edited source already has (a stored URL stands in for the fields). */
export function sourceFormErrors(body: SourceBody, storedSecretKeys: readonly string[] = []): Record<string, string> {
  const parsed = ZSourceInput.safeParse({ ...body, hooks: body.hooks ?? undefined });
  const fields = parsed.success ? {} : zodFields(parsed.error);
  if ((SOURCE_TYPES as readonly string[]).includes(body.type)) {
    const secrets: Record<string, unknown> = { ...body.secrets };
    if (storedSecretKeys.includes("url") && !secrets.url) secrets.url = "(stored)";
    const missing = missingConnectionFields(body.type as SourceType, body.config, secrets);
    for (const [k, message] of Object.entries(missing)) fields[k] ??= message;
  }
  return fields;
}
