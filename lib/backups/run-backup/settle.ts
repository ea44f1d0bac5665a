/* Step 4 of a backup run: record the outcome on the backup row (status, bytes, error, its verification;
 * 100 % and the real size when it succeeded; one update) and, after a good backup that is not a safety
 * backup, queue the environment's retention and its copies to every copy target (lib/copies). */
import "server-only";
import { errorInfo } from "@/lib/error-info";
import { enqueueJob } from "@/lib/jobs/queue";
import type { TVerification } from "@/lib/proof/schema";
import { finishBackupRow, listSnapshotRows, type BackupRow, type SnapshotRow } from "../backup-rows";
import { retentionJob } from "../retention-job";
import { getEffectiveSettings } from "@/lib/backup-settings/effective-settings";
import { queueCopies } from "@/lib/copies/queue-copies";
import type { BackupRun } from "./backup-run";
import { backupOutcome, SAVED, type RunStatus } from "./outcome";
import { RunProgressTotals } from "./run-progress";

export async function settleBackup(
  run: BackupRun,
  b: BackupRow,
  expected: number,
  cancelled: boolean,
  /** `rows`: the run's snapshot rows as it wrote them (read from the database when absent);
   * `verification`: written on the row with the outcome, in the same update. */
  known: { rows?: SnapshotRow[]; verification?: TVerification } = {},
): Promise<{ status: RunStatus; error: ReturnType<typeof backupOutcome>["error"] }> {
  const final = known.rows ?? (await listSnapshotRows(b.id));
  const { status, error } = backupOutcome(final, expected, cancelled);
  const ok = final.filter((r) => SAVED.has(r.status));
  const totalBytes = ok.reduce((n, r) => n + (r.totalBytes ?? 0), 0);
  // 100 % with the backup's real size (never "done · 0 B" for a folder of 3 MB).
  const done = RunProgressTotals.done(
    totalBytes,
    ok.reduce((n, r) => n + (r.filesTotal ?? 0), 0),
  );
  if (status === "succeeded") run.progress(done);
  await run.flush();
  await finishBackupRow(b.id, {
    status,
    totalBytes,
    addedBytes: ok.reduce((n, r) => n + (r.addedBytes ?? 0), 0),
    error,
    ...(status === "succeeded" ? { progress: done } : {}),
    ...(known.verification ? { verification: known.verification } : {}),
  });
  if ((status === "succeeded" || status === "partial") && b.trigger !== "safety") {
    await enqueueJob(
      retentionJob.request({ subjectId: b.environmentId, environmentId: b.environmentId, params: { after: b.id } }),
    ).catch((e) => run.log("warn", `Retention could not be queued: ${errorInfo(e).message}`));
    await getEffectiveSettings(b.environmentId)
      .then((s) =>
        queueCopies(
          b,
          s.copies,
          ok.map((r) => r.destinationId),
        ),
      )
      .then((ids) => (ids.length ? run.log("info", `Queued ${ids.length} off-site copy job(s).`) : undefined))
      .catch((e) => run.log("warn", `Copies could not be queued: ${errorInfo(e).message}`));
  }
  return { status, error };
}
