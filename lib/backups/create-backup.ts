/* Starting a backup of an environment: one `backups` row plus a queued `backup` job (lib/jobs runs it).
 * Manual backups are audited with their actor (the route or action checked the operator role; this
 * service trusts it); scheduled and safety backups are started by Lifeboat itself. Refuses, with a message
 * saying what to do, when the environment is inactive (409), has no sources or no
 * destination, or when manual backups are turned off (max 0). The max-manual limit itself is kept by the
 * retention job that follows each good backup (the oldest manual one is replaced). The backup row and its
 * queued job commit in one transaction; the scheduler creates a thousand of them in one
 * (prepareScheduledBackups). */
import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { writeAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { enqueue, prepareQueues, type JobRequest } from "@/lib/jobs/queue";
import { inTransaction, type SqlRunner } from "@/lib/jobs/tx";
import { listEffectiveSettings } from "@/lib/backup-settings/effective-settings";
import { loadEnvironmentForBackup, sourceSummaryMany, workerLabelFor } from "@/lib/environments/environment-for-job";
import { backupJob } from "./backup-job";
import { insertQueuedBackups, type NewBackup } from "./backup-rows";

export const ZCreateBackup = z.object({
  environmentId: z.string().uuid(),
  trigger: z.enum(["manual", "scheduled", "safety"]).default("manual"),
  live: z.boolean().optional(),
  catchUp: z.boolean().optional(),
});
export type TCreateBackup = z.input<typeof ZCreateBackup> & { actor?: Actor | null };

export async function createBackup(input: TCreateBackup): Promise<{ id: string; jobId: string }> {
  const { environmentId, trigger, live, catchUp } = ZCreateBackup.parse(input);
  const actor = input.actor ?? null;
  if (trigger === "manual") {
    if (!actor) throw new AppError("unauthenticated", "Sign in to start a backup.");
  }
  const { env, sources, settings } = await loadEnvironmentForBackup(environmentId);
  // Platform.sh: backups only of active environments (the scheduler skips inactive ones already).
  if (!env.active) throw new AppError("conflict", `"${env.name}" is inactive: activate it to back it up.`);
  if (sources.length === 0) {
    throw new AppError(
      "unprocessable",
      `"${env.name}" has no sources yet, so there is nothing to back up. Add a database or a directory to it first.`,
    );
  }
  if (settings.destinationIds.length === 0) {
    throw new AppError(
      "unprocessable",
      `"${env.name}" has no destination to back up to. Choose one in its backup settings, or set a default destination.`,
    );
  }
  if (trigger === "manual" && settings.maxManualBackups === 0) {
    throw new AppError(
      "unprocessable",
      `Manual backups are turned off for "${env.name}" (maximum 0). Raise "Max manual backups" in its backup settings.`,
    );
  }
  const id = randomUUID();
  const jobId = randomUUID();
  const job = backupJob.request({ subjectId: id, environmentId }, { jobId, label: workerLabelFor(sources) });
  await prepareQueues([job]);
  await inTransaction(async (q) => {
    await insertQueuedBackups(q, [
      {
        id,
        environmentId,
        trigger,
        live: live ?? settings.live,
        catchUp: catchUp ?? false,
        jobId,
        createdBy: actor?.id ?? null,
      },
    ]);
    await enqueue(q, [job]);
  });
  if (actor && actor.via !== "system") {
    await writeAudit({
      actor,
      action: "backup.create",
      target: { type: "environment", id: environmentId, name: env.name },
      details: { backupId: id, trigger, live: live ?? settings.live },
    });
  }
  return { id, jobId };
}

export type ScheduledSlot = { environmentId: string; scheduleKey: string; slot: Date; catchUp: boolean };

/**
 * For the scheduler: reads what a thousand scheduled backups need in a few queries (outside any
 * transaction), and returns the function that creates them — backup rows, jobs, pg-boss jobs, and the
 * backup id on each schedule_runs row — inside the scheduler's transaction. Environments without
 * sources or destination are skipped with a log line (the panel shows the missing piece).
 */
export async function prepareScheduledBackups(
  environmentIds: string[],
  known: { environmentId: string; live?: boolean; destinationIds?: string[] }[] = [],
) {
  const ids = [...new Set(environmentIds)];
  // The scheduler read the effective settings a moment ago (listScheduledEnvironments); read them only
  // when it did not hand them over.
  const given = new Map<string, { live: boolean; destinationIds: string[] }>();
  for (const k of known)
    if (k.live !== undefined && k.destinationIds)
      given.set(k.environmentId, { live: k.live, destinationIds: k.destinationIds });
  const [settings, summary] = await Promise.all([
    ids.every((id) => given.has(id))
      ? given
      : listEffectiveSettings({ ids }).then((list) => new Map(list.map((s) => [s.environmentId, s]))),
    sourceSummaryMany(ids),
  ]);
  const labels = [...summary.values()].map((s) => ({ label: s.label }));
  await prepareQueues([{ label: null }, ...labels]);
  return async (q: SqlRunner, won: ScheduledSlot[]): Promise<number> => {
    const rows: NewBackup[] = [];
    const jobs: JobRequest[] = [];
    const links: { environment_id: string; schedule_key: string; slot: string; backup_id: string }[] = [];
    for (const w of won) {
      const s = settings.get(w.environmentId);
      const src = summary.get(w.environmentId);
      if (!s || !src?.count || !s.destinationIds.length) {
        logger().warn({ environmentId: w.environmentId }, "scheduled backup skipped: no sources or no destination");
        continue;
      }
      const id = randomUUID();
      const jobId = randomUUID();
      rows.push({
        id,
        environmentId: w.environmentId,
        trigger: "scheduled",
        live: s.live,
        catchUp: w.catchUp,
        jobId,
        createdBy: null,
      });
      jobs.push(backupJob.request({ subjectId: id, environmentId: w.environmentId }, { jobId, label: src.label }));
      links.push({
        environment_id: w.environmentId,
        schedule_key: w.scheduleKey,
        slot: w.slot.toISOString(),
        backup_id: id,
      });
    }
    if (!rows.length) return 0;
    await insertQueuedBackups(q, rows);
    await enqueue(q, jobs);
    await q.executeSql(
      `update schedule_runs r set backup_id = x.backup_id
       from jsonb_to_recordset($1::jsonb) as x(environment_id uuid, schedule_key text, slot timestamptz, backup_id uuid)
       where r.environment_id = x.environment_id and r.schedule_key = x.schedule_key and r.slot = x.slot`,
      [JSON.stringify(links)],
    );
    return rows.length;
  };
}
