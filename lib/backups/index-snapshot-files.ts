/* Indexes a directory snapshot's tree into `snapshot_files` (one row per entry, keyed by parent folder)
 * so the file browser opens any folder with one indexed query. Streams `lsSnapshot` and inserts in
 * batches, so a snapshot of millions of files never sits in memory. Paths are stored as restic shows
 * them (absolute inside the snapshot). Idempotent: a re-index replaces the rows of that snapshot. A
 * snapshot whose tree restic reported unchanged from its parent takes the parent's rows instead
 * (copyParentIndex: one statement, no restic start). */
import "server-only";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { snapshotFiles } from "@/lib/db/schema";
import { lsSnapshot, type Repo } from "@/lib/engine";
import { markSnapshotIndexed } from "./backup-rows";

const BATCH = 1000;

export async function indexSnapshotFiles(
  snapshotRowId: string,
  repo: Repo,
  snapshotId: string,
  opts: { signal?: AbortSignal } = {},
): Promise<{ entries: number }> {
  const db = getDb();
  await db.delete(snapshotFiles).where(eq(snapshotFiles.snapshotRowId, snapshotRowId));
  let batch: (typeof snapshotFiles.$inferInsert)[] = [];
  let entries = 0;
  const flush = async () => {
    if (!batch.length) return;
    await db.insert(snapshotFiles).values(batch);
    entries += batch.length;
    batch = [];
  };
  for await (const e of lsSnapshot(repo, snapshotId, { signal: opts.signal })) {
    const parent = path.posix.dirname(e.path);
    batch.push({
      snapshotRowId,
      parent: parent === "." ? "/" : parent,
      name: e.name,
      type: e.type,
      size: e.size ?? 0,
      mtime: e.mtime ? new Date(e.mtime) : null,
    });
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  await markSnapshotIndexed(snapshotRowId);
  return { entries };
}

/** The index of `toRowId` as a copy of `fromRowId`'s (the same tree: restic found nothing new or
 * changed against that parent snapshot). */
export async function copyParentIndex(fromRowId: string, toRowId: string): Promise<void> {
  const db = getDb();
  await db.delete(snapshotFiles).where(eq(snapshotFiles.snapshotRowId, toRowId));
  await db.execute(sql`
    insert into snapshot_files (snapshot_row_id, parent, name, type, size, mtime)
    select ${toRowId}::uuid, parent, name, type, size, mtime
    from snapshot_files where snapshot_row_id = ${fromRowId}::uuid`);
  await markSnapshotIndexed(toRowId);
}
