/* The restore run (the `restore` job, lib/restores/restore-job.ts): first a safety backup of the target
 * environment (when asked; createRestore forces it for production; ./safety-step.ts), recorded on the
 * restore row, then each matched snapshot streamed back into its target source (lib/engine
 * `restoreSource`) — from an off-site copy when the backup's own destinations cannot give it back
 * (lib/copies/restore-from-copy, recorded as `restoredFromCopy`) only when the primary is unreachable or
 * lacks the snapshot (lib/copies/fallback-reason.ts). Owns the restore row while it runs. Invariants: nothing is
 * restored unless the safety backup succeeded; a retried attempt reuses a safety backup that already
 * succeeded; `succeeded` only when every planned source was restored. */
import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { backupSnapshots, restores } from "@/lib/db/schema";
import type { BackupProgress, ErrorInfo } from "@/lib/db/schema/backups";
import { Cancelled, restoreSource, type Progress, type Repo } from "@/lib/engine";
import { copyFallbackReasonOfAll } from "@/lib/copies/fallback-reason";
import { restoreFromCopy } from "@/lib/copies/restore-from-copy";
import { withRepositoryLock } from "@/lib/destinations/repository-lock";
import { loadSourceSpec } from "@/lib/sources/load-source-spec";
import type { JobContext, JobOutcome } from "@/lib/jobs/job-context";
import { loadEnvironmentForJob } from "@/lib/environments/environment-for-job";
import { openDestinationRepo } from "@/lib/destinations/open-destination-repo";
import { errorInfo } from "@/lib/error-info";
import { safetyBackup } from "./safety-step";
import { planRestore } from "../restore-plan";

export type RestoreJobContext = JobContext<
  { subjectId: string; environmentId: string; params: { safetyBackup: boolean } },
  BackupProgress
>;

export async function runRestore(ctx: RestoreJobContext): Promise<JobOutcome> {
  const db = getDb();
  const restoreId = ctx.input.subjectId;
  const [r] = await db.select().from(restores).where(eq(restores.id, restoreId));
  if (!r) return { status: "failed", error: { code: "not_found", message: "The restore row is gone." } };
  // A retry after the worker died between finishing the restore and finishing the job must not restore
  // over the target a second time (its safety backup would be reused, so newer writes would be lost).
  if (["succeeded", "partial", "failed", "cancelled"].includes(r.status)) {
    return { status: r.status as JobOutcome["status"], error: r.error ?? null };
  }
  await db
    .update(restores)
    .set({ status: "running", startedAt: r.startedAt ?? new Date(), error: null })
    .where(eq(restores.id, restoreId));
  ctx.mirrorProgress(async (p) => {
    await db.update(restores).set({ progress: p }).where(eq(restores.id, restoreId));
  });
  const finish = async (status: JobOutcome["status"], error: ErrorInfo | null) => {
    await ctx.flush();
    await db.update(restores).set({ status, error, finishedAt: new Date() }).where(eq(restores.id, restoreId));
    return { status, error };
  };
  try {
    if (ctx.input.params.safetyBackup) {
      const problem = await safetyBackup(ctx, restoreId, r.targetEnvironmentId, r.safetyBackupId);
      if (problem) return finish("failed", problem);
    }
    const target = await loadEnvironmentForJob(r.targetEnvironmentId);
    const snaps = await db.select().from(backupSnapshots).where(eq(backupSnapshots.backupId, r.backupId!));
    const plan = planRestore(snaps, target.sources, r.scope, r.paths, r.sourceMap, r.includeCode);
    if (!plan.items.length)
      return finish("failed", { code: "nothing_to_restore", message: plan.problem ?? "Nothing to restore." });
    const base = ctx.input.params.safetyBackup ? 50 : 0;
    const failures: string[] = [];
    let done = 0;
    for (const item of plan.items) {
      ctx.signal.throwIfAborted();
      const phase = `Restoring ${item.target.name}`;
      let restored = false;
      let lastError: unknown;
      const restoreFrom = async (repo: Repo, snapshotId: string) =>
        restoreSource(repo, {
          snapshotId,
          source: await loadSourceSpec(item.target.id),
          ...(item.paths ? { paths: item.paths } : {}),
          mode: r.mode, // mirror (default) or merge, for folders
          signal: ctx.signal,
          onProgress: (p: Progress) =>
            ctx.progress({
              percent: base + ((done + p.percent) / plan.items.length) * (100 - base),
              bytesDone: p.bytesDone,
              bytesTotal: p.bytesTotal,
              filesDone: p.filesDone,
              etaSeconds: p.etaSeconds ?? null,
              phase,
            }),
        });
      // Any destination still holding this source's snapshot will do; try them in order. Snapshots the
      // primary's retention forgot are not tried: the backup lives on only in its copies.
      const held = item.snapshots.filter((s) => !s.forgottenAt);
      const primaryErrors: unknown[] = [];
      for (const snap of held) {
        try {
          const { repo } = await openDestinationRepo(snap.destinationId);
          await withRepositoryLock(snap.destinationId, "shared", () => restoreFrom(repo, snap.snapshotId!), {
            signal: ctx.signal,
            purpose: "restore",
          });
          restored = true;
          break;
        } catch (e) {
          if (e instanceof Cancelled || ctx.signal.aborted) throw e;
          lastError = e;
          primaryErrors.push(e);
        }
      }
      const sourceId = item.snapshots[0]?.sourceId;
      // A copy stands in only when the primary is unreachable or lacks the snapshot (fallback-reason.ts):
      // a wrong password or a failing restore target is reported, not hidden behind a copy.
      const why = held.length
        ? copyFallbackReasonOfAll(primaryErrors)
        : "Not in the primary any more (its retention removed it)";
      if (!restored && sourceId && why) {
        const fb = await restoreFromCopy(r.backupId!, sourceId, restoreFrom, { signal: ctx.signal });
        if (fb.used) {
          restored = true;
          const message = `${why}: restored ${item.target.name} from copy ${fb.used.destinationName}.`;
          await ctx.log("warn", message);
          await db
            .update(restores)
            .set({ restoredFromCopy: { ...fb.used, message } })
            .where(eq(restores.id, restoreId));
        } else {
          lastError = new Error(
            `${lastError ? errorInfo(lastError).message : why} (copies: ${fb.errors.join("; ") || "none holds it"})`,
          );
        }
      } else if (!restored && primaryErrors.length) {
        await ctx.log(
          "info",
          `${item.target.name}: not read from a copy — the primary's error is not about reaching it.`,
        );
      }
      done++;
      ctx.progress({
        percent: base + (done / plan.items.length) * (100 - base),
        bytesDone: 0,
        bytesTotal: 0,
        filesDone: 0,
        etaSeconds: null,
        phase,
      });
      if (restored) await ctx.log("info", `Restored ${item.target.name}.`);
      else {
        failures.push(`${item.target.name}: ${errorInfo(lastError).message}`);
        await ctx.log("error", `${item.target.name}: ${errorInfo(lastError).message}`);
      }
    }
    if (!failures.length) return finish("succeeded", null);
    const error = { code: "restore_failed", message: failures.join(" · ").slice(0, 2000) };
    return finish(failures.length < plan.items.length ? "partial" : "failed", error);
  } catch (e) {
    if (e instanceof Cancelled || ctx.signal.aborted) return finish("cancelled", null);
    throw e;
  }
}
