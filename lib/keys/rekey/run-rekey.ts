/* Re-keying a destination's repository (the `rekey` job's run), under the destination's EXCLUSIVE
 * repository lock from the first step to the switch, so backups, retention, checks, copies and key
 * changes of this destination wait meanwhile (lib/destinations/repository-lock.ts). Steps, each recorded
 * on the repository_rekeys row and each safe to repeat:
 *   prepared     note the old repository's id (`cat config`);
 *   initialized  `init --copy-chunker-params` of the new repository with the new password (an attempt
 *                that finds it made already — by an earlier, killed attempt — reuses it when the new
 *                password opens it and it is not the old one);
 *   copied       `restic copy` of every snapshot (idempotent: present ones are skipped; always run again
 *                on a retry, since backups may have gone into the old repository between attempts);
 *   checked      `restic check --read-data` of the new repository (skipped on a retry that copied nothing);
 *   compared     both snapshot lists: every old snapshot has exactly one copy (restic's `original`) with
 *                the same tree, tags, host and paths; copies of snapshots the old repository no longer
 *                holds (forgotten between attempts) are forgotten from the new one;
 *   switched     ../switch-repository.ts, one transaction.
 * Whatever step a kill -9 lands on, the destination's row names a repository its password opens: the old
 * one up to the commit of the switch, the new one from then on. The recovery kit is built from the row,
 * so it names the new repository from the switch on. Each step is audited (destination.rekey_step). */
import "server-only";
import { eq } from "drizzle-orm";
import { writeAudit } from "@/lib/audit/write-audit";
import { SYSTEM_ACTOR } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { destinations } from "@/lib/db/schema";
import type { RekeyStep } from "@/lib/db/schema/rekeys";
import { getDestinationRow } from "@/lib/destinations/get-destination";
import { withRepositoryLock } from "@/lib/destinations/repository-lock";
import {
  check,
  copySnapshots,
  forget,
  initRepo,
  listSnapshots,
  passwordOpens,
  RepoExists,
  readRepoConfig,
  type Repo,
} from "@/lib/engine";
import { errorInfo } from "@/lib/error-info";
import type { JobContext, JobOutcome } from "@/lib/jobs/job-context";
import { reconcilePendingPassword } from "../repository-password";
import { pauseAt } from "../rotate/test-pause";
import { compareSnapshotLists } from "./compare-snapshots";
import { newRepoOf, oldRepoOf } from "./rekey-repos";
import { getRekeyRow, markRekeyRunning, type RekeyRow, recordRekeyStep, stepDone } from "./rekey-rows";
import { switchRepository } from "./switch-repository";

export type RekeyInput = { subjectId: string; environmentId?: string | null; params: Record<string, unknown> };

type Target = { type: string; id: string; name: string };

async function audited(target: Target, row: RekeyRow, step: RekeyStep, details: Record<string, unknown> = {}) {
  await writeAudit({
    actor: SYSTEM_ACTOR,
    action: "destination.rekey_step",
    target,
    details: { rekeyId: row.id, step, ...details },
  });
}

async function initNewRepository(old: Repo, fresh: Repo, oldId: string, signal: AbortSignal): Promise<string> {
  try {
    await initRepo(fresh, { copyChunkerParamsFrom: old });
  } catch (e) {
    // An earlier attempt made it and died before recording the step: ours if the new password opens it.
    if (!(e instanceof RepoExists) || !(await passwordOpens(fresh, { signal }))) throw e;
  }
  const { id } = await readRepoConfig(fresh, { signal });
  if (id === oldId) throw new Error("The new location holds the old repository itself; choose another location.");
  return id;
}

async function rekeyUnderLock(ctx: JobContext<RekeyInput>, first: RekeyRow, target: Target) {
  const signal = ctx.signal;
  let row = first;
  await reconcilePendingPassword(row.destinationId, { signal });
  const dest = await getDestinationRow(row.destinationId);
  const old = await oldRepoOf(dest);
  const fresh = await newRepoOf(dest, row);
  const step = async (s: RekeyStep, extra: Parameters<typeof recordRekeyStep>[2] = {}, details = {}) => {
    await pauseAt(`rekey_${s}`, signal);
    row = await recordRekeyStep(row.id, s, extra);
    await audited(target, row, s, details);
  };

  if (!stepDone(row, "prepared")) {
    ctx.progress({ percent: 5, phase: "reading the old repository" });
    const { id } = await readRepoConfig(old, { signal });
    await step("prepared", { oldRepositoryId: id });
  }
  if (!stepDone(row, "initialized")) {
    ctx.progress({ percent: 10, phase: "creating the new repository" });
    const id = await initNewRepository(old, fresh, row.oldRepositoryId!, signal);
    await ctx.log("info", `Created the new repository (id ${id.slice(0, 8)}) with the old one's chunker parameters.`);
    await step("initialized", { newRepositoryId: id });
  }
  ctx.progress({ percent: 20, phase: "copying every snapshot" });
  const copied = await copySnapshots(old, fresh, { signal });
  await ctx.log("info", `Copied: ${copied.copied.length} new, ${copied.skipped.length} already there.`);
  if (!stepDone(row, "copied") || copied.copied.length) await step("copied", {}, { copied: copied.copied.length });
  if (!stepDone(row, "checked") || copied.copied.length) {
    ctx.progress({ percent: 60, phase: "checking the new repository (reading all data)" });
    await check(fresh, { readData: true, signal });
    await ctx.log("info", "The new repository passed `restic check --read-data`.");
    await step("checked");
  }
  ctx.progress({ percent: 85, phase: "comparing the snapshot lists" });
  const cmp = compareSnapshotLists(await listSnapshots(old, { signal }), await listSnapshots(fresh, { signal }));
  if (cmp.extra.length) {
    await forget(fresh, { ids: cmp.extra });
    await ctx.log("info", `Forgot ${cmp.extra.length} copied snapshot(s) the old repository no longer holds.`);
  }
  await step("compared", { snapshotMap: cmp.map }, { snapshots: Object.keys(cmp.map).length });

  ctx.progress({ percent: 95, phase: "switching to the new repository" });
  await pauseAt("rekey_switch", signal);
  const sw = await switchRepository({
    row,
    old: { config: dest.config, passwordEnc: dest.repoPasswordEnc },
    snapshotMap: cmp.map,
    now: new Date(),
  });
  row = (await getRekeyRow(row.id))!;
  await audited(target, row, "switched", { ...sw, deleteAfter: sw.deleteAfter.toISOString() });
  await pauseAt("rekey_switched", signal);
  return { row, sw };
}

export async function runRekey(ctx: JobContext<RekeyInput>): Promise<JobOutcome> {
  const first = await getRekeyRow(ctx.input.subjectId);
  if (!first) return { status: "failed", error: { code: "not_found", message: "This re-key no longer exists." } };
  if (first.status === "switched" || first.status === "done") return { status: "succeeded" };
  if (!["queued", "running"].includes(first.status)) return { status: "failed" };
  await markRekeyRunning(first.id);
  const [d] = await getDb()
    .select({ name: destinations.name })
    .from(destinations)
    .where(eq(destinations.id, first.destinationId));
  const target = { type: "destination", id: first.destinationId, name: d?.name ?? first.destinationId };
  try {
    const { row, sw } = await withRepositoryLock(
      first.destinationId,
      "exclusive",
      () => rekeyUnderLock(ctx, first, target),
      {
        signal: ctx.signal,
        purpose: "re-key the repository",
      },
    );
    await writeAudit({
      actor: SYSTEM_ACTOR,
      action: "destination.rekey",
      target,
      details: {
        rekeyId: row.id,
        oldRepositoryId: row.oldRepositoryId,
        newRepositoryId: row.newRepositoryId,
        snapshots: Object.keys(row.snapshotMap ?? {}).length,
        rowsRewritten: { backupSnapshots: sw.snapshotRows, backupCopies: sw.copyRows, pitrCache: sw.pitrRows },
        deleteOldAfter: sw.deleteAfter.toISOString(),
      },
    });
    ctx.progress({ percent: 100, phase: "done" });
    await ctx.log(
      "info",
      `Switched to the new repository: ${Object.keys(row.snapshotMap ?? {}).length} snapshot(s), ` +
        `${sw.snapshotRows} backup row(s) rewritten; the old repository is deleted after ${sw.deleteAfter.toISOString()}.`,
    );
    return { status: "succeeded" };
  } catch (e) {
    if (ctx.signal.aborted && ctx.abortReason() === "lost") throw e;
    await ctx.log("error", errorInfo(e).message);
    // A failed attempt is retried by the queue (resuming); the row settles when the job gives up.
    throw e;
  }
}
