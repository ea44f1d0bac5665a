/* POST (viewer+) the same body as PUT backup-settings → which existing backups the retention would keep
 * and remove, with reasons (a `policy` list stands for its retention; maxBackups caps the total).
 * Changes nothing. */
import { apiRoute } from "@/lib/http";
import { previewRetention, ZBackupSettings } from "@/lib/backup-settings";
import { fromIntervalPolicy } from "@/lib/backup-settings/interval-policy";

export const POST = apiRoute("viewer", async ({ params, body }) => {
  const input = await body(ZBackupSettings);
  return previewRetention(params.id!, {
    retention: input.policy ? fromIntervalPolicy(input.policy).retention : input.retention,
    maxManualBackups: input.maxManualBackups,
    maxBackups: input.maxBackups,
  });
});
