/* Opening a destination's repository for a job: the engine Repo (lib/destinations/load-destination-repo.ts),
 * its repository created first only when the destination was never initialised (through
 * requireInitializedRepository, under the destination's exclusive repository lock) and — when a job is
 * retried after its worker died — cleared of stale restic locks under that exclusive lock (`unlock` only
 * removes locks whose process is gone or that are older than restic's stale limit). A key rotation that
 * was interrupted may have left a pending password that is the only one that opens: it is promoted
 * first (lib/keys/repository-password.ts; only when the row has a pending password). The destination's row
 * is read once for all of this. */
import "server-only";
import { getDestinationRow } from "@/lib/destinations/get-destination";
import { destinationRepoOf } from "@/lib/destinations/load-destination-repo";
import { requireInitializedRepository } from "@/lib/destinations/ensure-repository-initialized";
import { withRepositoryLock } from "@/lib/destinations/repository-lock";
import { listSnapshots, unlock, type Repo } from "@/lib/engine";
import { reconcilePendingPassword } from "@/lib/keys/repository-password";

export type OpenedRepo = { destinationId: string; name: string; repo: Repo };

export async function openDestinationRepo(
  destinationId: string,
  opts: { init?: boolean; clearStaleLocks?: boolean; signal?: AbortSignal } = {},
) {
  // One read of the row; read again only after a pending password was looked at (it may be promoted).
  let row = await getDestinationRow(destinationId);
  if (row.pendingRepoPasswordEnc) {
    await reconcilePendingPassword(destinationId, { signal: opts.signal });
    row = await getDestinationRow(destinationId);
  }
  const repo = destinationRepoOf(row);
  if (opts.init && !row.initializedAt) await requireInitializedRepository(destinationId, { signal: opts.signal });
  if (opts.clearStaleLocks) {
    await withRepositoryLock(destinationId, "exclusive", () => unlock(repo), {
      signal: opts.signal,
      purpose: "clear stale locks",
    });
  }
  return { destinationId, name: row.name, repo } satisfies OpenedRepo;
}

/** Full ids of the snapshots the repository lists for this backup (the truth for "succeeded"). */
export async function listedSnapshotIds(repo: Repo, backupId: string): Promise<Set<string>> {
  const snaps = await listSnapshots(repo, { tags: [`backup:${backupId}`] });
  return new Set(snaps.map((s) => s.id));
}
