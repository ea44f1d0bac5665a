/* POST: send a test message through the channel now → 200 {ok, message} (message says what failed). */
import { apiRoute } from "@/lib/http";
import { testChannel, ZChannelId } from "@/lib/notify";

export const POST = apiRoute("admin", async ({ actor, params }) => testChannel(ZChannelId.parse(params.id), actor));
