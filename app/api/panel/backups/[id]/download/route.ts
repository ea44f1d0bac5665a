/* GET /api/panel/backups/:id/download?sourceId&path&format=tar|zip — a file or folder of a backup as a
 * streamed archive (the browser's download link). Viewer+; the service audits the download. */
import { z } from "zod";
import { apiRoute } from "@/lib/http";
import { streamBackupDownload } from "@/lib/backups/stream-backup-download";

const ZQuery = z.object({
  sourceId: z.string().uuid(),
  path: z.string().max(4096).default("/"),
  format: z.enum(["tar", "zip"]).default("tar"),
});

export const GET = apiRoute("viewer", async ({ params, query, actor }) => {
  const q = query(ZQuery);
  return streamBackupDownload(params.id!, { sourceId: q.sourceId, path: q.path, format: q.format }, actor);
});
