/* POST (operator+, audited) {scope, paths?, targetEnvironmentId?, safetyBackup?, mode?, sourceMap?} → 202 {id, jobId}.
 * The body is the lib's ZCreateRestore without backupId (ZRestoreBackupBody); createRestore forces a
 * safety backup for production targets and refuses backups that did not succeed. */
import { apiRoute, json } from "@/lib/http";
import { getBackupRow } from "@/lib/backups";
import { createRestore } from "@/lib/restores/create-restore";
import { ZRestoreBackupBody } from "@/lib/restores/restore-body";

export const POST = apiRoute(
  "operator",
  async ({ params, body, actor }) => {
    const input = await body(ZRestoreBackupBody);
    await getBackupRow(params.id!); // 404 for unknown, malformed or deleted ids
    return json(await createRestore({ ...input, backupId: params.id!, actor }), 202);
  },
  { action: "restore.create", target: (p) => ({ type: "backup", id: p.id }) },
);
