/* The restore-to-time run (the `pitr-restore` job): safety backup of the target database (when asked),
 * the plan for the time from the recovery window (read again: the repository may have changed since the
 * request), the throwaway cluster recovered to that time (./recover-to-time.ts), the database or table
 * copied out into the target (./copy-out.ts) — or, output "cluster", the stopped cluster kept as a
 * download (./cluster-download.ts) — and `recoveredTo` recorded. Owns the restores row while it
 * runs; a retry of a finished row changes nothing. */
import "server-only";
import { eq } from "drizzle-orm";
import { createSafetyBackup, runSafetyBackup, safetyBackupSucceeded } from "@/lib/backups/safety-backup";
import { getDb } from "@/lib/db";
import { restores, type PitrRestoreSpec } from "@/lib/db/schema";
import type { BackupProgress, ErrorInfo } from "@/lib/db/schema/backups";
import { postgresToolConnection } from "@/lib/engine";
import { errorInfo } from "@/lib/error-info";
import type { JobContext, JobOutcome } from "@/lib/jobs/job-context";
import { loadSourceSpec } from "@/lib/sources/load-source-spec";
import { loadSourceWindow } from "../inventory/source-window";
import { planForTime } from "../inventory/window";
import { clusterDownloadRoot } from "./cluster-download-root";
import { keepRecoveredCluster } from "./cluster-download";
import { copyDatabase, copyTable, type ToolConnection } from "./copy-out";
import { recoverToTime } from "./recover-to-time";
import { lastReplayedCommit } from "./scratch-cluster";

type Ctx = JobContext<{ subjectId: string; environmentId: string; params: { safetyBackup: boolean } }, BackupProgress>;

export async function runRestoreToTime(ctx: Ctx): Promise<JobOutcome> {
  const db = getDb();
  const id = ctx.input.subjectId;
  const [r] = await db.select().from(restores).where(eq(restores.id, id));
  if (!r?.pitr) return { status: "failed", error: { code: "not_found", message: "The restore row is gone." } };
  if (["succeeded", "partial", "failed", "cancelled"].includes(r.status)) {
    return { status: r.status as JobOutcome["status"], error: r.error ?? null };
  }
  await db
    .update(restores)
    .set({ status: "running", startedAt: r.startedAt ?? new Date(), error: null })
    .where(eq(restores.id, id));
  ctx.mirrorProgress(async (p) => {
    await db.update(restores).set({ progress: p }).where(eq(restores.id, id));
  });
  const finish = async (status: JobOutcome["status"], error: ErrorInfo | null, recoveredTo?: string | null) => {
    await ctx.flush();
    await db
      .update(restores)
      .set({ status, error, finishedAt: new Date(), ...(recoveredTo ? { recoveredTo: new Date(recoveredTo) } : {}) })
      .where(eq(restores.id, id));
    return { status, error };
  };
  const spec = r.pitr;
  try {
    if (ctx.input.params.safetyBackup) {
      const problem = await safetyStep(ctx, id, r.targetEnvironmentId, r.safetyBackupId, spec);
      if (problem) return finish("failed", problem);
    }
    const base = ctx.input.params.safetyBackup ? 50 : 0;
    const phase = (p: string, pct: number) =>
      ctx.progress({
        phase: p,
        percent: base + (pct * (100 - base)) / 100,
        bytesDone: 0,
        bytesTotal: 0,
        filesDone: 0,
        etaSeconds: null,
      });
    const { window, repo } = await loadSourceWindow(spec.sourceId, ctx.signal);
    const plan = planForTime(window, spec.time);
    if (!plan.ok || !repo)
      return finish("failed", { code: "not_restorable", message: plan.ok ? "No WAL found." : plan.message });
    await ctx.log(
      "info",
      `Base backup ${plan.chain.base.snapshotId.slice(0, 8)} with ${plan.chain.files.length} WAL files.`,
    );
    const target = targetConnection(
      postgresToolConnection(await loadSourceSpec(spec.targetSourceId)),
      spec.targetDatabase,
    );
    const user = String((await loadSourceSpec(spec.sourceId)).config.user ?? "postgres");
    const out = await recoverToTime(
      repo,
      plan.chain,
      plan.targetTime,
      async (c) => {
        if (spec.output === "cluster") {
          const ready = await keepRecoveredCluster(c, clusterDownloadRoot(), id, await lastReplayedCommit(c));
          await ctx.log(
            "info",
            `The whole cluster (PostgreSQL ${ready.majorVersion}) is ready to download until ${ready.expiresAt}.`,
          );
        } else if (spec.output === "table") {
          const rows = await copyTable(c, spec.database, user, spec.table!, spec.newTable!, target);
          await ctx.log("info", `Table ${spec.table} copied into ${spec.newTable} (${rows} rows).`);
        } else {
          await copyDatabase(c, spec.database, user, target);
        }
      },
      { signal: ctx.signal, onPhase: phase },
    );
    await ctx.log("info", `Replayed to ${out.recoveredTo ?? "the base backup (no commits after it)"}.`);
    return finish("succeeded", null, out.recoveredTo);
  } catch (e) {
    if (ctx.signal.aborted) return finish("cancelled", null);
    return finish("failed", errorInfo(e, "restore_failed"));
  }
}

/** The target connection, pointed at another database of the same server when asked. */
function targetConnection(conn: ToolConnection, database?: string): ToolConnection {
  if (!database) return conn;
  const args = conn.args.map((a) => {
    if (!a.startsWith("--dbname=")) return a;
    const v = a.slice("--dbname=".length);
    if (!/^postgres(ql)?:\/\//.test(v)) return `--dbname=${database}`;
    const u = new URL(v);
    u.pathname = `/${encodeURIComponent(database)}`;
    return `--dbname=${u.toString()}`;
  });
  return { ...conn, args, database };
}

async function safetyStep(ctx: Ctx, id: string, envId: string, existing: string | null, spec: PitrRestoreSpec) {
  let safetyId = existing;
  if (safetyId && (await safetyBackupSucceeded(safetyId))) return null;
  if (!safetyId) {
    safetyId = await createSafetyBackup(envId, ctx.jobId);
    await getDb().update(restores).set({ safetyBackupId: safetyId }).where(eq(restores.id, id));
  }
  await ctx.log("info", "Taking a safety backup of the target database before restoring.");
  const outcome = await runSafetyBackup(ctx, safetyId, [{ sourceId: spec.targetSourceId }]);
  if (outcome.status === "succeeded") return null;
  if (outcome.status === "cancelled") throw new Error("Cancelled during the safety backup.");
  return {
    code: "safety_backup_failed",
    message: `The safety backup of the target did not succeed (${outcome.error?.message ?? outcome.status}), so nothing was restored.`,
  };
}
