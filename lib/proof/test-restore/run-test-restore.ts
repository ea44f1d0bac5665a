/* The test-restore run (the `test_restore` job): every source of the backup restored into its scratch
 * target and checked (./restore-one-source.ts), each source's outcome written to the row as soon as it
 * is known, then the row settled and the `test_restore_failed` alert condition re-synced. Owns the
 * test_restores row while it runs. Invariants: scratch targets left by an earlier attempt (a killed
 * worker) are dropped before anything is created; `succeeded` only when every source passed; a cancel
 * ends `cancelled` with every scratch target dropped. */
import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { backupSnapshots, sources as sourcesTable, testRestores } from "@/lib/db/schema";
import type { ErrorInfo } from "@/lib/db/schema/backups";
import { Cancelled } from "@/lib/engine";
import { openDestinationRepo } from "@/lib/destinations/open-destination-repo";
import { errorInfo } from "@/lib/error-info";
import type { JobContext, JobOutcome } from "@/lib/jobs/job-context";
import type { ProofJobStatus, TTestRestoreSource } from "@/lib/proof/schema";
import { loadSourceSpec } from "@/lib/sources/load-source-spec";
import { syncTestRestoreAlerts } from "./test-restore-alerts";
import { testRestoreSource } from "./restore-one-source";
import { dropAllScratch } from "./scratch";
import { stagingRootFor } from "@/lib/projects/restore-location";

export type TestRestoreJobContext = JobContext<{ subjectId: string; environmentId: string }>;

type SnapRow = typeof backupSnapshots.$inferSelect;

/** One restorable snapshot per source (the first good one; a source backed up to two destinations is
 * tested once). */
function snapshotsBySource(snaps: SnapRow[]): SnapRow[] {
  const seen = new Map<string, SnapRow>();
  for (const s of snaps) {
    if (!s.snapshotId || !["succeeded", "partial"].includes(s.status)) continue;
    if (!seen.has(s.sourceId)) seen.set(s.sourceId, s);
  }
  return [...seen.values()];
}

export async function runTestRestore(ctx: TestRestoreJobContext): Promise<JobOutcome> {
  const db = getDb();
  const id = ctx.input.subjectId;
  const [row] = await db.select().from(testRestores).where(eq(testRestores.id, id));
  if (!row) return { status: "failed", error: { code: "not_found", message: "The test restore row is gone." } };
  if (!["queued", "running"].includes(row.status))
    return { status: row.status as JobOutcome["status"], error: row.error ?? null };
  await dropAllScratch(id);
  await db
    .update(testRestores)
    .set({ status: "running", startedAt: row.startedAt ?? new Date(), sources: [], error: null })
    .where(eq(testRestores.id, id));
  const results: TTestRestoreSource[] = [];
  const finish = async (status: ProofJobStatus, error: ErrorInfo | null): Promise<JobOutcome> => {
    await dropAllScratch(id);
    await db
      .update(testRestores)
      .set({ status, error, sources: results, finishedAt: new Date() })
      .where(eq(testRestores.id, id));
    await syncTestRestoreAlerts().catch((e) => ctx.log("warn", `Could not update alerts: ${(e as Error).message}`));
    return { status: status === "queued" || status === "running" ? "failed" : status, error };
  };
  try {
    const snaps = snapshotsBySource(
      await db.select().from(backupSnapshots).where(eq(backupSnapshots.backupId, row.backupId)),
    );
    if (!snaps.length)
      return finish("failed", { code: "nothing_to_restore", message: "This backup has no snapshot to restore." });
    const scratchRoot = await stagingRootFor(ctx.input.environmentId);
    for (const [index, snap] of snaps.entries()) {
      ctx.signal.throwIfAborted();
      ctx.progress({ percent: (index / snaps.length) * 100, phase: `Test-restoring ${snap.sourceName}` });
      const [live] = await db
        .select({ id: sourcesTable.id })
        .from(sourcesTable)
        .where(and(eq(sourcesTable.id, snap.sourceId)));
      let result: TTestRestoreSource;
      if (!live) {
        const message = "The source was deleted since this backup; its settings (server, credentials) are gone.";
        result = {
          sourceId: snap.sourceId,
          name: snap.sourceName,
          status: "failed",
          durationSeconds: null,
          checks: [{ name: "Source exists", status: "failed", message }],
        };
      } else {
        try {
          const { repo } = await openDestinationRepo(snap.destinationId);
          const spec = await loadSourceSpec(snap.sourceId);
          result = await testRestoreSource({
            testRestoreId: id,
            index,
            spec,
            snapshotId: snap.snapshotId!,
            destinationId: snap.destinationId,
            repo,
            manifest: snap.manifest ?? null,
            signal: ctx.signal,
            scratchRoot,
          });
        } catch (e) {
          if (e instanceof Cancelled || ctx.signal.aborted) throw e;
          const message = errorInfo(e).message;
          result = {
            sourceId: snap.sourceId,
            name: snap.sourceName,
            status: "failed",
            durationSeconds: null,
            checks: [{ name: "Destination opened", status: "failed", message }],
          };
        }
      }
      results.push(result);
      await db.update(testRestores).set({ sources: results }).where(eq(testRestores.id, id));
      const failed = result.checks.filter((c) => c.status === "failed").map((c) => `${c.name}: ${c.message}`);
      await ctx.log(
        failed.length ? "error" : "info",
        `${snap.sourceName}: ${failed.length ? failed.join(" · ") : `passed in ${result.durationSeconds ?? 0} s`}`,
      );
    }
    ctx.signal.throwIfAborted(); // a cancel during the last source's checks is a cancel, not a failure
    const bad = results.filter((r) => r.status === "failed");
    if (!bad.length) return finish("succeeded", null);
    const message = bad
      .map(
        (r) =>
          `${r.name}: ${r.checks
            .filter((c) => c.status === "failed")
            .map((c) => c.message)
            .join(" ")}`,
      )
      .join(" · ");
    return finish("failed", { code: "test_restore_failed", message: message.slice(0, 2000) });
  } catch (e) {
    if (e instanceof Cancelled || ctx.signal.aborted) {
      if (ctx.abortReason() === "lost") throw e; // another worker has the job now: leave the row to it
      return finish("cancelled", null);
    }
    await dropAllScratch(id);
    throw e;
  }
}
