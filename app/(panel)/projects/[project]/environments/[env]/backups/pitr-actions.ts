/* Server action of the Backups tab's "Restore to a point in time" (operator+). Thin: runAction authorises
 * and validates, createRestoreToTime does the rest. */
"use server";
import { z } from "zod";
import { runAction } from "@/lib/http";
import { createRestoreToTime } from "@/lib/pitr/restore/create-restore-to-time";
import { ZRestoreToTimeBody } from "@/lib/pitr/restore/schema";

const ZRestoreToTimeAction = z.object({ sourceId: z.string().uuid(), body: ZRestoreToTimeBody });

export async function restoreToTimeAction(input: z.input<typeof ZRestoreToTimeAction>) {
  return runAction(
    "operator",
    ZRestoreToTimeAction,
    input,
    (d, actor) => createRestoreToTime(d.sourceId, d.body, actor),
    { action: "restore.create" },
  );
}
