/* POST (viewer+) the same body as PUT backup-settings → which existing backups the retention would keep
 * and remove, with reasons. Changes nothing. */
import { apiRoute } from "@/lib/http";
import { previewRetention, ZBackupSettings } from "@/lib/backup-settings";

export const POST = apiRoute("viewer", async ({ params, body }) => {
  const input = await body(ZBackupSettings);
  return previewRetention(params.id!, { retention: input.retention, maxManualBackups: input.maxManualBackups });
});
