/* GET (viewer+) one page of the environment's backups, newest first (?limit=50&cursor=…);
 * POST (operator+, audited) starts a manual backup now → 202 {id, jobId}. Query and body are the lib's
 * schemas (ZListBackups; ZCreateBackup's `live`, the rest comes from the URL and the route). */
import { apiRoute, json } from "@/lib/http";
import { listBackups, ZListBackups } from "@/lib/backups";
import { createBackup, ZCreateBackup } from "@/lib/backups/create-backup";
import { getEnvironment } from "@/lib/environments";

const ZBackupNow = ZCreateBackup.pick({ live: true });

export const GET = apiRoute("viewer", async ({ params, query }) => listBackups(params.id!, query(ZListBackups)));

export const POST = apiRoute(
  "operator",
  async ({ params, body, actor }) => {
    const { live } = await body(ZBackupNow);
    await getEnvironment(params.id!); // 404 for unknown or malformed ids
    return json(await createBackup({ environmentId: params.id!, trigger: "manual", live, actor }), 202);
  },
  { action: "backup.create", target: (p) => ({ type: "environment", id: p.id }) },
);
