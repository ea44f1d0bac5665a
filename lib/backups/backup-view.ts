/* The API.md `Backup` shape built from a backups row and its backup_snapshots rows (one per source and
 * destination), with destination names for the panel. Pure mapping plus one loader for a page of
 * backups, so a list of 50 costs three queries, not 150. */
import "server-only";
import { asc, inArray } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { backupSnapshots, destinations, type backups } from "@/lib/db/schema";
import type { TVerification } from "@/lib/proof/schema";
import { roleOf, type SourceRole } from "@/lib/sources/source-role";

export type BackupRow = typeof backups.$inferSelect;
export type SnapshotRow = typeof backupSnapshots.$inferSelect;

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
  error?: { code: string; message: string };
};

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
  sources: BackupSourceView[];
  /** A failed integrity check found damaged packs this backup's snapshots depend on. */
  damaged: boolean;
  /** The checks run before the backup could say "succeeded" (API.md §Proof); "pending" until they ran
   * (and on backups made before verification existed). */
  verification: TVerification;
  error?: { code: string; message: string };
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toBackupView(row: BackupRow, snaps: SnapshotRow[], destNames: Map<string, string>): BackupView {
  const active = row.status === "queued" || row.status === "running";
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
      ...(s.error ? { error: s.error } : {}),
    })),
    verification: row.verification ?? { status: "pending", checks: [] },
    ...(row.error ? { error: row.error } : {}),
  };
}

/** Views of many backups: their snapshots and destination names in two more queries. */
export async function loadBackupViews(rows: BackupRow[]): Promise<BackupView[]> {
  if (!rows.length) return [];
  const db = getDb();
  const snaps = await db
    .select()
    .from(backupSnapshots)
    .where(
      inArray(
        backupSnapshots.backupId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(backupSnapshots.sourceName), asc(backupSnapshots.destinationId));
  const destIds = [...new Set(snaps.map((s) => s.destinationId))];
  const names = destIds.length
    ? await db
        .select({ id: destinations.id, name: destinations.name })
        .from(destinations)
        .where(inArray(destinations.id, destIds))
    : [];
  const destNames = new Map(names.map((n) => [n.id, n.name]));
  const byBackup = new Map<string, SnapshotRow[]>();
  for (const s of snaps) byBackup.set(s.backupId, [...(byBackup.get(s.backupId) ?? []), s]);
  return rows.map((r) => toBackupView(r, byBackup.get(r.id) ?? [], destNames));
}
