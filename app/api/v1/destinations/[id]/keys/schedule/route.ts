/* PUT {rotationDays: number|null}: rotate Lifeboat's key every N days (null: off). Admin, audited. */
import { apiRoute } from "@/lib/http";
import { setRotationSchedule, ZKeyRotationSchedule } from "@/lib/keys";

export const PUT = apiRoute("admin", async ({ actor, params, body }) =>
  setRotationSchedule(params.id!, await body(ZKeyRotationSchedule), actor),
);
