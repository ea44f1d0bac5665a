/* A restore's fallback to an off-site copy: when none of a backup's own destinations can give a
 * source's snapshot back (the primary unreachable, its repository gone), each succeeded copy of that
 * backup is tried in turn — the snapshot found in the copy repository by its tags (backup and source),
 * read under that destination's shared lock. Says which copy it used, so the restore can record it
 * ("primary unreachable: restored from copy …"). */
import "server-only";
import { and, asc, eq, isNull } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { backupCopies, destinations } from "@/lib/db/schema";
import { loadDestinationRepo } from "@/lib/destinations/load-destination-repo";
import { withRepositoryLock } from "@/lib/destinations/repository-lock";
import { Cancelled, listSnapshots, type Repo } from "@/lib/engine";

export type CopyUsed = { destinationId: string; destinationName: string };

/** Runs `restore(repo, snapshotId)` against the first copy that holds this source's snapshot of the
 * backup and succeeds. Null when there is no copy (or none worked); `errors` say why each failed. */
export async function restoreFromCopy(
  backupId: string,
  sourceId: string,
  restore: (repo: Repo, snapshotId: string) => Promise<unknown>,
  opts: { signal?: AbortSignal } = {},
): Promise<{ used: CopyUsed | null; errors: string[] }> {
  const copies = await getDb()
    .select({ destinationId: backupCopies.destinationId, name: destinations.name })
    .from(backupCopies)
    .innerJoin(destinations, eq(destinations.id, backupCopies.destinationId))
    .where(
      and(eq(backupCopies.backupId, backupId), eq(backupCopies.status, "succeeded"), isNull(backupCopies.forgottenAt)),
    )
    .orderBy(asc(backupCopies.copiedAt));
  const errors: string[] = [];
  for (const c of copies) {
    try {
      const repo = await loadDestinationRepo(c.destinationId);
      await withRepositoryLock(
        c.destinationId,
        "shared",
        async () => {
          const [snap] = await listSnapshots(repo, { tags: [`backup:${backupId}`, `source:${sourceId}`] });
          if (!snap) throw new Error(`the copy in ${c.name} no longer holds this snapshot`);
          await restore(repo, snap.id);
        },
        { signal: opts.signal, purpose: "restore from copy" },
      );
      return { used: { destinationId: c.destinationId, destinationName: c.name }, errors };
    } catch (e) {
      if (e instanceof Cancelled || opts.signal?.aborted) throw e;
      errors.push(`${c.name}: ${(e as Error).message}`);
    }
  }
  return { used: null, errors };
}
