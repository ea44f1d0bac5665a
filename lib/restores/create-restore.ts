/* Starting a restore: a backup's data back into its own environment or another environment of the same
 * project (sources matched by name and type, or as the request's sourceMap says), for scope full / databases / files / config / paths (code only with includeCode), folders in
 * mode mirror (default: equal to the backup) or merge (files added since stay). One
 * `restores` row plus a queued `restore` job, written in one transaction (the row never waits for a job
 * that was not queued); the runner takes a safety backup of the target first
 * (forced when the target is production). Audited; the route or action checked the operator role. Refuses with an actionable message when
 * nothing in the backup matches the target or the backup has no usable snapshot, and with 409 when the
 * target environment is inactive. */
import "server-only";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { writeAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { backups, backupSnapshots, environments } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { enqueue, prepareQueues } from "@/lib/jobs/queue";
import { inTransaction } from "@/lib/jobs/tx";
import { loadEnvironmentForJob, workerLabelFor } from "@/lib/environments/environment-for-job";
import { restoreJob } from "./restore-job";
import { planRestore } from "./restore-plan";
import { ZIncludeCode, ZRestoreMode, ZRestoreScope, ZSourceMap } from "./schema";
import { checkSourceMap } from "./check-source-map";

export const ZCreateRestore = z
  .object({
    backupId: z.string().uuid(),
    scope: ZRestoreScope,
    /** Code-role sources join a full or files restore only when true (default false). */
    includeCode: ZIncludeCode.optional(),
    paths: z
      .array(
        z.object({
          sourceId: z.string().uuid(),
          path: z
            .string()
            .min(1)
            .max(4096)
            // Refused up front, not by the runner later: a path never climbs out of the source ("..").
            .refine((p) => !p.split(/[\\/]/).includes(".."), 'A path to restore cannot contain "..".'),
        }),
      )
      .max(1000)
      .optional(),
    targetEnvironmentId: z.string().uuid().optional(),
    safetyBackup: z.boolean().optional(),
    /** Folders: "mirror" (default) removes files added since the backup, "merge" keeps them. */
    mode: ZRestoreMode.optional(),
    /** Another environment: which of its sources each backed-up source goes into (default: same name). */
    sourceMap: ZSourceMap.optional(),
  })
  .refine((v) => v.scope !== "paths" || (v.paths?.length ?? 0) > 0, {
    message: "Choose at least one file or folder to restore.",
    path: ["paths"],
  });
export type TCreateRestore = z.input<typeof ZCreateRestore> & { actor: Actor };

export async function createRestore(input: TCreateRestore): Promise<{ id: string; jobId: string }> {
  const parsed = ZCreateRestore.parse(input);
  const { backupId, scope, paths, targetEnvironmentId, safetyBackup, mode = "mirror", sourceMap } = parsed;
  const includeCode = parsed.includeCode ?? false;
  const actor = input.actor;
  const db = getDb();
  const [backup] = await db.select().from(backups).where(eq(backups.id, backupId));
  if (!backup || backup.deletedAt)
    throw new AppError("not_found", "This backup does not exist (it may have been removed by retention).");
  if (backup.status !== "succeeded" && backup.status !== "partial") {
    throw new AppError(
      "unprocessable",
      `This backup ${backup.status === "running" || backup.status === "queued" ? "has not finished yet" : `${backup.status}`}; choose a backup that succeeded.`,
    );
  }
  const [source] = await db.select().from(environments).where(eq(environments.id, backup.environmentId));
  const targetId = targetEnvironmentId ?? backup.environmentId;
  const target = await loadEnvironmentForJob(targetId);
  // Platform.sh: no restores into an inactive environment (its schedules are paused, nothing runs there).
  if (!target.env.active)
    throw new AppError("conflict", `"${target.env.name}" is inactive: activate it to restore into it.`);
  if (target.env.projectId !== source!.projectId) {
    throw new AppError(
      "unprocessable",
      `"${target.env.name}" belongs to another project; restore into an environment of the same project.`,
    );
  }
  const snaps = await db.select().from(backupSnapshots).where(eq(backupSnapshots.backupId, backupId));
  checkSourceMap(sourceMap, snaps, target);
  const plan = planRestore(snaps, target.sources, scope, paths, sourceMap, includeCode);
  // Refuse rather than restore half an environment: every chosen source needs its counterpart.
  if (plan.problem) throw new AppError("unprocessable", plan.problem);
  const forced = target.env.type === "production";
  const wantSafety = forced || (safetyBackup ?? true);
  const id = randomUUID();
  const jobId = randomUUID();
  const job = restoreJob.request(
    { subjectId: id, environmentId: targetId, params: { safetyBackup: wantSafety } },
    { jobId, label: workerLabelFor(target.sources) },
  );
  await prepareQueues([job]);
  await inTransaction(async (q) => {
    await q.executeSql(
      `insert into restores
         (id, backup_id, target_environment_id, scope, include_code, mode, paths, source_map, status, job_id, created_by)
       values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, 'queued', $9, $10)`,
      [id, backupId, targetId, scope, includeCode, mode, json(paths), json(sourceMap), jobId, actor.id],
    );
    await enqueue(q, [job]);
  });
  await writeAudit({
    actor,
    action: "restore.create",
    target: { type: "environment", id: targetId, name: target.env.name },
    details: {
      restoreId: id,
      backupId,
      scope,
      includeCode,
      restored: plan.items.map((i) => i.target.name),
      mode,
      safetyBackup: wantSafety,
      safetyForced: forced,
      ...(sourceMap ? { sourceMap } : {}),
    },
  });
  return { id, jobId };
}

const json = (v: unknown) => (v ? JSON.stringify(v) : null);
