/* GET: an environment's sources (secrets never included). POST: add one (admin; secrets write-only). */
import { apiRoute, created } from "@/lib/http";
import { getEnvironment } from "@/lib/environments";
import { createSource, listSources, ZCreateSource } from "@/lib/sources";

export const GET = apiRoute("viewer", async ({ params }) => {
  const env = await getEnvironment(params.id!);
  return { items: await listSources(env.id) };
});

export const POST = apiRoute("admin", async ({ actor, params, body }) =>
  created(await createSource(params.id!, await body(ZCreateSource), actor)),
);
