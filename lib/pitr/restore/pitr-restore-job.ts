/* The `pitr-restore` job kind: a restore to a point in time (the restores row with `pitr` set), its
 * payload and its runner (./run-restore-to-time.ts). The row records the outcome itself. */
import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { restores } from "@/lib/db/schema";
import type { BackupProgress } from "@/lib/db/schema/backups";
import { defineJob } from "@/lib/jobs/define-job";
import { runRestoreToTime } from "./run-restore-to-time";

export const ZPitrRestoreJob = z.object({
  subjectId: z.string().uuid(),
  environmentId: z.string().uuid(),
  params: z.looseObject({ safetyBackup: z.boolean().default(false) }).default({ safetyBackup: false }),
});

const OPEN = ["queued", "running"] as const;

export const pitrRestoreJob = defineJob<"pitr-restore", typeof ZPitrRestoreJob, BackupProgress>({
  kind: "pitr-restore",
  schema: ZPitrRestoreJob,
  ownsOutcomeRow: true,
  run: runRestoreToTime,
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
