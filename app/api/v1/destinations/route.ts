/* GET: all destinations (default first; secrets never included). POST: add one (admin). */
import { apiRoute, created } from "@/lib/http";
import { createDestination, listDestinations, ZCreateDestination } from "@/lib/destinations";

export const GET = apiRoute("viewer", async () => ({ items: await listDestinations() }));

export const POST = apiRoute("admin", async ({ actor, body }) =>
  created(await createDestination(await body(ZCreateDestination), actor)),
);
