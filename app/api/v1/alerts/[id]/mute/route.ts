/* POST {until}: mute an open alert until then (no messages about it). Operators and admins. */
import { z } from "zod";
import { muteAlert, ZMuteAlert } from "@/lib/alerts";
import { apiRoute } from "@/lib/http";

const ZId = z.string().uuid("Unknown alert");

export const POST = apiRoute("operator", async ({ actor, params, body }) =>
  muteAlert(ZId.parse(params.id), await body(ZMuteAlert), actor),
);
