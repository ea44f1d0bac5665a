/* The smoke queries of a database source as the form's one text field: one query per line, expecting a
 * result other than zero; a line that starts with "zero:" expects zero. Browser-safe; the server checks
 * the result with ZSmokeQuery (lib/proof/schema.ts). */
import type { TSmokeQuery } from "@/lib/proof/schema";

export function smokeQueriesToText(list: unknown): string {
  if (!Array.isArray(list)) return "";
  return list
    .filter((q): q is TSmokeQuery => !!q && typeof (q as TSmokeQuery).sql === "string")
    .map((q) => (q.expect === "zero" ? `zero: ${q.sql}` : q.sql))
    .join("\n");
}

export function smokeQueriesFromText(text: string): TSmokeQuery[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) =>
      /^zero:/i.test(l)
        ? { sql: l.replace(/^zero:\s*/i, ""), expect: "zero" as const }
        : { sql: l, expect: "nonzero" as const },
    );
}
