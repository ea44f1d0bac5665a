/* Opening a destination's repository for a job: the engine Repo (lib/destinations' loadDestinationRepo),
 * its repository created first only when the destination was never initialised (through
 * requireInitializedRepository, under the destination's exclusive repository lock) and — when a job is
 * retried after its worker died — cleared of stale restic locks under that exclusive lock (`unlock` only
 * removes locks whose process is gone or that are older than restic's stale limit). A key rotation that
 * was interrupted may have left a pending password that is the only one that opens: it is promoted
 * first (lib/keys/repository-password.ts; a no-op without a pending password). */
import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { destinations } from "@/lib/db/schema";
import { loadDestinationRepo } from "@/lib/destinations/load-destination-repo";
import { requireInitializedRepository } from "@/lib/destinations/ensure-repository-initialized";
import { withRepositoryLock } from "@/lib/destinations/repository-lock";
import { listSnapshots, unlock, type Repo } from "@/lib/engine";
import { reconcilePendingPassword } from "@/lib/keys/repository-password";

export type OpenedRepo = { destinationId: string; name: string; repo: Repo };

export async function openDestinationRepo(
  destinationId: string,
  opts: { init?: boolean; clearStaleLocks?: boolean; signal?: AbortSignal } = {},
) {
  await reconcilePendingPassword(destinationId, { signal: opts.signal });
  const repo = await loadDestinationRepo(destinationId);
  const [row] = await getDb()
    .select({ name: destinations.name })
    .from(destinations)
    .where(eq(destinations.id, destinationId));
  if (opts.init) await requireInitializedRepository(destinationId, { signal: opts.signal });
  if (opts.clearStaleLocks) {
    await withRepositoryLock(destinationId, "exclusive", () => unlock(repo), {
      signal: opts.signal,
      purpose: "clear stale locks",
    });
  }
  return { destinationId, name: row?.name ?? destinationId, repo } satisfies OpenedRepo;
}

/** Full ids of the snapshots the repository lists for this backup (the truth for "succeeded"). */
export async function listedSnapshotIds(repo: Repo, backupId: string): Promise<Set<string>> {
  const snaps = await listSnapshots(repo, { tags: [`backup:${backupId}`] });
  return new Set(snaps.map((s) => s.id));
}
