/* GET / PATCH / DELETE one destination (changes admin only; DELETE refuses while anything uses it).
 * GET includes `integrity`: the latest check and the share of data read in the last 30 days. */
import { apiRoute } from "@/lib/http";
import { deleteDestination, getDestination, updateDestination, ZUpdateDestination } from "@/lib/destinations";
import { destinationIntegrity } from "@/lib/proof/checks/check-view";

export const GET = apiRoute("viewer", async ({ params }) => {
  const view = await getDestination(params.id!);
  return { ...view, integrity: (await destinationIntegrity([view.id])).get(view.id) };
});

export const PATCH = apiRoute("admin", async ({ actor, params, body }) =>
  updateDestination(params.id!, await body(ZUpdateDestination), actor),
);

export const DELETE = apiRoute("admin", async ({ actor, params }) => {
  await deleteDestination(params.id!, actor);
});
