/* The retention runner: decides with lib/retention's `applyRetention` which of an environment's backups
 * the policy removes (manual and safety backups are never touched by the policy — manual ones only by
 * the max-manual limit — and the newest good backup is never removed), then per destination `forget`s
 * exactly those snapshots by id and `prune`s, exclusively on that repository, and marks the backup rows
 * deleted. Owns nothing else; the decision itself is lib/retention's. A backup that a queued or running
 * restore reads is always kept (forgetting it would break that restore halfway). `decideRetention` is
 * the one decision this runner acts on; a preview should call it too so the two cannot drift apart. */
import "server-only";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { backups, backupSnapshots, environments, restores } from "@/lib/db/schema";
import { forget, prune } from "../engine";
import { applyRetention, resolvePolicy, type RetentionResult } from "@/lib/retention";
import type { JobContext, JobOutcome } from "../job-context";
import { loadJobSettings } from "../environment-info";
import { withRepositoryExclusive } from "../repo-exclusive";
import type { JobHandler } from "../worker";
import { errorInfo } from "./backup";
import { openDestinationRepo } from "./destination-repo";

export async function runRetention(ctx: JobContext): Promise<JobOutcome> {
  // One retention run per environment at a time: two runs deciding on the same rows would forget twice.
  return withRepositoryExclusive(`retention:${ctx.payload.environmentId}`, () => decideAndRemove(ctx));
}

/** What retention would keep and remove in an environment now (null when it is gone): the policy's
 * decision, with backups that a queued or running restore reads moved to "keep". */
export async function decideRetention(environmentId: string, now = new Date()): Promise<RetentionResult | null> {
  const db = getDb();
  const [env] = await db.select().from(environments).where(eq(environments.id, environmentId));
  if (!env) return null;
  const settings = await loadJobSettings(environmentId);
  const policy = resolvePolicy(settings.retention);
  const rows = await db
    .select()
    .from(backups)
    .where(and(eq(backups.environmentId, environmentId), isNull(backups.deletedAt)));
  const decision = applyRetention(
    rows.map((r) => ({ id: r.id, time: r.startedAt ?? r.createdAt, trigger: r.trigger, status: r.status })),
    policy,
    now,
    { maxManualBackups: settings.maxManualBackups, timezone: env.timezone },
  );
  if (!decision.remove.length) return decision;
  const reading = await db
    .select({ backupId: restores.backupId })
    .from(restores)
    .where(and(inArray(restores.backupId, decision.remove.map((d) => d.id)), inArray(restores.status, ["queued", "running"])));
  const inUse = new Set(reading.map((r) => r.backupId));
  if (!inUse.size) return decision;
  const decisions = decision.decisions.map((d) =>
    inUse.has(d.id) && d.action === "remove"
      ? { ...d, action: "keep" as const, reasons: [...d.reasons, "A restore that is queued or running reads this backup."] }
      : d,
  );
  return {
    decisions,
    keep: decisions.filter((d) => d.action === "keep"),
    remove: decisions.filter((d) => d.action === "remove"),
    summary: `${decision.summary} ${inUse.size} backup(s) kept while a restore reads them.`,
  };
}

async function decideAndRemove(ctx: JobContext): Promise<JobOutcome> {
  const db = getDb();
  const decision = await decideRetention(ctx.payload.environmentId!);
  if (!decision) return { status: "succeeded" };
  const remove = decision.remove.map((d) => d.id);
  await ctx.log("info", `Retention: ${decision.summary} Keeping ${decision.keep.length}, removing ${remove.length}.`);
  if (!remove.length) return { status: "succeeded" };

  const snaps = await db.select().from(backupSnapshots).where(inArray(backupSnapshots.backupId, remove));
  const byDest = new Map<string, typeof snaps>();
  for (const s of snaps) if (s.snapshotId) byDest.set(s.destinationId, [...(byDest.get(s.destinationId) ?? []), s]);
  const failedBackups = new Set<string>();
  let done = 0;
  for (const [destinationId, list] of byDest) {
    ctx.signal.throwIfAborted();
    try {
      const { repo, name } = await openDestinationRepo(destinationId);
      await withRepositoryExclusive(destinationId, async () => {
        await forget(repo, { ids: list.map((s) => s.snapshotId!) });
        await ctx.log("info", `Forgot ${list.length} snapshot(s) in ${name}; pruning.`);
        await prune(repo, { signal: ctx.signal });
      });
    } catch (e) {
      for (const s of list) failedBackups.add(s.backupId);
      await ctx.log("error", `Retention could not remove snapshots: ${errorInfo(e).message}`);
    }
    done++;
    ctx.progress({ percent: (done / byDest.size) * 100, bytesDone: 0, bytesTotal: 0, filesDone: 0, etaSeconds: null, phase: "prune" });
  }
  const deleted = remove.filter((id) => !failedBackups.has(id));
  if (deleted.length) await db.update(backups).set({ deletedAt: new Date() }).where(inArray(backups.id, deleted));
  if (failedBackups.size === 0) return { status: "succeeded" };
  return {
    status: deleted.length ? "partial" : "failed",
    error: { code: "retention_failed", message: `${failedBackups.size} backup(s) could not be removed; see the job log.` },
  };
}

export const retentionHandler: JobHandler = { run: runRetention };
