/* POST: acknowledge an open alert (no more reminders). Operators and admins. */
import { z } from "zod";
import { acknowledgeAlert } from "@/lib/alerts";
import { apiRoute } from "@/lib/http";

const ZId = z.string().uuid("Unknown alert");

export const POST = apiRoute("operator", async ({ actor, params }) => acknowledgeAlert(ZId.parse(params.id), actor));
