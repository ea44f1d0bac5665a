/* One copy run (the `copy` job): the backup's snapshots in its primary destination (the one holding the
 * most of them) are copied with `restic copy` into the copy target (created with the primary's chunker
 * parameters when new), holding both repositories' locks shared; the copy is good once the target lists
 * every snapshot, and its ids there are recorded. Then the target's own retention runs. A failed
 * attempt puts the row back to queued with its error while retries remain (pg-boss retries with
 * backoff, copy-job.ts), failed after the last. An attempt that finds its copy already recorded (its
 * worker died after that) only reruns the target's retention. The backup's own status is never changed. */
import "server-only";
import { openDestinationRepo } from "@/lib/destinations/open-destination-repo";
import { copySnapshots, type Repo } from "@/lib/engine";
import { errorInfo } from "@/lib/error-info";
import type { JobContext, JobOutcome } from "@/lib/jobs/job-context";
import { listSnapshotRows } from "@/lib/backups/backup-rows";
import { applyCopyRetention } from "./copy-retention";
import { getCopyRow, markCopyFailed, markCopyRunning, markCopySucceeded } from "./copy-rows";
import { openCopyTarget } from "./open-copy-target";
import { withRepositoryLocks } from "./repository-pair-lock";

export type CopyJobContext = JobContext<{ subjectId: string; environmentId: string }>;

/** The primary destination to copy from and its snapshot ids (the one holding most of the backup). */
async function primarySnapshots(backupId: string): Promise<{ destinationId: string; ids: string[] } | null> {
  const byDest = new Map<string, string[]>();
  for (const s of await listSnapshotRows(backupId)) {
    if ((s.status === "succeeded" || s.status === "partial") && s.snapshotId && !s.forgottenAt)
      byDest.set(s.destinationId, [...(byDest.get(s.destinationId) ?? []), s.snapshotId]);
  }
  const best = [...byDest].sort((a, b) => b[1].length - a[1].length)[0];
  return best ? { destinationId: best[0], ids: best[1] } : null;
}

export async function runCopy(ctx: CopyJobContext, retryLimit: number): Promise<JobOutcome> {
  const row = await getCopyRow(ctx.input.subjectId);
  if (!row)
    return {
      status: "failed",
      error: { code: "not_found", message: "This copy no longer exists (its backup is gone)." },
    };
  if (row.status === "succeeded") {
    // An attempt that died after recording the copy (a killed worker) may have stopped inside the target's
    // retention, between `forget` and marking the rows: run that retention again.
    // (A target that cannot be opened any more leaves the copy as recorded: retention is best effort.)
    const target = await openDestinationRepo(row.destinationId).catch(() => null);
    return target ? retainCopies(ctx, target) : { status: "succeeded" };
  }
  const from = await primarySnapshots(row.backupId);
  if (!from) {
    const error = { code: "nothing_to_copy", message: "The backup has no saved snapshots to copy." };
    await markCopyFailed(row.id, error, false);
    return { status: "failed", error };
  }
  await markCopyRunning(row.id, from.destinationId);
  let targetName = row.destinationId;
  try {
    const primary = await openDestinationRepo(from.destinationId);
    const target = await openCopyTarget(row.destinationId, primary, { signal: ctx.signal });
    targetName = target.name;
    if (target.created)
      await ctx.log(
        "info",
        `Created the copy repository in ${target.name} with the chunker parameters of ${primary.name}.`,
      );
    await ctx.log("info", `Copying ${from.ids.length} snapshot(s) from ${primary.name} to ${target.name}.`);
    const result = await withRepositoryLocks(
      [
        { destinationId: primary.destinationId, mode: "shared" },
        { destinationId: target.destinationId, mode: "shared" },
      ],
      () => copySnapshots(primary.repo, target.repo, { snapshotIds: from.ids, signal: ctx.signal }),
      { signal: ctx.signal, purpose: "copy" },
    );
    if (result.targetSnapshotIds.length !== from.ids.length)
      throw new Error(
        `${target.name} lists ${result.targetSnapshotIds.length} of the ${from.ids.length} copied snapshots.`,
      );
    await markCopySucceeded(row.id, result.targetSnapshotIds);
    await ctx.log(
      "info",
      `Copied to ${target.name}: ${result.copied.length} new, ${result.skipped.length} already there.`,
    );
    return await retainCopies(ctx, target);
  } catch (e) {
    const info = errorInfo(e, "copy_failed");
    const retrying = ctx.attempt <= retryLimit && !ctx.signal.aborted;
    await markCopyFailed(row.id, { code: info.code, message: `Copy to ${targetName}: ${info.message}` }, retrying);
    throw e;
  }
}

/** The target's own retention after a good copy; a failure leaves the copy good (partial), the next
 * copy's retention run tries again. */
async function retainCopies(
  ctx: CopyJobContext,
  target: { destinationId: string; name: string; repo: Repo },
): Promise<JobOutcome> {
  try {
    const r = await applyCopyRetention(ctx.input.environmentId, target, { signal: ctx.signal });
    await ctx.log("info", `Retention in ${target.name} (${r.policy}): kept ${r.kept}, removed ${r.removed}.`);
    return { status: "succeeded" };
  } catch (e) {
    await ctx.log("warn", `Retention in ${target.name} did not run: ${errorInfo(e).message}`);
    return { status: "partial", error: { code: "copy_retention_failed", message: errorInfo(e).message } };
  }
}
