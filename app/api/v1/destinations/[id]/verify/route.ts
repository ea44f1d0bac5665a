/* POST: check (and initialise when empty, unless {init:false}) a destination. Always 200 with
 * {ok:true,…} or {ok:false, problem, message}; a malformed destination is 422. Admin only. */
import { apiRoute } from "@/lib/http";
import { verifyDestinationById, ZVerifyDestination } from "@/lib/destinations";

export const POST = apiRoute("admin", async ({ actor, params, body }) =>
  verifyDestinationById(params.id!, await body(ZVerifyDestination), actor),
);
