/* Indexes a directory snapshot's tree for the file browser (the folder pages of lib/backups/file-index/):
 * incrementally against the parent snapshot when that one is indexed (only changed folders are listed
 * again, unchanged ones share the parent's pages), else from one streamed `restic ls`. The snapshot row
 * then holds the root key. Idempotent: a re-index writes the same keys. A snapshot whose tree restic
 * reported unchanged from its parent takes the parent's root key (copyParentIndex: no restic start). */
import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { backupSnapshots } from "@/lib/db/schema";
import type { Repo } from "@/lib/engine";
import { markSnapshotIndexed } from "./backup-rows";
import { type BuildResult, buildFullIndex, buildIncrementalIndex } from "./file-index/build";

export async function indexSnapshotFiles(
  snapshotRowId: string,
  repo: Repo,
  snapshotId: string,
  opts: { signal?: AbortSignal; parent?: { snapshotId: string | null; indexRoot: string | null } } = {},
): Promise<BuildResult> {
  const p = opts.parent;
  const res =
    p?.snapshotId && p.indexRoot
      ? await buildIncrementalIndex(repo, { snapshotId: p.snapshotId, indexRoot: p.indexRoot }, snapshotId, opts.signal)
      : await buildFullIndex(repo, snapshotId, opts.signal);
  await markSnapshotIndexed(snapshotRowId, res.root);
  return res;
}

/** The index of `toRowId` is `fromRowId`'s (the same tree: restic found nothing new or changed against
 * that parent snapshot): the same root key, nothing written. */
export async function copyParentIndex(fromRowId: string, toRowId: string): Promise<void> {
  const [from] = await getDb()
    .select({ root: backupSnapshots.indexRoot })
    .from(backupSnapshots)
    .where(eq(backupSnapshots.id, fromRowId));
  if (!from?.root) throw new Error("the parent snapshot has no file index");
  await markSnapshotIndexed(toRowId, from.root);
}
