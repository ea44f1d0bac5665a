/* Server actions of the Backups tab and the environment header: start a manual backup (operator+),
 * cancel a running job (operator+). Thin: runAction authorises, validates and calls one service. */
"use server";
import { z } from "zod";
import { runAction } from "@/lib/http";
import { createBackup } from "@/lib/backups/create-backup";
import { cancelJob } from "@/lib/job-kinds";

const ZStartBackup = z.object({ environmentId: z.string().uuid(), live: z.boolean() });
const ZCancelJob = z.object({ jobId: z.string().uuid() });

export async function startBackupAction(input: z.input<typeof ZStartBackup>) {
  return runAction(
    "operator",
    ZStartBackup,
    input,
    (d, actor) => createBackup({ environmentId: d.environmentId, trigger: "manual", live: d.live, actor }),
    { action: "backup.create" },
  );
}

export async function cancelJobAction(input: z.input<typeof ZCancelJob>) {
  return runAction("operator", ZCancelJob, input, (d, actor) => cancelJob(d.jobId, actor), { action: "job.cancel" });
}
