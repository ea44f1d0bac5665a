/* The test-restore run (the `test_restore` job): every source of the backup restored into its scratch
 * target and checked (./restore-one-source.ts), each source's outcome written to the row as soon as it
 * is known, then the row settled and the `test_restore_failed` alert condition re-synced. Owns the
 * test_restores row while it runs. Invariants: scratch targets left by an earlier attempt (a killed
 * worker) are dropped before anything is created; `succeeded` only when every source passed; a cancel
 * ends `cancelled`. Cleanup never delays a result: a source's scratch target is dropped in the
 * background once its result is written, and the job ends only after every drop (the row lists what
 * is left, so a kill in between is swept on the next start or retry). Phase timings go to the job log. */
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
import { phaseClock } from "./phase-clock";
import { testRestoreSource } from "./restore-one-source";
import { dropAllScratch, dropScratch } from "./scratch";
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
  if (!["queued", "running"].includes(row.status)) {
    await dropAllScratch(id, row.scratch); // settled by an attempt killed before its cleanup
    return { status: row.status as JobOutcome["status"], error: row.error ?? null };
  }
  await dropAllScratch(id, row.scratch); // an earlier attempt's leftovers (none on a first run: no query)
  await db
    .update(testRestores)
    .set({ status: "running", startedAt: row.startedAt ?? new Date(), sources: [], error: null })
    .where(eq(testRestores.id, id));
  const results: TTestRestoreSource[] = [];
  const drops: Promise<unknown>[] = [];
  const cleanUp = async () => {
    const started = performance.now();
    await Promise.all(drops);
    await dropAllScratch(id);
    return ((performance.now() - started) / 1000).toFixed(2);
  };
  const finish = async (status: ProofJobStatus, error: ErrorInfo | null): Promise<JobOutcome> => {
    // The result first: the drops are housekeeping, and the row still lists what they have not done.
    await db
      .update(testRestores)
      .set({ status, error, sources: results, finishedAt: new Date() })
      .where(eq(testRestores.id, id));
    await syncTestRestoreAlerts().catch((e) => ctx.log("warn", `Could not update alerts: ${(e as Error).message}`));
    await ctx.log("info", `Scratch targets dropped after the result (${await cleanUp()} s).`);
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
      const clock = phaseClock();
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
          clock.mark("open");
          const tested = await testRestoreSource({
            testRestoreId: id,
            index,
            spec,
            snapshotId: snap.snapshotId!,
            destinationId: snap.destinationId,
            repo,
            manifest: snap.manifest ?? null,
            dumpBytes: snap.totalBytes,
            signal: ctx.signal,
            scratchRoot,
            clock,
          });
          result = tested.result;
          const target = tested.scratch;
          if (target) drops.push(dropScratch(id, target)); // in the background: the next source need not wait
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
      clock.mark("recorded");
      const failed = result.checks.filter((c) => c.status === "failed").map((c) => `${c.name}: ${c.message}`);
      await ctx.log(
        failed.length ? "error" : "info",
        `${snap.sourceName}: ${failed.length ? failed.join(" · ") : `passed in ${result.durationSeconds ?? 0} s`}`,
      );
      await ctx.log("info", `${snap.sourceName}: phases ${clock.text()}`);
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
    await cleanUp();
    throw e;
  }
}
