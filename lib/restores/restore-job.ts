/* The `restore` job kind: its payload (the restores row it runs, the target environment, whether a
 * safety backup comes first) and its runner. The row records the outcome itself. */
import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { restores } from "@/lib/db/schema";
import type { BackupProgress } from "@/lib/db/schema/backups";
import { defineJob } from "@/lib/jobs/define-job";
import { runRestore } from "./run-restore";

export const ZRestoreJob = z.object({
  /** The restores row this job runs. */
  subjectId: z.string().uuid(),
  environmentId: z.string().uuid(),
  // Loose: the restore row carries what to restore; params only steer the run.
  params: z.looseObject({ safetyBackup: z.boolean().default(false) }).default({ safetyBackup: false }),
});

const OPEN = ["queued", "running"] as const;

export const restoreJob = defineJob<"restore", typeof ZRestoreJob, BackupProgress>({
  kind: "restore",
  schema: ZRestoreJob,
  ownsOutcomeRow: true,
  run: runRestore,
  async giveUp(input, message) {
    await getDb()
      .update(restores)
      .set({ status: "failed", finishedAt: new Date(), error: { code: "job_failed", message } })
      .where(and(eq(restores.id, input.subjectId), inArray(restores.status, [...OPEN])));
  },
  async cancelled(_input, jobId) {
    await getDb()
      .update(restores)
      .set({ status: "cancelled", finishedAt: new Date() })
      .where(and(eq(restores.jobId, jobId), inArray(restores.status, [...OPEN])));
  },
});
