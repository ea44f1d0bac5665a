/* Opening a destination's repository for a job: the engine Repo (lib/destinations' loadDestinationRepo),
 * created on first use (init when the destination was never initialised), and — when a job is retried
 * after its worker died — cleared of stale restic locks (`unlock` only removes locks whose process is
 * gone or that are older than restic's stale limit; live locks are left alone). */
import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { destinations } from "@/lib/db/schema";
import { loadDestinationRepo } from "@/lib/destinations/load-destination-repo";
import { initRepo, listSnapshots, RepoExists, unlock, type Repo } from "@/lib/engine";

export type OpenedRepo = { destinationId: string; name: string; repo: Repo };

export async function openDestinationRepo(
  destinationId: string,
  opts: { init?: boolean; clearStaleLocks?: boolean } = {},
) {
  const repo = await loadDestinationRepo(destinationId);
  const [row] = await getDb()
    .select({ name: destinations.name, initializedAt: destinations.initializedAt })
    .from(destinations)
    .where(eq(destinations.id, destinationId));
  if (opts.init) {
    if (!row?.initializedAt) {
      try {
        await initRepo(repo);
      } catch (e) {
        if (!(e instanceof RepoExists)) throw e;
      }
      await getDb().update(destinations).set({ initializedAt: new Date() }).where(eq(destinations.id, destinationId));
    }
  }
  if (opts.clearStaleLocks) await unlock(repo);
  return { destinationId, name: row?.name ?? destinationId, repo } satisfies OpenedRepo;
}

/** Full ids of the snapshots the repository lists for this backup (the truth for "succeeded"). */
export async function listedSnapshotIds(repo: Repo, backupId: string): Promise<Set<string>> {
  const snaps = await listSnapshots(repo, { tags: [`backup:${backupId}`] });
  return new Set(snaps.map((s) => s.id));
}
