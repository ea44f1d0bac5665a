/* GET / PATCH / DELETE one destination (changes admin only; DELETE refuses while anything uses it). */
import { apiRoute } from "@/lib/http";
import { deleteDestination, getDestination, updateDestination, ZUpdateDestination } from "@/lib/destinations";

export const GET = apiRoute("viewer", async ({ params }) => getDestination(params.id!));

export const PATCH = apiRoute("admin", async ({ actor, params, body }) =>
  updateDestination(params.id!, await body(ZUpdateDestination), actor),
);

export const DELETE = apiRoute("admin", async ({ actor, params }) => {
  await deleteDestination(params.id!, actor);
});
