/* The `retention` job kind, queued after each good backup of an environment: its payload (the
 * environment, and the backup that triggered it) and its runner. */
import "server-only";
import { z } from "zod";
import type { BackupProgress } from "@/lib/db/schema/backups";
import { defineJob } from "@/lib/jobs/define-job";
import { runRetention } from "./run-retention";

export const ZRetentionJob = z.object({
  /** The environment whose backups the policy thins out. */
  subjectId: z.string().uuid(),
  environmentId: z.string().uuid(),
  params: z.object({ after: z.string().uuid().optional() }).default({}),
});

export const retentionJob = defineJob<"retention", typeof ZRetentionJob, BackupProgress>({
  kind: "retention",
  schema: ZRetentionJob,
  run: runRetention,
});
