/* Starting a test restore of one backup (on demand: "Test restore", POST /backups/{id}/test-restore;
 * or scheduled, with its slot): one test_restores row plus a queued `test_restore` job, written in one
 * transaction. Operator+ for on-demand ones (audited). Refuses a backup that did not succeed. A
 * scheduled one whose (environment, slot) row exists already is not fired again (returns null): the
 * unique index makes the slot fire once cluster-wide. */
import "server-only";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { writeAudit } from "@/lib/audit";
import { roleAtLeast, type Actor } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { backups } from "@/lib/db/schema";
import { loadEnvironmentForJob, workerLabelFor } from "@/lib/environments/environment-for-job";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { enqueue, prepareQueues } from "@/lib/jobs/queue";
import { inTransaction } from "@/lib/jobs/tx";
import { testRestoreJob } from "./test-restore-job";

export type CreateTestRestoreInput =
  | { backupId: string; trigger: "manual"; actor: Actor }
  | { backupId: string; trigger: "scheduled"; slot: string };

export async function createTestRestore(input: CreateTestRestoreInput): Promise<{ id: string; jobId: string } | null> {
  if (input.trigger === "manual" && !roleAtLeast(input.actor.role, "operator")) {
    await writeAudit({
      actor: input.actor,
      action: "test-restore.create",
      target: { type: "backup", id: input.backupId },
      outcome: "denied",
    });
    throw new AppError("forbidden", "Test restores need the operator role.");
  }
  const [backup] = isUuid(input.backupId)
    ? await getDb().select().from(backups).where(eq(backups.id, input.backupId))
    : [];
  if (!backup || backup.deletedAt)
    throw new AppError("not_found", "This backup does not exist (it may have been removed by retention).");
  // A test restore proves the primary; a backup only its copies hold is restored (from the copy), not tested.
  if (backup.primaryForgottenAt)
    throw new AppError(
      "unprocessable",
      "This backup is held only in its off-site copies now (the primary's retention removed it); test-restore a newer backup.",
    );
  if (backup.status !== "succeeded" && backup.status !== "partial")
    throw new AppError(
      "unprocessable",
      `This backup ${backup.status === "running" || backup.status === "queued" ? "has not finished yet" : backup.status}; test-restore a backup that succeeded.`,
    );
  const target = await loadEnvironmentForJob(backup.environmentId);
  const id = randomUUID();
  const jobId = randomUUID();
  const job = testRestoreJob.request(
    { subjectId: id, environmentId: backup.environmentId },
    { jobId, label: workerLabelFor(target.sources) },
  );
  await prepareQueues([job]);
  const createdBy = input.trigger === "manual" ? input.actor.id : null;
  const slot = input.trigger === "scheduled" ? input.slot : null;
  const fired = await inTransaction(async (q) => {
    const { rows } = await q.executeSql(
      `insert into test_restores (id, environment_id, backup_id, job_id, status, trigger, created_by, slot)
       values ($1, $2, $3, $4, 'queued', $5, $6, $7) on conflict do nothing returning id`,
      [id, backup.environmentId, backup.id, jobId, input.trigger, createdBy, slot],
    );
    if (!rows.length) return false;
    await enqueue(q, [job]);
    return true;
  });
  if (!fired) return null;
  if (input.trigger === "manual") {
    await writeAudit({
      actor: input.actor,
      action: "test-restore.create",
      target: { type: "environment", id: backup.environmentId, name: target.env.name },
      details: { testRestoreId: id, backupId: backup.id },
    });
  }
  return { id, jobId };
}
