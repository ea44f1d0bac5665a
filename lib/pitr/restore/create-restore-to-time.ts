/* Starting a restore to a point in time of a PostgreSQL source: the time is checked against the recovery
 * window first (before the first base backup: refused with the earliest time; in a gap: refused with the
 * gap's bounds), the target is this environment's source or its counterpart (same name, else the only
 * PostgreSQL source) in another environment of the project; then one `restores` row (`pitr` set,
 * no backup) and a queued `pitr-restore` job in one transaction. Operator+, audited; a safety backup of
 * the target database is forced for production (not needed for a table copied into a new name, nor for
 * the whole cluster as a download, which touches no database). */
import "server-only";
import { randomUUID } from "node:crypto";
import { writeAudit } from "@/lib/audit";
import { roleAtLeast, type Actor } from "@/lib/auth/roles";
import type { PitrRestoreSpec } from "@/lib/db/schema";
import { loadEnvironmentForJob, workerLabelFor } from "@/lib/environments/environment-for-job";
import { AppError } from "@/lib/errors";
import { enqueue, prepareQueues } from "@/lib/jobs/queue";
import { inTransaction } from "@/lib/jobs/tx";
import { loadSourceWindow } from "../inventory/source-window";
import { planForTime } from "../inventory/window";
import { pitrRestoreJob } from "./pitr-restore-job";
import { ZRestoreToTimeBody, type TRestoreToTimeBody } from "./schema";

export async function createRestoreToTime(
  sourceId: string,
  body: TRestoreToTimeBody,
  actor: Actor,
): Promise<{ id: string; jobId: string }> {
  const input = ZRestoreToTimeBody.parse(body);
  if (!roleAtLeast(actor.role, "operator")) {
    await writeAudit({ actor, action: "restore.create", target: { type: "source", id: sourceId }, outcome: "denied" });
    throw new AppError("forbidden", "Restoring needs the operator role.");
  }
  const { source, destinationId, window } = await loadSourceWindow(sourceId);
  const plan = planForTime(window, input.time);
  if (!plan.ok || !destinationId)
    throw new AppError("unprocessable", plan.ok ? "No destination holds this source's WAL." : plan.message);
  const home = await loadEnvironmentForJob(source.environmentId);
  const target = await loadEnvironmentForJob(input.targetEnvironmentId ?? source.environmentId);
  if (target.env.projectId !== home.env.projectId) {
    throw new AppError(
      "unprocessable",
      `"${target.env.name}" belongs to another project; restore into an environment of the same project.`,
    );
  }
  const pgSources = target.sources.filter((s) => s.type === "postgres");
  const targetSource =
    target.env.id === source.environmentId
      ? source
      : (pgSources.find((s) => s.name === source.name) ?? (pgSources.length === 1 ? pgSources[0] : undefined));
  if (!targetSource) {
    throw new AppError(
      "unprocessable",
      `"${target.env.name}" has no PostgreSQL source named "${source.name}" to restore into.`,
    );
  }
  const output = input.output ?? "database";
  const database = String((source.config as { database?: string }).database ?? "postgres");
  const spec: PitrRestoreSpec = {
    sourceId: source.id,
    time: input.time,
    targetSourceId: targetSource.id,
    database,
    output,
    ...(input.targetDatabase ? { targetDatabase: input.targetDatabase } : {}),
    ...(output === "table" ? { table: input.table, newTable: input.newTable } : {}),
    destinationId,
  };
  const forced = target.env.type === "production" && output === "database";
  // output "cluster" touches no database: target = the source itself, nothing to back up first.
  const wantSafety = output === "database" && (forced || (input.safetyBackup ?? true));
  const id = randomUUID();
  const jobId = randomUUID();
  const job = pitrRestoreJob.request(
    { subjectId: id, environmentId: target.env.id, params: { safetyBackup: wantSafety } },
    { jobId, label: workerLabelFor([targetSource]) },
  );
  await prepareQueues([job]);
  await inTransaction(async (q) => {
    await q.executeSql(
      `insert into restores (id, backup_id, target_environment_id, scope, mode, pitr, status, job_id, created_by)
       values ($1, null, $2, 'databases', 'mirror', $3::jsonb, 'queued', $4, $5)`,
      [id, target.env.id, JSON.stringify(spec), jobId, actor.id],
    );
    await enqueue(q, [job]);
  });
  await writeAudit({
    actor,
    action: "restore.create",
    target: { type: "environment", id: target.env.id, name: target.env.name },
    details: { restoreId: id, pitr: spec, safetyBackup: wantSafety, safetyForced: forced },
  });
  return { id, jobId };
}
