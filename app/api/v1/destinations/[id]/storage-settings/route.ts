/* GET|PUT /api/v1/destinations/{id}/storage-settings {budgetGib, pricePerGibMonth}: the storage budget
 * (storage_low, the forecast) and the price per GiB-month (cost estimate). Admin only, like the rest of
 * a destination's settings. */
import { ZStorageSettings } from "@/lib/destinations/storage/schema";
import { getStorageSettings, saveStorageSettings } from "@/lib/destinations/storage/storage-settings";
import { apiRoute } from "@/lib/http";

export const GET = apiRoute("viewer", async ({ params }) => getStorageSettings(params.id!));

export const PUT = apiRoute("admin", async ({ actor, body, params }) =>
  saveStorageSettings(params.id!, await body(ZStorageSettings), actor),
);
