/* The file index of a directory snapshot (for the file browser), written once its backup is saved. An
 * index that cannot be written is a warning: the backup itself is fine. */
import "server-only";
import type { OpenedRepo } from "@/lib/destinations/open-destination-repo";
import { withRepositoryLock } from "@/lib/destinations/repository-lock";
import { errorInfo } from "@/lib/error-info";
import type { BackupResult } from "@/lib/engine";
import type { SnapshotRow } from "../backup-rows";
import { indexSnapshotFiles } from "../index-snapshot-files";
import type { BackupRun } from "./backup-run";

export async function indexSavedFolder(
  run: BackupRun,
  row: SnapshotRow,
  r: OpenedRepo,
  res: BackupResult,
): Promise<void> {
  if (row.sourceType !== "directory") return;
  await withRepositoryLock(
    r.destinationId,
    "shared",
    () => indexSnapshotFiles(row.id, r.repo, res.snapshotId, { signal: run.signal }),
    { signal: run.signal, purpose: "index files" },
  ).catch((e) =>
    run.log(
      "warn",
      `${row.sourceName} → ${r.name}: the file list could not be indexed (${errorInfo(e).message}); the backup itself is fine.`,
    ),
  );
}
