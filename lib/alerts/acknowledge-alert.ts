/* Acknowledge ("someone is on it": no more reminders, off the navigation count) and mute until a time
 * (no messages at all, not even resolved, until then). Both only for open alerts; both audited. */
import "server-only";
import { eq } from "drizzle-orm";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { alerts } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { toAlertView } from "./alert-view";
import { type AlertView, type TMuteAlert, ZMuteAlert } from "./schema";

async function openAlertRow(id: string) {
  const [row] = await getDb().select().from(alerts).where(eq(alerts.id, id)).limit(1);
  if (!row) throw new AppError("not_found", "This alert does not exist (any more).");
  if (row.resolvedAt)
    throw new AppError("conflict", "This alert is already resolved; there is nothing to acknowledge or mute.");
  return row;
}

function subjectOf(row: { details: unknown; kind: string }): string {
  return (row.details as { subject?: string } | null)?.subject ?? row.kind;
}

export async function acknowledgeAlert(id: string, actor: Actor): Promise<AlertView> {
  const row = await openAlertRow(id);
  const [u] = await getDb()
    .update(alerts)
    .set({ acknowledgedAt: row.acknowledgedAt ?? new Date(), acknowledgedBy: row.acknowledgedBy ?? actor.id })
    .where(eq(alerts.id, id))
    .returning();
  await writeAudit({
    actor,
    action: "alert.acknowledge",
    target: { type: "alert", id, name: subjectOf(row) },
    details: { kind: row.kind },
  });
  return toAlertView(u!);
}

export async function muteAlert(id: string, input: TMuteAlert, actor: Actor): Promise<AlertView> {
  const { until } = ZMuteAlert.parse(input);
  const row = await openAlertRow(id);
  const [u] = await getDb().update(alerts).set({ mutedUntil: until }).where(eq(alerts.id, id)).returning();
  await writeAudit({
    actor,
    action: "alert.mute",
    target: { type: "alert", id, name: subjectOf(row) },
    details: { kind: row.kind, until: until.toISOString() },
  });
  return toAlertView(u!);
}
