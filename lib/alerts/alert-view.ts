/* An alerts row (from drizzle or raw SQL) → the Alert of API.md, plus the subject's display name. */
import type { Severity } from "@/lib/notify/schema";
import type { AlertView } from "./schema";

type AnyAlertRow = Record<string, any>;

function iso(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  return (v instanceof Date ? v : new Date(String(v))).toISOString();
}

/** Accepts drizzle rows (camelCase) and raw SQL rows (snake_case). */
export function toAlertView(r: AnyAlertRow): AlertView {
  const get = (camel: string, snake: string) => r[camel] ?? r[snake];
  const details = (r.details ?? {}) as { subject?: string };
  const v: AlertView = {
    id: r.id,
    kind: r.kind,
    severity: r.severity as Severity,
    state: get("resolvedAt", "resolved_at") ? "resolved" : "open",
    message: r.message,
    openedAt: iso(get("createdAt", "created_at"))!,
  };
  const env = get("environmentId", "environment_id");
  const dest = get("destinationId", "destination_id");
  if (env) v.environmentId = env;
  if (dest) v.destinationId = dest;
  const resolved = iso(get("resolvedAt", "resolved_at"));
  const acked = iso(get("acknowledgedAt", "acknowledged_at"));
  const muted = iso(get("mutedUntil", "muted_until"));
  if (resolved) v.resolvedAt = resolved;
  if (acked) v.acknowledgedAt = acked;
  if (muted) v.mutedUntil = muted;
  if (details.subject) v.subject = details.subject;
  return v;
}

export function projectIdOf(r: AnyAlertRow): string | undefined {
  return (r.details as { projectId?: string } | null)?.projectId ?? undefined;
}
