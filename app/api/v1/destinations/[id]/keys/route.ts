/* GET → {items: [{id, userName, hostName, created, current}], rotation}: the repository's keys (admin).
 * POST {password, adminPassword, userName?} → 201 the new key: add a key with a password the admin
 * chooses (the admin's own password again; audited). */
import { apiRoute, created } from "@/lib/http";
import { addDestinationKey, listDestinationKeys, ZAddKey } from "@/lib/keys";

export const GET = apiRoute("admin", async ({ params }) => listDestinationKeys(params.id!));

export const POST = apiRoute("admin", async ({ actor, params, body }) =>
  created(await addDestinationKey(params.id!, await body(ZAddKey), actor)),
);
