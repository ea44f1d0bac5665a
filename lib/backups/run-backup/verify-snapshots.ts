/* Step 3 of a backup run: the repository is the truth, so a snapshot only counts once it is listed
 * there — one listing per destination (by the tag `backup:<id>`), or, for a local repository on a first
 * attempt, its own snapshot folder (restic stores each snapshot as a file named by its full id, so no
 * restic start is needed). A row whose snapshot is not listed
 * fails (`snapshot_missing`); a destination that cannot be listed fails its rows (`verify_failed`). On a
 * retry, snapshots of this backup that no row records (a truncated stdin snapshot of a worker that died
 * mid-stream) are forgotten, so a restore can never pick one up. */
import "server-only";
import { forget, localListedSnapshots } from "@/lib/engine";
import { listedSnapshotIds, type OpenedRepo } from "@/lib/destinations/open-destination-repo";
import { withRepositoryLock } from "@/lib/destinations/repository-lock";
import { errorInfo } from "@/lib/error-info";
import type { SnapshotRow, SnapshotRows } from "../backup-rows";
import type { BackupRun } from "./backup-run";
import { SAVED } from "./outcome";

export async function verifySnapshots(
  run: BackupRun,
  backupId: string,
  repos: OpenedRepo[],
  rows: SnapshotRows,
): Promise<void> {
  for (const r of repos) {
    const saved = rows.rows.filter((p) => p.destinationId === r.destinationId && SAVED.has(p.status));
    if (!saved.length) continue;
    try {
      const listed = await withRepositoryLock(
        r.destinationId,
        "shared",
        () => listedInRepository(run, r, backupId, saved),
        { signal: run.signal, purpose: "verify snapshots" },
      );
      if (run.attempt > 1) await forgetStrays(run, r, listed, new Set(rows.rows.map((p) => p.snapshotId ?? "")));
      for (const row of saved) {
        if (row.snapshotId && listed.has(row.snapshotId)) continue;
        await rows.write(row, {
          status: "failed",
          error: {
            code: "snapshot_missing",
            message: `The snapshot of ${row.sourceName} is not listed in ${r.name}; run the backup again.`,
          },
        });
      }
    } catch (e) {
      for (const row of saved) {
        await rows.write(row, {
          status: "failed",
          error: {
            code: "verify_failed",
            message: `Could not confirm the snapshot in ${r.name}: ${errorInfo(e).message}`,
          },
        });
      }
    }
  }
}

/** The snapshots the repository lists for this backup (a retry lists by tag: it looks for strays). */
async function listedInRepository(
  run: BackupRun,
  r: OpenedRepo,
  backupId: string,
  saved: SnapshotRow[],
): Promise<Set<string>> {
  if (run.attempt === 1) {
    const local = await localListedSnapshots(
      r.repo,
      saved.flatMap((row) => (row.snapshotId ? [row.snapshotId] : [])),
    );
    if (local) return local;
  }
  return listedSnapshotIds(r.repo, backupId);
}

async function forgetStrays(run: BackupRun, r: OpenedRepo, listed: Set<string>, recorded: Set<string>) {
  const strays = [...listed].filter((id) => !recorded.has(id));
  if (!strays.length) return;
  await withRepositoryLock(r.destinationId, "exclusive", () => forget(r.repo, { ids: strays }), {
    signal: run.signal,
    purpose: "forget unfinished snapshots",
  });
  for (const id of strays) listed.delete(id);
  await run.log(
    "info",
    `Removed ${strays.length} unfinished snapshot(s) left in ${r.name} by the interrupted attempt.`,
  );
}
