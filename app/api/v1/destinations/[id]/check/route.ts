/* POST {readData?: "none"|"subset"|"all"} → 202 {id, jobId}: queue an integrity check of the destination's
 * repository (admin; it takes the repository to itself while it runs, backups wait for it). */
import { apiRoute, json } from "@/lib/http";
import { requestCheck } from "@/lib/proof/checks/request-check";
import { ZRequestCheck } from "@/lib/proof/schema";

export const POST = apiRoute("admin", async ({ actor, params, body }) => {
  const { readData } = await body(ZRequestCheck);
  return json(await requestCheck(params.id!, readData, actor), 202);
});
