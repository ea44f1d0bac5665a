/* GET / PATCH / DELETE one source. PATCH merges `secrets` key by key ("" removes a key). */
import { apiRoute } from "@/lib/http";
import { deleteSource, getSource, updateSource, ZUpdateSource } from "@/lib/sources";

export const GET = apiRoute("viewer", async ({ params }) => getSource(params.id!));

export const PATCH = apiRoute("admin", async ({ actor, params, body }) =>
  updateSource(params.id!, await body(ZUpdateSource), actor),
);

export const DELETE = apiRoute("admin", async ({ actor, params }) => {
  await deleteSource(params.id!, actor);
});
