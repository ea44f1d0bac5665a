/* Queueing the copies of a good backup: one backup_copies row and one `copy` job per copy target that is
 * not one of the backup's own destinations, in one transaction (so a row never waits for a job that was
 * never queued). Called when a backup settles (lib/backups/run-backup/settle.ts). */
import "server-only";
import { enqueue, prepareQueues } from "@/lib/jobs/queue";
import { inTransaction } from "@/lib/jobs/tx";
import { copyJob, copyRetry } from "./copy-job";
import type { TCopyTarget } from "./schema";

/** Rows and jobs for the copies of `backupId` to each target that is not one of its own destinations.
 * A target already recorded for this backup is left as it is. Returns the queued rows' ids. */
export async function queueCopies(
  backup: { id: string; environmentId: string },
  targets: TCopyTarget[],
  primaryIds: string[],
): Promise<string[]> {
  const wanted = targets.filter((t) => !primaryIds.includes(t.destinationId));
  if (!wanted.length) return [];
  const requests = wanted.map(() =>
    copyJob.request({ subjectId: crypto.randomUUID(), environmentId: backup.environmentId }, { retry: copyRetry() }),
  );
  await prepareQueues(requests);
  return inTransaction(async (q) => {
    const ids: string[] = [];
    for (const [i, t] of wanted.entries()) {
      const r = await q.executeSql(
        `insert into backup_copies (id, backup_id, destination_id, status)
         values ($1, $2, $3, 'queued') on conflict (backup_id, destination_id) do nothing returning id`,
        [requests[i]!.subjectId, backup.id, t.destinationId],
      );
      if (r.rows.length) ids.push(requests[i]!.subjectId!);
    }
    const chosen = requests.filter((r) => ids.includes(r.subjectId!));
    const jobIds = await enqueue(q, chosen);
    for (const [i, jobId] of jobIds.entries())
      await q.executeSql("update backup_copies set job_id = $1 where id = $2", [jobId, chosen[i]!.subjectId]);
    return ids;
  });
}
