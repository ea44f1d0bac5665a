/* Before a backup is deleted (lib/backups/delete-backup.ts): its copies that are only queued (never
 * started, or waiting for a retry) are cancelled — the job in pg-boss and its `jobs` row, and the copy
 * row says failed "cancelled: its backup was deleted" — so none can land after the delete. A copy whose
 * job is running refuses the whole delete (409) before anything is cancelled. The job row is flagged
 * with a compare-and-set on `status = 'queued'` first: a worker refuses a flagged row (claimJobRow), so
 * a copy cannot start between this check and the cancel; one that started just before is refused. */
import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { jobs } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { requestJobCancel } from "@/lib/jobs/cancel";
import { getJobRow } from "@/lib/jobs/job-rows";
import { type BackupCopyRow, markCopyFailed } from "./copy-rows";

export const COPY_RUNNING_MESSAGE =
  "A copy of this backup to another destination is running now. Wait until it has finished (or failed), then delete the backup.";

const CANCELLED = { code: "cancelled", message: "Cancelled: its backup was deleted before the copy started." };

/** Cancels the queued copies among `copies` (one backup's rows); returns the cancelled rows' ids.
 * Throws 409 (COPY_RUNNING_MESSAGE) when one of them is running. */
export async function cancelQueuedCopies(copies: BackupCopyRow[]): Promise<string[]> {
  const moving = copies.filter((c) => c.status === "queued" || c.status === "running");
  const withJobs = await Promise.all(
    moving.map(async (c) => ({ copy: c, job: c.jobId ? await getJobRow(c.jobId) : undefined })),
  );
  // A job row still queued is not running, whatever the copy row says (a worker that died mid-copy
  // leaves the copy row "running" and the job back in the queue). A finished job runs nothing more.
  if (withJobs.some(({ job }) => job?.status === "running")) throw new AppError("conflict", COPY_RUNNING_MESSAGE);
  const cancelled: string[] = [];
  for (const { copy, job } of withJobs) {
    if (job?.status === "queued") {
      const [flagged] = await getDb()
        .update(jobs)
        .set({ cancelRequested: true })
        .where(and(eq(jobs.id, job.id), eq(jobs.status, "queued")))
        .returning({ id: jobs.id });
      if (!flagged) throw new AppError("conflict", COPY_RUNNING_MESSAGE); // claimed a moment ago
      await requestJobCancel(job.id);
    }
    await markCopyFailed(copy.id, CANCELLED, false);
    cancelled.push(copy.id);
  }
  return cancelled;
}
