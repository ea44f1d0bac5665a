/* DELETE: remove a key (admin, audited). Never the last key, never the key Lifeboat uses (409). */
import { apiRoute } from "@/lib/http";
import { removeDestinationKey } from "@/lib/keys";

export const DELETE = apiRoute("admin", async ({ actor, params }) => {
  await removeDestinationKey(params.id!, params.keyId!, actor);
});
