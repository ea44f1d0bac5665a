/* The file index of a directory snapshot (for the file browser), written once its backup is saved, while
 * the run goes on with other sources (the run waits for it before it settles). When restic reports the
 * tree unchanged from the parent the backup compared against, the parent's root key is taken (no restic);
 * otherwise only the folders that changed since that parent are listed again. An index that cannot be
 * written is a warning: the backup itself is fine. Also which parent a directory backup compares against. */
import "server-only";
import type { OpenedRepo } from "@/lib/destinations/open-destination-repo";
import { withRepositoryLock } from "@/lib/destinations/repository-lock";
import { errorInfo } from "@/lib/error-info";
import { localListedSnapshots, type BackupResult } from "@/lib/engine";
import { latestIndexedSnapshot, type SnapshotRow } from "../backup-rows";
import { indexSnapshotFiles } from "../index-snapshot-files";
import type { BackupRun } from "./backup-run";

export async function indexSavedFolder(
  run: BackupRun,
  row: SnapshotRow,
  r: OpenedRepo,
  res: BackupResult,
  parent?: SnapshotRow,
): Promise<void> {
  if (row.sourceType !== "directory") return;
  // Under the repository's shared lock even when no restic runs (the unchanged tree takes its parent's
  // root): retention forgets the parent only under the exclusive lock and collects unreferenced pages
  // after it, so while this holds the lock the parent's pages cannot be collected under the new root.
  const unchanged = Boolean(parent?.indexRoot && res.treeUnchanged);
  const write = withRepositoryLock(
    r.destinationId,
    "shared",
    () =>
      unchanged
        ? indexSnapshotFiles(row.id, r.repo, res.snapshotId, { parent, treeUnchanged: true }) // no restic
        : indexSnapshotFiles(row.id, r.repo, res.snapshotId, { signal: run.signal, parent }),
    { signal: run.signal, purpose: "index files" },
  );
  await write.catch((e) =>
    run.log(
      "warn",
      `${row.sourceName} → ${r.name}: the file list could not be indexed (${errorInfo(e).message}); the backup itself is fine.`,
    ),
  );
}

/** The parent a directory backup into `r` compares against (`--parent`): the newest indexed snapshot of
 * this source there, when the repository is local and still holds it (a missing parent would fail the
 * backup). Undefined otherwise: restic then picks its own parent and the folder is indexed afresh. */
export async function parentSnapshot(sourceId: string, r: OpenedRepo): Promise<SnapshotRow | undefined> {
  const row = await latestIndexedSnapshot(sourceId, r.destinationId);
  if (!row?.snapshotId) return undefined;
  const held = await localListedSnapshots(r.repo, [row.snapshotId]);
  return held?.has(row.snapshotId) ? row : undefined;
}
