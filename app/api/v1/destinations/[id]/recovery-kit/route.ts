/* POST {password}: the destination's recovery kit (repository, password, env, restic commands). Admin
 * only, the caller's own password again; every attempt audited; never cached. */
import { apiRoute, json } from "@/lib/http";
import { destinationRecoveryKit, ZRecoveryKitRequest } from "@/lib/destinations";

export const POST = apiRoute("admin", async ({ actor, params, body }) =>
  json(await destinationRecoveryKit(params.id!, await body(ZRecoveryKitRequest), actor), 200, {
    "cache-control": "no-store",
  }),
);
