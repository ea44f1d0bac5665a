/* Indexes a directory snapshot's tree into `snapshot_files` (one row per entry, keyed by parent folder)
 * so the file browser opens any folder with one indexed query. Streams `lsSnapshot` and inserts in
 * batches, so a snapshot of millions of files never sits in memory. Paths are stored as restic shows
 * them (absolute inside the snapshot). Idempotent: a re-index replaces the rows of that snapshot. */
import "server-only";
import path from "node:path";
import { eq } from "drizzle-orm";
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
