/* GET /api/panel/environments/:id/backups?limit&cursor — the Backups tab's polling endpoint: one page
 * of the environment's backups, newest first (API.md Backup shape). Session-authenticated, viewer+. */
import { z } from "zod";
import { apiRoute } from "@/lib/http";
import { listBackups } from "@/lib/backups/list-backups";

const ZQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(200).optional() });

export const GET = apiRoute("viewer", async ({ params, query }) => {
  const q = query(ZQuery);
  return listBackups(params.id!, { limit: q.limit, cursor: q.cursor });
});
