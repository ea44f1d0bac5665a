/* GET → the re-key state of the destination (admin). POST {adminPassword, keepOldDays?, password?,
 * location?} → 202 {id, jobId}: re-key the repository (a `rekey` job; audited). While one is queued or
 * running, that one is returned. */
import { apiRoute, json } from "@/lib/http";
import { getRekeyState, requestRekey, ZRekeyRequest } from "@/lib/keys";

export const GET = apiRoute("admin", async ({ params }) => getRekeyState(params.id!));

export const POST = apiRoute("admin", async ({ actor, params, body }) =>
  json(await requestRekey(params.id!, await body(ZRekeyRequest), actor), 202),
);
