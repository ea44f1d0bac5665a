/* One integrity check of a destination's repository (the `check` job's run): under the destination's
 * exclusive repository lock — so it never overlaps a backup, restore or retention of that repository on
 * any worker, and backups queued meanwhile wait for it — clear stale restic locks, run `restic check`
 * (with the rotating data read), and on damage name the packs and find the backups that depend on them
 * (marked damaged). Then the check_failed alert conditions are brought up to date. */
import "server-only";
import { loadDestinationRepo } from "@/lib/destinations/load-destination-repo";
import { withRepositoryLock } from "@/lib/destinations/repository-lock";
import { CheckFailed, check, damagedPackIds, snapshotsUsingPacks } from "@/lib/engine";
import { env } from "@/lib/env";
import { errorInfo } from "@/lib/error-info";
import type { JobContext, JobOutcome } from "@/lib/jobs/job-context";
import { checkSettingsOf } from "./check-settings";
import { syncCheckAlerts } from "./check-alerts";
import {
  type CheckRow,
  type CheckSettlement,
  getCheckRow,
  knownSnapshots,
  lastReadDataSubset,
  markCheckRunning,
  clearRepairedBackups,
  setBackupsDamaged,
  settleCheck,
} from "./check-rows";
import { nextReadDataSubset } from "./read-data-plan";
import { clearStaleLocks } from "./clear-stale-locks";

export type CheckInput = { subjectId: string; environmentId?: string | null; params: Record<string, unknown> };

type Repo = Awaited<ReturnType<typeof loadDestinationRepo>>;

async function damageOf(
  repo: Repo,
  destinationId: string,
  problems: string[],
  signal: AbortSignal,
): Promise<{ packs: string[]; backupIds: string[] }> {
  const packs = damagedPackIds(problems);
  const known = await knownSnapshots(destinationId);
  const hit = await snapshotsUsingPacks(
    repo,
    packs,
    known.map((k) => k.snapshotId),
    { signal },
  );
  const backupIds = [...new Set(known.filter((k) => hit.includes(k.snapshotId)).map((k) => k.backupId))];
  return { packs, backupIds };
}

/** The check itself, while the exclusive repository lock is held: clear stale locks, `restic check`,
 * on damage find the backups that use it; marks them and settles the row before the lock is let go. */
async function checkUnderLock(ctx: JobContext<CheckInput>, row: CheckRow, repo: Repo): Promise<CheckSettlement> {
  const e = env();
  const subset = nextReadDataSubset(
    row.readData,
    await lastReadDataSubset(row.destinationId, row.id),
    (await checkSettingsOf([row.destinationId])).get(row.destinationId)!.effectiveReadDataRuns,
  );
  await markCheckRunning(row.id, subset);
  ctx.progress({ percent: 5, phase: "clearing stale locks" });
  const locks = await clearStaleLocks(repo, { leaseMs: e.LIFEBOAT_JOB_LEASE_SECONDS * 1000, signal: ctx.signal });
  for (const l of locks.cleared) await ctx.log("warn", l);
  for (const l of locks.live) await ctx.log("info", `Waiting for ${l}, which is still in use.`);
  const what =
    row.readData === "all" ? "structure and all data" : subset ? `structure and data ${subset}` : "structure";
  ctx.progress({ percent: 10, phase: `checking ${what}` });
  await ctx.log("info", `Checking the repository's ${what}.`);
  let result: CheckSettlement = { status: "succeeded", clearedLocks: locks.cleared };
  try {
    await check(repo, { readData: row.readData === "all", readDataSubset: subset, signal: ctx.signal });
  } catch (err) {
    if (!(err instanceof CheckFailed)) throw err;
    ctx.progress({ percent: 80, phase: "finding the backups that use damaged data" });
    const damage = await damageOf(repo, row.destinationId, err.problems, ctx.signal);
    for (const p of err.problems.slice(0, 20)) await ctx.log("error", p);
    result = {
      status: "failed",
      errors: err.problems.map((message) => ({ message })),
      damagedPacks: damage.packs,
      damagedBackupIds: damage.backupIds,
      clearedLocks: locks.cleared,
    };
  }
  // Damaged backups are marked before the row settles (a reader that sees the check failed sees them
  // damaged), and the row is settled while the lock is held, so its times bound the hold.
  await setBackupsDamaged(result.damagedBackupIds ?? [], true);
  if (result.status === "succeeded" && row.readData === "all") {
    const repaired = await clearRepairedBackups(row.destinationId);
    if (repaired.length)
      await ctx.log("info", `Every pack read back intact: ${repaired.length} backup(s) no longer marked damaged.`);
  }
  await settleCheck(row.id, result);
  return result;
}

function outcomeOf(s: CheckSettlement): JobOutcome {
  if (s.status !== "failed") return { status: "succeeded" };
  const n = s.damagedBackupIds?.length ?? 0;
  return {
    status: "failed",
    error: {
      code: "repository_damaged",
      message:
        `The check found ${s.errors?.length ?? 0} problem(s) in the repository` +
        (n ? `; ${n} backup(s) depend on damaged data and are marked damaged.` : "."),
    },
  };
}

export async function runCheck(ctx: JobContext<CheckInput>): Promise<JobOutcome> {
  const row = await getCheckRow(ctx.input.subjectId);
  if (!row) return { status: "failed", error: { code: "not_found", message: "This check no longer exists." } };
  let settlement: CheckSettlement;
  try {
    const repo = await loadDestinationRepo(row.destinationId);
    settlement = await withRepositoryLock(row.destinationId, "exclusive", () => checkUnderLock(ctx, row, repo), {
      signal: ctx.signal,
      purpose: "integrity check",
    });
  } catch (err) {
    const info = errorInfo(err, "check_failed");
    const status = info.code === "Cancelled" || ctx.signal.aborted ? "cancelled" : "failed";
    await settleCheck(row.id, { status, errors: [{ message: info.message }] });
    await syncCheckAlerts();
    return { status, error: info };
  }
  await syncCheckAlerts();
  return outcomeOf(settlement);
}
