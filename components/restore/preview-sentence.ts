/* The one-line preview of a restore, from the server's RestorePreview: "This restore replaces 1,204 files,
 * removes 3 added since, leaves 2 excluded paths alone." (mirror) or "…keeps 3 added since…" (merge),
 * databases named. Pure; the confirmation shows it, format tests pin the words. */
import { formatCount } from "@/components/backups/format";
import type { RestorePreview } from "@/lib/restores/schema";

const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

export function previewSentence(p: RestorePreview): string {
  const t = p.totals;
  const parts: string[] = [];
  if (p.items.some((i) => i.kind === "folder")) {
    parts.push(`replaces ${plural(t.replaces, "file")}`);
    if (t.bringsBack) parts.push(`brings back ${formatCount(t.bringsBack)} deleted since`);
    if (p.mode === "mirror")
      parts.push(t.removes ? `removes ${formatCount(t.removes)} added since` : "removes no file");
    else parts.push(t.keeps ? `keeps ${formatCount(t.keeps)} added since` : "finds no file added since");
    if (t.excluded) parts.push(`leaves ${plural(t.excluded, "excluded path")} alone`);
  }
  for (const db of p.databases) parts.push(`replaces database ${db} entirely`);
  return parts.length ? `This restore ${parts.join(", ")}.` : "";
}
