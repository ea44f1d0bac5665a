/* POST (operator+, audited) {time: ISO | "latest", targetEnvironmentId?, targetDatabase?, safetyBackup?,
 * output?, table?, newTable?} → 202 {id, jobId} (lib/pitr/restore/create-restore-to-time.ts). */
import { apiRoute, json } from "@/lib/http";
import { createRestoreToTime } from "@/lib/pitr/restore/create-restore-to-time";
import { ZRestoreToTimeBody } from "@/lib/pitr/restore/schema";

export const POST = apiRoute("operator", async ({ params, body, actor }) =>
  json(await createRestoreToTime(params.id!, await body(ZRestoreToTimeBody), actor), 202),
);
