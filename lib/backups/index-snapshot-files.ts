/* Indexes a directory snapshot's tree for the file browser (the folder pages of lib/backups/file-index/):
 * incrementally against the parent snapshot when that one is indexed (only changed folders are listed
 * again, unchanged ones share the parent's pages), else from one streamed `restic ls`. The snapshot row
 * then holds the root key. Idempotent: a re-index writes the same keys. A snapshot whose tree restic
 * reported unchanged from its parent takes the parent's root key (no restic start). */
import "server-only";
import type { Repo } from "@/lib/engine";
import { markSnapshotIndexed } from "./backup-rows";
import { type BuildResult, buildFullIndex, buildIncrementalIndex } from "./file-index/build";

export async function indexSnapshotFiles(
  snapshotRowId: string,
  repo: Repo,
  snapshotId: string,
  opts: {
    signal?: AbortSignal;
    parent?: { snapshotId: string | null; indexRoot: string | null };
    /** restic's backup summary said the tree is the parent's: take its root without starting restic. */
    treeUnchanged?: boolean;
  } = {},
): Promise<BuildResult> {
  const p = opts.parent;
  const res: BuildResult =
    p?.indexRoot && opts.treeUnchanged
      ? { root: p.indexRoot, mode: "unchanged", folders: 0, pagesWritten: 0 }
      : p?.snapshotId && p.indexRoot
        ? await buildIncrementalIndex(
            repo,
            { snapshotId: p.snapshotId, indexRoot: p.indexRoot },
            snapshotId,
            opts.signal,
          )
        : await buildFullIndex(repo, snapshotId, opts.signal);
  await markSnapshotIndexed(snapshotRowId, res.root);
  return res;
}
