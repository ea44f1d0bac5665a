/* The `backup` job kind: its payload (the backup row it runs, the environment) and its runner. The row
 * records the outcome itself, so a late cancel leaves the job saying what the row says. */
import "server-only";
import { z } from "zod";
import type { BackupProgress } from "@/lib/db/schema/backups";
import { defineJob } from "@/lib/jobs/define-job";
import { cancelOpenBackupsOfJob, failOpenBackup, writeBackupProgress } from "./backup-rows";
import { runBackup } from "./run-backup";

export const ZBackupJob = z.object({
  /** The backups row this job runs. */
  subjectId: z.string().uuid(),
  environmentId: z.string().uuid(),
  params: z.object({}).default({}),
});

export const backupJob = defineJob<"backup", typeof ZBackupJob, BackupProgress>({
  kind: "backup",
  schema: ZBackupJob,
  ownsOutcomeRow: true,
  run(ctx) {
    ctx.mirrorProgress((p) => writeBackupProgress(ctx.input.subjectId, p));
    return runBackup(ctx, ctx.input.subjectId, null, ctx.input.environmentId);
  },
  giveUp: (input, message) => failOpenBackup(input.subjectId, message),
  cancelled: (_input, jobId) => cancelOpenBackupsOfJob(jobId),
});
