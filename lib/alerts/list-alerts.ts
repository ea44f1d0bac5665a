/* Reads alerts for the Alerts page and GET /api/v1/alerts: newest first, filtered by state, kind and
 * environment, keyset-paged (cursor = opened time + id), and the open count for the navigation. */
import "server-only";
import { and, count, desc, eq, isNotNull, isNull, lt, or, type SQL } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { coalesced } from "@/lib/read-models/coalesce";
import { alerts } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { toAlertView } from "./alert-view";
import { type AlertView, type TListAlerts, ZListAlerts } from "./schema";

function decodeCursor(c: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(c, "base64url").toString("utf8").split("|");
  const d = new Date(at ?? "");
  if (!id || Number.isNaN(d.getTime()))
    throw new AppError("validation_failed", "The cursor is not valid.", { cursor: "Invalid cursor" });
  return { at: d, id };
}

export async function listAlerts(input: TListAlerts): Promise<{ items: AlertView[]; nextCursor: string | null }> {
  const q = ZListAlerts.parse(input);
  const where: SQL[] = [];
  if (q.state === "open") where.push(isNull(alerts.resolvedAt));
  if (q.state === "resolved") where.push(isNotNull(alerts.resolvedAt));
  if (q.kind) where.push(eq(alerts.kind, q.kind));
  if (q.environmentId) where.push(eq(alerts.environmentId, q.environmentId));
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    where.push(or(lt(alerts.createdAt, c.at), and(eq(alerts.createdAt, c.at), lt(alerts.id, c.id)))!);
  }
  const rows = await getDb()
    .select()
    .from(alerts)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(alerts.createdAt), desc(alerts.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > q.limit && last
      ? Buffer.from(`${last.createdAt.toISOString()}|${last.id}`).toString("base64url")
      : null;
  return { items: page.map(toAlertView), nextCursor };
}

/** countOpenAlerts() now, shared with identical concurrent reads (every page's navigation asks). */
export function countOpenAlertsShared(): Promise<number> {
  return coalesced("alerts:open-count", () => countOpenAlerts());
}

/** Open alerts nobody has acknowledged or muted: the number in the navigation. */
export async function countOpenAlerts(now = new Date()): Promise<number> {
  const [r] = await getDb()
    .select({ n: count() })
    .from(alerts)
    .where(
      and(
        isNull(alerts.resolvedAt),
        isNull(alerts.acknowledgedAt),
        or(isNull(alerts.mutedUntil), lt(alerts.mutedUntil, now)),
      ),
    );
  return Number(r?.n ?? 0);
}
