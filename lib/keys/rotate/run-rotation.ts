/* Rotating Lifeboat's key of a destination's repository (the `rotate_key` job's run), under the
 * destination's exclusive repository lock. Steps, each recorded on the key_rotations row so a retried
 * job resumes after the last one that completed, and each safe to repeat:
 *   1. note the key the stored password opens (oldKeyId); generate a new password and persist it,
 *      sealed, as the destination's pending password — BEFORE restic knows it;
 *   2. `restic key add` with it (skipped when it already opens: a crash after the add);
 *   3. open the repository with it and note its key id (newKeyId);
 *   4. store it: pending → repoPasswordEnc, keyRotatedAt = now (one UPDATE);
 *   5. remove the old key (skipped when it is gone already); audit.
 * Whatever step a kill -9 lands on, the stored password opens the repository: before 4 the old key is
 * still there, from 4 on the new one is. The next open also promotes a pending password that is the only
 * one that opens (../repository-password.ts). */
import "server-only";
import crypto from "node:crypto";
import os from "node:os";
import { and, eq, isNull } from "drizzle-orm";
import { writeAudit } from "@/lib/audit/write-audit";
import { SYSTEM_ACTOR } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { destinations } from "@/lib/db/schema";
import { KEY_ROTATION_STEPS, type KeyRotationStep } from "@/lib/db/schema/keys";
import { loadDestinationRepo } from "@/lib/destinations/load-destination-repo";
import { withRepositoryLock } from "@/lib/destinations/repository-lock";
import { addKey, currentKeyId, listKeys, passwordOpens, removeKey, type Repo } from "@/lib/engine";
import { errorInfo } from "@/lib/error-info";
import type { JobContext, JobOutcome } from "@/lib/jobs/job-context";
import { openSecret, sealSecret } from "@/lib/secrets";
import { reconcilePendingPassword } from "../repository-password";
import {
  getRotationRow,
  markRotationRunning,
  recordRotationStep,
  type RotationRow,
  settleRotation,
} from "./rotation-rows";
import { pauseAt } from "./test-pause";

export type RotationInput = { subjectId: string; environmentId?: string | null; params: Record<string, unknown> };

const done = (row: RotationRow, step: KeyRotationStep) =>
  KEY_ROTATION_STEPS.indexOf(row.step) >= KEY_ROTATION_STEPS.indexOf(step);

function newPassword(): string {
  return crypto.randomBytes(32).toString("base64url");
}

async function pendingOf(destinationId: string): Promise<string | null> {
  const [d] = await getDb()
    .select({ p: destinations.pendingRepoPasswordEnc })
    .from(destinations)
    .where(eq(destinations.id, destinationId));
  return d?.p ?? null;
}

async function rotateUnderLock(ctx: JobContext<RotationInput>, first: RotationRow): Promise<RotationRow> {
  const id = first.id;
  const destinationId = first.destinationId;
  const signal = ctx.signal;
  const reload = async () => (await getRotationRow(id))!;
  let row = first;
  // A pending password left by an earlier interrupted rotation may be the only one that opens now.
  await reconcilePendingPassword(destinationId, { signal });
  const stored: Repo = await loadDestinationRepo(destinationId);

  if (!done(row, "pending_stored")) {
    ctx.progress({ percent: 10, phase: "preparing the new key" });
    const oldKeyId = await currentKeyId(stored, { signal });
    // Reuse a pending password an interrupted rotation left (it may be added already); else a new one.
    await getDb()
      .update(destinations)
      .set({ pendingRepoPasswordEnc: sealSecret(newPassword()) })
      .where(and(eq(destinations.id, destinationId), isNull(destinations.pendingRepoPasswordEnc)));
    await recordRotationStep(id, "pending_stored", { oldKeyId });
    await ctx.log("info", `The new password is stored (sealed); the current key is ${oldKeyId.slice(0, 8)}.`);
    row = await reload();
    await pauseAt("pending_stored", signal);
  }
  const pendingEnc = await pendingOf(destinationId);
  if (!done(row, "key_added")) {
    if (!pendingEnc) throw new Error("The pending password of this rotation is missing.");
    ctx.progress({ percent: 30, phase: "adding the new key" });
    const pending: Repo = { ...stored, password: openSecret(pendingEnc) };
    if (!(await passwordOpens(pending, { signal }))) {
      const host =
        os
          .hostname()
          .replace(/[^A-Za-z0-9_.@-]/g, "-")
          .slice(0, 64) || "lifeboat";
      await addKey(stored, { newPassword: pending.password, user: "lifeboat", host, signal });
    }
    await pauseAt("key_added", signal);
    await recordRotationStep(id, "key_added");
    row = await reload();
  }
  if (!done(row, "verified")) {
    if (!pendingEnc) throw new Error("The pending password of this rotation is missing.");
    ctx.progress({ percent: 50, phase: "opening the repository with the new key" });
    const newKeyId = await currentKeyId({ ...stored, password: openSecret(pendingEnc) }, { signal });
    await recordRotationStep(id, "verified", { newKeyId });
    await ctx.log("info", `The new key ${newKeyId.slice(0, 8)} opens the repository.`);
    row = await reload();
    await pauseAt("verified", signal);
  }
  if (!done(row, "stored")) {
    ctx.progress({ percent: 70, phase: "storing the new key" });
    if (pendingEnc) {
      await getDb().transaction(async (tx) => {
        await tx
          .update(destinations)
          .set({
            repoPasswordEnc: pendingEnc,
            pendingRepoPasswordEnc: null,
            keyRotatedAt: new Date(),
            updatedAt: new Date(),
          })
          .where(and(eq(destinations.id, destinationId), eq(destinations.pendingRepoPasswordEnc, pendingEnc)));
      });
    }
    // Without a pending password, a reconcile promoted it already; either way the stored one is new now.
    await recordRotationStep(id, "stored");
    row = await reload();
    await pauseAt("stored", signal);
  }
  if (!done(row, "old_removed")) {
    ctx.progress({ percent: 85, phase: "removing the old key" });
    const now = await loadDestinationRepo(destinationId);
    const keys = await listKeys(now, { signal });
    const old = keys.find((k) => k.id === row.oldKeyId);
    if (old && !old.current) await removeKey(now, old.id, { signal });
    await pauseAt("old_removed", signal);
    await recordRotationStep(id, "old_removed");
    row = await reload();
  }
  return row;
}

export async function runRotation(ctx: JobContext<RotationInput>): Promise<JobOutcome> {
  const first = await getRotationRow(ctx.input.subjectId);
  if (!first) return { status: "failed", error: { code: "not_found", message: "This key rotation no longer exists." } };
  if (!["queued", "running"].includes(first.status))
    return { status: first.status === "succeeded" ? "succeeded" : "failed" };
  await markRotationRunning(first.id);
  const [dest] = await getDb()
    .select({ name: destinations.name })
    .from(destinations)
    .where(eq(destinations.id, first.destinationId));
  const target = { type: "destination", id: first.destinationId, name: dest?.name ?? first.destinationId };
  try {
    const row = await withRepositoryLock(first.destinationId, "exclusive", () => rotateUnderLock(ctx, first), {
      signal: ctx.signal,
      purpose: "rotate the key",
    });
    await writeAudit({
      actor: SYSTEM_ACTOR,
      action: "destination.key_rotate",
      target,
      details: { rotationId: row.id, trigger: row.trigger, oldKeyId: row.oldKeyId, newKeyId: row.newKeyId },
    });
    await settleRotation(row.id, "succeeded");
    ctx.progress({ percent: 100, phase: "done" });
    await ctx.log("info", "Rotated: the new key is stored and the old one removed.");
    return { status: "succeeded" };
  } catch (e) {
    if (ctx.signal.aborted && ctx.abortReason() === "lost") throw e;
    const info = errorInfo(e);
    await ctx.log("error", info.message);
    // A failed attempt is retried by the queue; the row settles when the job gives up (rotate-job.ts).
    throw e;
  }
}
