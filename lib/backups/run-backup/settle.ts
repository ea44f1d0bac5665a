/* Step 4 of a backup run: record the outcome on the backup row (status, bytes, error; 100 % when it
 * succeeded) and, after a good backup that is not a safety backup, queue the environment's retention. */
import "server-only";
import { errorInfo } from "@/lib/error-info";
import { enqueueJob } from "@/lib/jobs/queue";
import { finishBackupRow, listSnapshotRows, type BackupRow } from "../backup-rows";
import { retentionJob } from "../retention-job";
import { DONE_PROGRESS, type BackupRun } from "./backup-run";
import { backupOutcome, SAVED, type RunStatus } from "./outcome";

export async function settleBackup(
  run: BackupRun,
  b: BackupRow,
  expected: number,
  cancelled: boolean,
): Promise<{ status: RunStatus; error: ReturnType<typeof backupOutcome>["error"] }> {
  const final = await listSnapshotRows(b.id);
  const { status, error } = backupOutcome(final, expected, cancelled);
  const ok = final.filter((r) => SAVED.has(r.status));
  if (status === "succeeded") run.progress(DONE_PROGRESS);
  await run.flush();
  await finishBackupRow(b.id, {
    status,
    totalBytes: ok.reduce((n, r) => n + (r.totalBytes ?? 0), 0),
    addedBytes: ok.reduce((n, r) => n + (r.addedBytes ?? 0), 0),
    error,
    ...(status === "succeeded" ? { progress: DONE_PROGRESS } : {}),
  });
  if ((status === "succeeded" || status === "partial") && b.trigger !== "safety") {
    await enqueueJob(
      retentionJob.request({ subjectId: b.environmentId, environmentId: b.environmentId, params: { after: b.id } }),
    ).catch((e) => run.log("warn", `Retention could not be queued: ${errorInfo(e).message}`));
  }
  return { status, error };
}
