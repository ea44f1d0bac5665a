/* DELETE: revoke an API token (its owner or an admin). */
import { apiRoute } from "@/lib/http";
import { revokeApiToken } from "@/lib/api-tokens";

export const DELETE = apiRoute("viewer", async ({ actor, params }) => {
  await revokeApiToken(params.id!, actor);
});
