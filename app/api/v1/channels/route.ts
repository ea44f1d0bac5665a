/* GET: notification channels (secrets never included). POST: add one. Admin only: channels hold
 * credentials and decide who hears about what. */
import { apiRoute, created } from "@/lib/http";
import { createChannel, listChannels, ZChannelInput } from "@/lib/notify";

export const GET = apiRoute("admin", async () => ({ items: await listChannels() }));

export const POST = apiRoute("admin", async ({ actor, body }) =>
  created(await createChannel(await body(ZChannelInput), actor)),
);
