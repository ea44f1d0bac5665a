/* The API.md `Backup` shape built from a backups row and its backup_snapshots rows (one per source and
 * destination), with destination names for the panel. Pure mapping plus one loader for a page of
 * backups, so a list of 50 costs two queries, not 150: the snapshots with their destination's name
 * (only the columns the view shows: not the manifest), and the copies (a third when some are queued or
 * running: what their jobs wait for). */
import "server-only";
import { asc, eq, inArray } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { backupSnapshots, destinations, jobs, type backups } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { waitingReason } from "@/lib/jobs/waiting";
import type { TVerification } from "@/lib/proof/schema";
import { copiesOfBackups } from "@/lib/copies/copy-rows";
import type { TBackupCopy } from "@/lib/copies/schema";
import { roleOf, type SourceRole } from "@/lib/sources/source-role";

export type BackupRow = typeof backups.$inferSelect;
export type SnapshotRow = typeof backupSnapshots.$inferSelect;
/** The columns of a snapshot row that the view shows (the manifest, kept for restores, is not read). */
export type SnapshotViewRow = Pick<
  SnapshotRow,
  | "backupId"
  | "sourceId"
  | "sourceName"
  | "sourceType"
  | "sourceRole"
  | "status"
  | "snapshotId"
  | "destinationId"
  | "totalBytes"
  | "addedBytes"
  | "filesTotal"
  | "durationMs"
  | "warnings"
  | "error"
  | "indexedAt"
  | "indexRoot"
  | "forgottenAt"
>;

export type BackupSourceView = {
  sourceId: string;
  name: string;
  type: string;
  /** The source's role when backed up (database, files, code, config). */
  role: SourceRole;
  status: SnapshotRow["status"];
  snapshotId: string | null;
  destinationId: string;
  destinationName: string | null;
  totalBytes: number | null;
  addedBytes: number | null;
  filesTotal: number | null;
  durationMs: number | null;
  warnings: string[];
  indexed: boolean;
  /** The primary's retention forgot this snapshot from its destination (a copy may still hold it). */
  forgotten: boolean;
  error?: { code: string; message: string };
};

/** One destination that still holds the backup: a primary (its own snapshots) or a copy target. */
export type BackupHolder = { destinationId: string; destinationName: string | null; role: "primary" | "copy" };

export type BackupView = {
  id: string;
  environmentId: string;
  status: BackupRow["status"];
  trigger: BackupRow["trigger"];
  live: boolean;
  catchUp: boolean;
  jobId: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  totalBytes: number | null;
  addedBytes: number | null;
  progress?: NonNullable<BackupRow["progress"]>;
  /** While queued or running: why no worker runs it now, as the panel shows it ("waiting for a worker
   * labelled host-b"; lib/jobs/waiting.ts). Absent when a worker is on it or it has ended. */
  waiting?: string;
  sources: BackupSourceView[];
  /** A failed integrity check found damaged packs this backup's snapshots depend on. */
  damaged: boolean;
  /** The checks run before the backup could say "succeeded" (API.md §Proof); "pending" until they ran
   * (and on backups made before verification existed). */
  verification: TVerification;
  /** Its off-site copies (lib/copies), one per copy target; a copy never changes `status`. */
  copies: TBackupCopy[];
  /** Where it lives now: primaries still holding a snapshot of it, then good copies. */
  heldIn: BackupHolder[];
  /** The primary's retention forgot it and only copies hold it: a restore reads a copy. */
  onlyOnCopies: boolean;
  error?: { code: string; message: string };
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toBackupView(
  row: BackupRow,
  snaps: SnapshotViewRow[],
  destNames: Map<string, string>,
  waiting: string | null = null,
  copies: TBackupCopy[] = [],
): BackupView {
  const active = row.status === "queued" || row.status === "running";
  const heldIn = holdersOf(snaps, destNames, copies);
  return {
    id: row.id,
    environmentId: row.environmentId,
    status: row.status,
    trigger: row.trigger,
    live: row.live,
    catchUp: row.catchUp,
    jobId: row.jobId,
    createdAt: row.createdAt.toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    durationMs: row.startedAt && row.finishedAt ? row.finishedAt.getTime() - row.startedAt.getTime() : null,
    totalBytes: row.totalBytes,
    addedBytes: row.addedBytes,
    damaged: row.damaged,
    ...(active && row.progress ? { progress: row.progress } : {}),
    ...(active && waiting ? { waiting } : {}),
    sources: snaps.map((s) => ({
      sourceId: s.sourceId,
      name: s.sourceName,
      type: s.sourceType,
      role: roleOf({ role: s.sourceRole, type: s.sourceType }),
      status: s.status,
      snapshotId: s.snapshotId,
      destinationId: s.destinationId,
      destinationName: destNames.get(s.destinationId) ?? null,
      totalBytes: s.totalBytes,
      addedBytes: s.addedBytes,
      filesTotal: s.filesTotal,
      durationMs: s.durationMs,
      warnings: s.warnings ?? [],
      indexed: s.indexedAt !== null,
      forgotten: s.forgottenAt !== null,
      ...(s.error ? { error: s.error } : {}),
    })),
    verification: row.verification ?? { status: "pending", checks: [] },
    copies,
    heldIn,
    onlyOnCopies: row.primaryForgottenAt !== null && heldIn.length > 0 && heldIn.every((h) => h.role === "copy"),
    ...(row.error ? { error: row.error } : {}),
  };
}

function holdersOf(snaps: SnapshotViewRow[], destNames: Map<string, string>, copies: TBackupCopy[]): BackupHolder[] {
  const out: BackupHolder[] = [];
  for (const s of snaps) {
    if (!s.snapshotId || s.forgottenAt || out.some((h) => h.destinationId === s.destinationId)) continue;
    out.push({
      destinationId: s.destinationId,
      destinationName: destNames.get(s.destinationId) ?? null,
      role: "primary",
    });
  }
  for (const c of copies)
    if (c.status === "succeeded")
      out.push({ destinationId: c.destinationId, destinationName: c.destinationName ?? null, role: "copy" });
  return out;
}

const snapshotViewColumns = {
  backupId: backupSnapshots.backupId,
  sourceId: backupSnapshots.sourceId,
  sourceName: backupSnapshots.sourceName,
  sourceType: backupSnapshots.sourceType,
  sourceRole: backupSnapshots.sourceRole,
  status: backupSnapshots.status,
  snapshotId: backupSnapshots.snapshotId,
  destinationId: backupSnapshots.destinationId,
  totalBytes: backupSnapshots.totalBytes,
  addedBytes: backupSnapshots.addedBytes,
  filesTotal: backupSnapshots.filesTotal,
  durationMs: backupSnapshots.durationMs,
  warnings: backupSnapshots.warnings,
  error: backupSnapshots.error,
  indexedAt: backupSnapshots.indexedAt,
  indexRoot: backupSnapshots.indexRoot,
  forgottenAt: backupSnapshots.forgottenAt,
};

/** Views of many backups: their snapshots (with destination names) and copies in two more queries. */
export async function loadBackupViews(rows: BackupRow[]): Promise<BackupView[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [snapRows, waiting, copies] = await Promise.all([
    getDb()
      .select({ snap: snapshotViewColumns, destinationName: destinations.name })
      .from(backupSnapshots)
      .leftJoin(destinations, eq(destinations.id, backupSnapshots.destinationId))
      .where(inArray(backupSnapshots.backupId, ids))
      .orderBy(asc(backupSnapshots.sourceName), asc(backupSnapshots.destinationId)),
    waitingOfActive(rows),
    copiesOfBackups(ids),
  ]);
  const destNames = new Map<string, string>();
  const byBackup = new Map<string, SnapshotViewRow[]>();
  for (const { snap, destinationName } of snapRows) {
    if (destinationName !== null) destNames.set(snap.destinationId, destinationName);
    const list = byBackup.get(snap.backupId);
    if (list) list.push(snap);
    else byBackup.set(snap.backupId, [snap]);
  }
  return rows.map((r) =>
    toBackupView(r, byBackup.get(r.id) ?? [], destNames, waiting.get(r.id) ?? null, copies.get(r.id) ?? []),
  );
}

/** For the queued and running backups among `rows`: what their job waits for (one query, none when no
 * backup is active). */
async function waitingOfActive(rows: BackupRow[]): Promise<Map<string, string>> {
  const active = rows.filter((r) => (r.status === "queued" || r.status === "running") && r.jobId);
  const out = new Map<string, string>();
  if (!active.length) return out;
  const jobRows = await getDb()
    .select({ id: jobs.id, status: jobs.status, workerLabel: jobs.workerLabel, heartbeatAt: jobs.heartbeatAt })
    .from(jobs)
    .where(
      inArray(
        jobs.id,
        active.map((r) => r.jobId!),
      ),
    );
  const lease = env().LIFEBOAT_JOB_LEASE_SECONDS;
  const byJob = new Map(jobRows.map((j) => [j.id, waitingReason(j, lease)]));
  for (const r of active) {
    const why = byJob.get(r.jobId!);
    if (why) out.set(r.id, why);
  }
  return out;
}
