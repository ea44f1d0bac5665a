/* The `test_restore` job kind: its payload (the test_restores row it runs, its environment) and its
 * runner. The row records the outcome itself; a job given up for good or cancelled while queued settles
 * the row and drops whatever scratch target it still lists. */
import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { testRestores } from "@/lib/db/schema";
import { defineJob } from "@/lib/jobs/define-job";
import { runTestRestore } from "./run-test-restore";
import { dropAllScratch } from "./scratch";
import { syncTestRestoreAlerts } from "./test-restore-alerts";

export const ZTestRestoreJob = z.object({
  /** The test_restores row this job runs. */
  subjectId: z.string().uuid(),
  environmentId: z.string().uuid(),
});

const OPEN = ["queued", "running"] as const;

export const testRestoreJob = defineJob<"test_restore", typeof ZTestRestoreJob>({
  kind: "test_restore",
  schema: ZTestRestoreJob,
  ownsOutcomeRow: true,
  run: runTestRestore,
  async giveUp(input, message) {
    await dropAllScratch(input.subjectId);
    await getDb()
      .update(testRestores)
      .set({ status: "failed", finishedAt: new Date(), error: { code: "job_failed", message } })
      .where(and(eq(testRestores.id, input.subjectId), inArray(testRestores.status, [...OPEN])));
    await syncTestRestoreAlerts();
  },
  async cancelled(input, jobId) {
    await dropAllScratch(input.subjectId);
    await getDb()
      .update(testRestores)
      .set({ status: "cancelled", finishedAt: new Date() })
      .where(and(eq(testRestores.jobId, jobId), inArray(testRestores.status, [...OPEN])));
  },
});
