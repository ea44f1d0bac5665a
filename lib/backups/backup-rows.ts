/* The one place that writes `backups` and `backup_snapshots` rows: queued backups (many at once, in
 * the caller's transaction), a run's status, progress and outcome, its per-source-and-destination
 * snapshot rows, and the settling of rows whose job was cancelled or gave up. Every path that creates
 * or updates backup rows (manual/scheduled/safety backups, the backup run, the job's give-up) uses it.
 * It decides nothing: callers say what the status is. */
import "server-only";
import { and, desc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { backups, backupSnapshots } from "@/lib/db/schema";
import type { BackupProgress, ErrorInfo } from "@/lib/db/schema/backups";
import { inTransaction, type SqlRunner } from "@/lib/jobs/tx";
import type { TVerification } from "@/lib/proof/schema";

export type BackupRow = typeof backups.$inferSelect;
export type SnapshotRow = typeof backupSnapshots.$inferSelect;
export type BackupTrigger = BackupRow["trigger"];

export type NewBackup = {
  id: string;
  environmentId: string;
  trigger: BackupTrigger;
  live: boolean;
  catchUp: boolean;
  jobId: string;
  createdBy: string | null;
};

const OPEN = ["queued", "running"] as const;
export const FINISHED_BACKUP = ["succeeded", "partial", "failed", "cancelled"] as const;

/** Inserts queued backup rows inside transaction `q` (one statement, however many). */
export async function insertQueuedBackups(q: SqlRunner, rows: NewBackup[]): Promise<void> {
  if (!rows.length) return;
  await q.executeSql(
    `insert into backups (id, environment_id, status, trigger, live, catch_up, job_id, created_by)
     select x.id, x.environment_id, 'queued', x.trigger, x.live, x.catch_up, x.job_id, x.created_by
     from jsonb_to_recordset($1::jsonb)
       as x(id uuid, environment_id uuid, trigger text, live boolean, catch_up boolean, job_id uuid, created_by uuid)`,
    [
      JSON.stringify(
        rows.map((r) => ({
          id: r.id,
          environment_id: r.environmentId,
          trigger: r.trigger,
          live: r.live,
          catch_up: r.catchUp,
          job_id: r.jobId,
          created_by: r.createdBy,
        })),
      ),
    ],
  );
}

/** One queued backup in its own transaction (a safety backup taken inside another job). */
export async function insertQueuedBackup(row: NewBackup): Promise<void> {
  await inTransaction((q) => insertQueuedBackups(q, [row]));
}

export async function readBackupRow(id: string): Promise<BackupRow | undefined> {
  const [row] = await getDb().select().from(backups).where(eq(backups.id, id));
  return row;
}

export async function markBackupRunning(b: BackupRow): Promise<void> {
  await getDb()
    .update(backups)
    .set({ status: "running", startedAt: b.startedAt ?? new Date(), error: null })
    .where(eq(backups.id, b.id));
}

export async function writeBackupProgress(id: string, progress: BackupProgress): Promise<void> {
  await getDb().update(backups).set({ progress }).where(eq(backups.id, id));
}

export async function finishBackupRow(
  id: string,
  values: Pick<BackupRow, "status" | "error" | "totalBytes" | "addedBytes"> & {
    progress?: BackupProgress;
    verification?: TVerification;
  },
): Promise<void> {
  await getDb()
    .update(backups)
    .set({ ...values, finishedAt: new Date() })
    .where(eq(backups.id, id));
}

/** The job gave up (retries used up, or its worker vanished): a backup still open is failed. */
export async function failOpenBackup(id: string, message: string): Promise<void> {
  await getDb()
    .update(backups)
    .set({ status: "failed", finishedAt: new Date(), error: { code: "job_failed", message } })
    .where(and(eq(backups.id, id), inArray(backups.status, [...OPEN])));
}

/** A cancel stopped the job before it recorded anything: its backups still open become cancelled. */
export async function cancelOpenBackupsOfJob(jobId: string): Promise<void> {
  await getDb()
    .update(backups)
    .set({ status: "cancelled", finishedAt: new Date() })
    .where(and(eq(backups.jobId, jobId), inArray(backups.status, [...OPEN])));
}

/** A user removed these backups (their snapshots are forgotten): the rows stay, marked. Retention goes
 * through markSnapshotsForgotten + settleForgottenBackups instead (a copy may still hold the backup). */
export async function markBackupsDeleted(ids: string[]): Promise<void> {
  if (!ids.length) return;
  await getDb().update(backups).set({ deletedAt: new Date() }).where(inArray(backups.id, ids));
}

/** The primary's retention forgot these snapshot rows' snapshots from their destinations. */
export async function markSnapshotsForgotten(snapshotRowIds: string[]): Promise<void> {
  if (!snapshotRowIds.length) return;
  await getDb()
    .update(backupSnapshots)
    .set({ forgottenAt: new Date() })
    .where(and(inArray(backupSnapshots.id, snapshotRowIds), isNull(backupSnapshots.forgottenAt)));
}

/** After a retention (the primary's or a copy target's) forgot snapshots of these backups: a backup
 * whose primary snapshots are all forgotten is marked `primaryForgottenAt` while a good copy still holds
 * it (listed, restorable from the copy), and deleted once no copy holds it either. A backup with a
 * primary snapshot still held is left alone. One statement. */
export async function settleForgottenBackups(backupIds: string[]): Promise<void> {
  if (!backupIds.length) return;
  await getDb().execute(sql`
    update backups b
       set primary_forgotten_at = coalesce(b.primary_forgotten_at, now()),
           deleted_at = coalesce(b.deleted_at, case when exists (
             select 1 from backup_copies c
              where c.backup_id = b.id and c.status = 'succeeded' and c.forgotten_at is null
           ) then null else now() end)
     where b.id in (${sql.join(
       backupIds.map((id) => sql`${id}::uuid`),
       sql`, `,
     )})
       and not exists (
         select 1 from backup_snapshots s
          where s.backup_id = b.id and s.snapshot_id is not null and s.forgotten_at is null
       )`);
}

/** The file index of this snapshot row is written (lib/backups/index-snapshot-files.ts): its root key. */
export async function markSnapshotIndexed(snapshotRowId: string, indexRoot: string): Promise<void> {
  await getDb()
    .update(backupSnapshots)
    .set({ indexedAt: new Date(), indexRoot })
    .where(eq(backupSnapshots.id, snapshotRowId));
}

export async function listSnapshotRows(backupId: string): Promise<SnapshotRow[]> {
  return getDb().select().from(backupSnapshots).where(eq(backupSnapshots.backupId, backupId));
}

/** The newest indexed snapshot of this source in this destination, of a backup still kept: the parent a
 * directory backup compares against (and whose file index it reuses when nothing changed). */
export async function latestIndexedSnapshot(sourceId: string, destinationId: string): Promise<SnapshotRow | undefined> {
  const [row] = await getDb()
    .select({ snap: backupSnapshots })
    .from(backupSnapshots)
    .innerJoin(backups, eq(backups.id, backupSnapshots.backupId))
    .where(
      and(
        eq(backupSnapshots.sourceId, sourceId),
        eq(backupSnapshots.destinationId, destinationId),
        eq(backupSnapshots.status, "succeeded"),
        isNotNull(backupSnapshots.indexedAt),
        isNotNull(backupSnapshots.snapshotId),
        isNull(backupSnapshots.forgottenAt),
        isNull(backups.deletedAt),
      ),
    )
    .orderBy(desc(backupSnapshots.finishedAt))
    .limit(1);
  return row?.snap;
}

export type SnapshotKey = {
  sourceId: string;
  sourceName: string;
  sourceType: string;
  sourceRole: string | null;
  destinationId: string;
};

/** The snapshot rows of one backup run, kept in memory as they are written (one row per source and
 * destination; a retried attempt starts from the rows the earlier attempt left). */
export class SnapshotRows {
  private constructor(
    private readonly backupId: string,
    readonly rows: SnapshotRow[],
  ) {}

  static async load(backupId: string): Promise<SnapshotRows> {
    return new SnapshotRows(backupId, await listSnapshotRows(backupId));
  }

  find(sourceId: string, destinationId: string): SnapshotRow | undefined {
    return this.rows.find((r) => r.sourceId === sourceId && r.destinationId === destinationId);
  }

  /** Updates the row of (source, destination), creating it (queued) first when there is none. */
  async write(key: SnapshotKey, values: Partial<SnapshotRow>): Promise<SnapshotRow> {
    const db = getDb();
    const existing = this.find(key.sourceId, key.destinationId);
    if (existing) {
      const [row] = await db.update(backupSnapshots).set(values).where(eq(backupSnapshots.id, existing.id)).returning();
      Object.assign(existing, row);
      return existing;
    }
    const [row] = await db
      .insert(backupSnapshots)
      .values({
        backupId: this.backupId,
        sourceId: key.sourceId,
        destinationId: key.destinationId,
        sourceName: key.sourceName,
        sourceType: key.sourceType,
        sourceRole: key.sourceRole,
        status: "queued",
        ...values,
      })
      .returning();
    this.rows.push(row!);
    return row!;
  }

  /** After a cancel: rows not yet finished become cancelled. */
  async cancelOpen(): Promise<void> {
    await getDb()
      .update(backupSnapshots)
      .set({ status: "cancelled" })
      .where(and(eq(backupSnapshots.backupId, this.backupId), inArray(backupSnapshots.status, [...OPEN])));
    for (const r of this.rows) if ((OPEN as readonly string[]).includes(r.status)) r.status = "cancelled";
  }
}
