/* The price per GiB-month an admin sets per destination (its storage settings,
 * lib/destinations/storage), used for the reports' cost estimate. The older app_settings key
 * ({destinationId: price}) still counts where a destination has no price of its own. A destination
 * without a price has no cost. */
import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { appSettings } from "@/lib/db/schema";
import { storageSettingsOf } from "@/lib/destinations/storage/storage-settings";

export const PRICES_KEY = "reports.destination_prices";
const ZPrices = z.record(z.string(), z.number().nonnegative());

export async function getDestinationPrices(): Promise<Record<string, number>> {
  const [row] = await getDb().select().from(appSettings).where(eq(appSettings.key, PRICES_KEY));
  const parsed = ZPrices.safeParse(row?.value ?? {});
  const prices: Record<string, number> = parsed.success ? { ...parsed.data } : {};
  for (const [id, s] of await storageSettingsOf()) if (s.pricePerGibMonth != null) prices[id] = s.pricePerGibMonth;
  return prices;
}
