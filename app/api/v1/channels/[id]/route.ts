/* GET / PATCH / DELETE one notification channel (admin). PATCH takes the full channel body; secrets
 * left empty keep the stored ones. */
import { apiRoute } from "@/lib/http";
import { deleteChannel, getChannel, updateChannel, ZChannelId, ZChannelInput } from "@/lib/notify";

export const GET = apiRoute("admin", async ({ params }) => getChannel(ZChannelId.parse(params.id)));

export const PATCH = apiRoute("admin", async ({ actor, params, body }) =>
  updateChannel(ZChannelId.parse(params.id), await body(ZChannelInput), actor),
);

export const DELETE = apiRoute("admin", async ({ actor, params }) => {
  await deleteChannel(ZChannelId.parse(params.id), actor);
});
