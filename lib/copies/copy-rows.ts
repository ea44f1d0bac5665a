/* The backup_copies rows: the state changes of a copy run and the read side (`Backup.copies`). A copy
 * row never touches its backup's own status. Queueing: queue-copies.ts. */
import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { backupCopies, destinations } from "@/lib/db/schema";
import type { ErrorInfo } from "@/lib/db/schema/backups";
import type { TBackupCopy } from "./schema";

export type BackupCopyRow = typeof backupCopies.$inferSelect;

export async function getCopyRow(id: string): Promise<BackupCopyRow | undefined> {
  const [row] = await getDb().select().from(backupCopies).where(eq(backupCopies.id, id));
  return row;
}

export async function markCopyRunning(id: string, fromDestinationId: string): Promise<void> {
  const db = getDb();
  const [row] = await db.select({ attempts: backupCopies.attempts }).from(backupCopies).where(eq(backupCopies.id, id));
  await db
    .update(backupCopies)
    .set({ status: "running", fromDestinationId, attempts: (row?.attempts ?? 0) + 1 })
    .where(eq(backupCopies.id, id));
}

export async function markCopySucceeded(id: string, snapshotIds: string[]): Promise<void> {
  await getDb()
    .update(backupCopies)
    .set({ status: "succeeded", snapshotIds, copiedAt: new Date(), error: null })
    .where(eq(backupCopies.id, id));
}

/** `retrying`: another attempt follows (the row goes back to queued, with the error kept). */
export async function markCopyFailed(id: string, error: ErrorInfo, retrying: boolean): Promise<void> {
  await getDb()
    .update(backupCopies)
    .set({ status: retrying ? "queued" : "failed", error })
    .where(and(eq(backupCopies.id, id), inArray(backupCopies.status, ["queued", "running"])));
}

/** The copies of these backups, as `Backup.copies` shows them: oldest first, and the copies queued
 * together (one insert, one timestamp) by their target's name — a stable order for lists and the Delete
 * dialog. */
export async function copiesOfBackups(backupIds: string[]): Promise<Map<string, TBackupCopy[]>> {
  const out = new Map<string, TBackupCopy[]>();
  if (!backupIds.length) return out;
  const rows = await getDb()
    .select({ c: backupCopies, name: destinations.name })
    .from(backupCopies)
    .leftJoin(destinations, eq(destinations.id, backupCopies.destinationId))
    .where(inArray(backupCopies.backupId, backupIds))
    .orderBy(asc(backupCopies.createdAt), asc(destinations.name), asc(backupCopies.destinationId));
  for (const { c, name } of rows) {
    if (c.forgottenAt) continue;
    const list = out.get(c.backupId) ?? [];
    list.push({
      destinationId: c.destinationId,
      destinationName: name ?? undefined,
      status: c.status,
      snapshotIds: c.snapshotIds,
      ...(c.copiedAt ? { copiedAt: c.copiedAt.toISOString() } : {}),
      attempts: c.attempts,
      ...(c.error && c.status !== "succeeded" ? { error: c.error } : {}),
    });
    out.set(c.backupId, list);
  }
  return out;
}
