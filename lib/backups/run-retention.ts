/* The retention run (the `retention` job, lib/backups/retention-job.ts): takes the one retention
 * decision (lib/backup-settings/decide-retention.ts, the same the gear screen previews: manual and
 * safety backups untouched by the policy, the newest good backup and backups a restore reads always
 * kept), then per destination `forget`s exactly the removed
 * snapshots by id and `prune`s, exclusively on that repository, and marks those snapshot rows forgotten;
 * a backup is deleted only when no copy target still holds it (else it stays listed, "only on copy"). */
import "server-only";
import { and, inArray, isNull } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { backupSnapshots } from "@/lib/db/schema";
import type { BackupProgress } from "@/lib/db/schema/backups";
import { decideRetention } from "@/lib/backup-settings/decide-retention";
import { forget, prune } from "@/lib/engine";
import type { JobContext, JobOutcome } from "@/lib/jobs/job-context";
import { withClusterLock } from "@/lib/db/cluster-lock";
import { withRepositoryLock } from "@/lib/destinations/repository-lock";
import { env } from "@/lib/env";
import { openDestinationRepo } from "@/lib/destinations/open-destination-repo";
import { errorInfo } from "@/lib/error-info";
import { markSnapshotsForgotten, settleForgottenBackups } from "./backup-rows";
import { collectFileIndexPages } from "./file-index/gc";

type RetentionJobContext = JobContext<{ subjectId: string; environmentId: string }, BackupProgress>;

export async function runRetention(ctx: RetentionJobContext): Promise<JobOutcome> {
  // One retention run per environment at a time: two runs deciding on the same rows would forget twice.
  return withClusterLock(`retention:${ctx.input.environmentId}`, "exclusive", () => decideAndRemove(ctx), {
    waitMs: env().LIFEBOAT_REPOSITORY_LOCK_WAIT_SECONDS * 1000,
    signal: ctx.signal,
    holder: "retention",
  });
}

async function decideAndRemove(ctx: RetentionJobContext): Promise<JobOutcome> {
  const db = getDb();
  const decision = (await decideRetention(ctx.input.environmentId))?.decision;
  if (!decision) return { status: "succeeded" };
  const remove = decision.remove.map((d) => d.id);
  await ctx.log("info", `Retention: ${decision.summary} Keeping ${decision.keep.length}, removing ${remove.length}.`);
  if (!remove.length) return { status: "succeeded" };

  const snaps = await db
    .select()
    .from(backupSnapshots)
    .where(and(inArray(backupSnapshots.backupId, remove), isNull(backupSnapshots.forgottenAt)));
  const byDest = new Map<string, typeof snaps>();
  for (const s of snaps) if (s.snapshotId) byDest.set(s.destinationId, [...(byDest.get(s.destinationId) ?? []), s]);
  const failedBackups = new Set<string>();
  const failedDestinations = new Set<string>();
  let done = 0;
  for (const [destinationId, list] of byDest) {
    ctx.signal.throwIfAborted();
    try {
      const { repo, name } = await openDestinationRepo(destinationId);
      await withRepositoryLock(
        destinationId,
        "exclusive",
        async () => {
          // missingOk: a retry of a run killed after `forget` but before the rows were marked deleted
          // finds those snapshots gone already; they are removed, so the rows are marked deleted below.
          await forget(repo, { ids: list.map((s) => s.snapshotId!), missingOk: true });
          await ctx.log("info", `Forgot ${list.length} snapshot(s) in ${name}; pruning.`);
          await prune(repo, { signal: ctx.signal });
        },
        { signal: ctx.signal, purpose: "retention" },
      );
    } catch (e) {
      failedDestinations.add(destinationId);
      for (const s of list) failedBackups.add(s.backupId);
      await ctx.log("error", `Retention could not remove snapshots: ${errorInfo(e).message}`);
    }
    done++;
    ctx.progress({
      percent: (done / byDest.size) * 100,
      bytesDone: 0,
      bytesTotal: 0,
      filesDone: 0,
      etaSeconds: null,
      phase: "prune",
    });
  }
  // Per snapshot row: the destinations that forgot theirs. A backup a copy still holds stays listed
  // (only on the copy); it is deleted when no destination holds it (settleForgottenBackups).
  await markSnapshotsForgotten(
    [...byDest]
      .filter(([destinationId]) => !failedDestinations.has(destinationId))
      .flatMap(([, l]) => l.map((s) => s.id)),
  );
  const deleted = remove.filter((id) => !failedBackups.has(id));
  await settleForgottenBackups(deleted);
  // The file index's folder pages that only the forgotten snapshots reached go with them.
  await collectFileIndexPages().then(
    ({ removed }) =>
      removed ? ctx.log("info", `File index: ${removed} unreferenced folder page(s) removed.`) : undefined,
    (e) => ctx.log("warn", `File index: unreferenced pages could not be removed (${errorInfo(e).message}).`),
  );
  if (failedBackups.size === 0) return { status: "succeeded" };
  return {
    status: deleted.length ? "partial" : "failed",
    error: {
      code: "retention_failed",
      message: `${failedBackups.size} backup(s) could not be removed; see the job log.`,
    },
  };
}
