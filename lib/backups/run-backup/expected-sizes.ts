/* The size each (source, destination) pair of an environment had in its newest kept good snapshot: what a
 * new backup's progress expects while restic's scanner is still counting (run-progress.ts). Keys are
 * `sourceId/destinationId`, as the run names its pairs. Read-only; one query. */
import "server-only";
import { and, desc, eq, isNotNull, isNull } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { backups, backupSnapshots } from "@/lib/db/schema";

export async function expectedPairSizes(environmentId: string): Promise<Map<string, number>> {
  const s = backupSnapshots;
  const rows = await getDb()
    .selectDistinctOn([s.sourceId, s.destinationId], {
      sourceId: s.sourceId,
      destinationId: s.destinationId,
      totalBytes: s.totalBytes,
    })
    .from(s)
    .innerJoin(backups, eq(backups.id, s.backupId))
    .where(
      and(
        eq(backups.environmentId, environmentId),
        isNull(backups.deletedAt),
        eq(s.status, "succeeded"),
        isNotNull(s.totalBytes),
      ),
    )
    .orderBy(s.sourceId, s.destinationId, desc(s.finishedAt));
  return new Map(rows.map((r) => [`${r.sourceId}/${r.destinationId}`, Number(r.totalBytes)]));
}
