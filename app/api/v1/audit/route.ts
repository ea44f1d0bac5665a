/* GET: the audit log, newest first, filtered by actor, action prefix, target, outcome and time range,
 * paged with `cursor`. Admin only (it shows accounts' activity and addresses). */
import { apiRoute } from "@/lib/http";
import { listAudit, ZListAudit } from "@/lib/audit";

export const GET = apiRoute("admin", async ({ query }) => listAudit(query(ZListAudit)));
