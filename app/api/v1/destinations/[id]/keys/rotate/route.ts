/* POST → 202 {id, jobId}: rotate Lifeboat's key of the repository (admin; a rotate_key job, audited).
 * While one is queued or running, that one is returned. */
import { apiRoute, json } from "@/lib/http";
import { requestRotation } from "@/lib/keys";

export const POST = apiRoute("admin", async ({ actor, params }) => json(await requestRotation(params.id!, actor), 202));
