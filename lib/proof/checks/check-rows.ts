/* Every write and read of integrity_checks rows: queue one (with its job, in the caller's transaction),
 * start, settle, the last subset read of a destination, and the damaged flag on backups. */
import "server-only";
import { and, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { backupSnapshots, backups, integrityChecks } from "@/lib/db/schema";
import type { ErrorInfo } from "@/lib/db/schema/backups";
import type { SqlRunner } from "@/lib/jobs/tx";
import type { ProofJobStatus, ReadDataMode } from "../schema";

export type CheckRow = typeof integrityChecks.$inferSelect;

export type QueuedCheck = {
  id: string;
  destinationId: string;
  jobId: string;
  trigger: "scheduled" | "manual";
  readData: ReadDataMode;
  createdBy: string | null;
  slot?: Date | null;
};

/** Inserts queued checks; with a slot, one that already exists for (destination, slot) is skipped.
 * Returns the ids inserted. */
export async function insertQueuedChecks(q: SqlRunner, rows: QueuedCheck[]): Promise<string[]> {
  if (!rows.length) return [];
  const { rows: inserted } = await q.executeSql(
    `insert into integrity_checks (id, destination_id, job_id, trigger, read_data, created_by, slot)
     select x.id, x.destination_id, x.job_id, x.trigger, x.read_data, x.created_by, x.slot
     from jsonb_to_recordset($1::jsonb) as x(id uuid, destination_id uuid, job_id uuid, trigger text,
          read_data text, created_by uuid, slot timestamptz)
     on conflict (destination_id, slot) where slot is not null do nothing
     returning id`,
    [
      JSON.stringify(
        rows.map((r) => ({
          id: r.id,
          destination_id: r.destinationId,
          job_id: r.jobId,
          trigger: r.trigger,
          read_data: r.readData,
          created_by: r.createdBy,
          slot: r.slot?.toISOString() ?? null,
        })),
      ),
    ],
  );
  return inserted.map((r) => r.id as string);
}

export async function getCheckRow(id: string): Promise<CheckRow | undefined> {
  const [row] = await getDb().select().from(integrityChecks).where(eq(integrityChecks.id, id));
  return row;
}

/** The read-data subset of the destination's newest check that read one (the rotation's position). */
export async function lastReadDataSubset(destinationId: string, exceptId: string): Promise<string | null> {
  const [row] = await getDb()
    .select({ subset: integrityChecks.readDataSubset })
    .from(integrityChecks)
    .where(
      and(
        eq(integrityChecks.destinationId, destinationId),
        isNotNull(integrityChecks.readDataSubset),
        sql`${integrityChecks.id} <> ${exceptId}`,
        inArray(integrityChecks.status, ["running", "succeeded", "failed"]),
      ),
    )
    .orderBy(desc(integrityChecks.startedAt))
    .limit(1);
  return row?.subset ?? null;
}

export async function markCheckRunning(id: string, readDataSubset: string | undefined): Promise<void> {
  await getDb()
    .update(integrityChecks)
    .set({ status: "running", startedAt: new Date(), readDataSubset: readDataSubset ?? null })
    .where(eq(integrityChecks.id, id));
}

export type CheckSettlement = {
  status: Exclude<ProofJobStatus, "queued" | "running">;
  errors?: { message: string }[];
  damagedPacks?: string[];
  damagedBackupIds?: string[];
  clearedLocks?: string[];
};

export async function settleCheck(id: string, s: CheckSettlement): Promise<void> {
  await getDb()
    .update(integrityChecks)
    .set({
      status: s.status,
      finishedAt: new Date(),
      errors: s.errors ?? [],
      damagedPacks: s.damagedPacks ?? [],
      damagedBackupIds: s.damagedBackupIds ?? [],
      clearedLocks: s.clearedLocks ?? [],
    })
    .where(and(eq(integrityChecks.id, id), inArray(integrityChecks.status, ["queued", "running"])));
}

/** A check that could not run (given up, cancelled while queued). */
export async function settleCheckWithError(id: string, status: "failed" | "cancelled", e: ErrorInfo) {
  await settleCheck(id, { status, errors: [{ message: e.message }] });
}

/** Snapshot ids Lifeboat knows in this destination, with the backup each belongs to. */
export async function knownSnapshots(destinationId: string): Promise<{ snapshotId: string; backupId: string }[]> {
  const rows = await getDb()
    .select({ snapshotId: backupSnapshots.snapshotId, backupId: backupSnapshots.backupId })
    .from(backupSnapshots)
    .innerJoin(backups, eq(backups.id, backupSnapshots.backupId))
    .where(
      and(
        eq(backupSnapshots.destinationId, destinationId),
        isNotNull(backupSnapshots.snapshotId),
        sql`${backups.deletedAt} is null and ${backupSnapshots.forgottenAt} is null`,
      ),
    );
  return rows.map((r) => ({ snapshotId: r.snapshotId as string, backupId: r.backupId }));
}

/** Marks backups damaged (a failed check names them). */
export async function setBackupsDamaged(backupIds: string[], damaged: boolean): Promise<void> {
  if (!backupIds.length) return;
  await getDb().update(backups).set({ damaged }).where(inArray(backups.id, backupIds));
}

/** After a clean full data read of a destination, the backups its earlier checks found damaged are whole
 * again (the repository was repaired: every pack read back and matched) — unless the latest check of
 * another destination still names them. Returns the ids cleared. */
export async function clearRepairedBackups(destinationId: string): Promise<string[]> {
  const { rows } = await getDb().execute<{ id: string }>(sql`
    update backups set damaged = false
    where damaged
      and id::text in (select jsonb_array_elements_text(damaged_backup_ids) from integrity_checks
                       where destination_id = ${destinationId} and status = 'failed')
      and id::text not in (
        select jsonb_array_elements_text(l.damaged_backup_ids)
        from (select distinct on (destination_id) destination_id, status, damaged_backup_ids
              from integrity_checks
              where destination_id <> ${destinationId} and status in ('succeeded', 'failed')
              order by destination_id, finished_at desc nulls last) l
        where l.status = 'failed')
    returning id`);
  return rows.map((r) => r.id);
}
