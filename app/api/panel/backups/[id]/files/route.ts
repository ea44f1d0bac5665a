/* GET /api/panel/backups/:id/files?sourceId&path — one folder of a directory snapshot for the file
 * browser, read from the snapshot_files index (no restic call). Viewer+. */
import { z } from "zod";
import { apiRoute } from "@/lib/http";
import { listBackupFiles } from "@/lib/backups/list-backup-files";

const ZQuery = z.object({ sourceId: z.string().uuid(), path: z.string().max(4096).default("/") });

export const GET = apiRoute("viewer", async ({ params, query }) => {
  const q = query(ZQuery);
  return listBackupFiles(params.id!, { sourceId: q.sourceId, path: q.path });
});
