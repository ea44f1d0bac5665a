/* GET|PUT /api/v1/destinations/{id}/check-settings {readDataRuns, maxReadGibPerRun}: how the integrity
 * checks read a destination's data (the rotation t, a download cap per check) and what that means now
 * (effective t, estimated download per check). Admin to change, like the rest of a destination. */
import { apiRoute } from "@/lib/http";
import { getCheckSettings, saveCheckSettings } from "@/lib/proof/checks/check-settings";
import { ZCheckSettings } from "@/lib/proof/checks/check-settings-schema";

export const GET = apiRoute("viewer", async ({ params }) => getCheckSettings(params.id!));

export const PUT = apiRoute("admin", async ({ actor, body, params }) =>
  saveCheckSettings(params.id!, await body(ZCheckSettings), actor),
);
