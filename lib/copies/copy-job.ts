/* The `copy` job kind: copies one backup to one copy target (the backup_copies row it names). Retried
 * by pg-boss with exponential backoff (copyRetry(): 30 s, 1 min, 2 min, … 5 more attempts; the first delay is
 * LIFEBOAT_COPY_RETRY_DELAY_SECONDS, 30 by default), so a copy
 * target that is down for a while still gets the copy; after the last attempt the row says failed
 * (and the copy_behind alert opens). */
import "server-only";
import { z } from "zod";
import { env } from "@/lib/env";
import { defineJob, type JobRetry } from "@/lib/jobs/define-job";
import { markCopyFailed } from "./copy-rows";
import { runCopy } from "./run-copy";

export const COPY_RETRY_LIMIT = 5;
export const copyRetry = (): JobRetry => ({
  limit: COPY_RETRY_LIMIT,
  delaySeconds: env().LIFEBOAT_COPY_RETRY_DELAY_SECONDS,
  backoff: true,
});

export const ZCopyJob = z.object({
  /** The backup_copies row this job fills. */
  subjectId: z.string().uuid(),
  environmentId: z.string().uuid(),
  params: z.object({}).default({}),
});

export const copyJob = defineJob<"copy", typeof ZCopyJob>({
  kind: "copy",
  schema: ZCopyJob,
  run: (ctx) => runCopy(ctx, COPY_RETRY_LIMIT),
  giveUp: (input, message) => markCopyFailed(input.subjectId, { code: "copy_failed", message }, false),
  cancelled: (input) => markCopyFailed(input.subjectId, { code: "cancelled", message: "Cancelled by a user." }, false),
});
