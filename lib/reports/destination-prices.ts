/* The price per GiB-month an admin sets per destination, used for the reports' cost estimate. Kept in
 * app_settings under one key ({destinationId: price}); a destination without a price has no cost. */
import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { appSettings } from "@/lib/db/schema";

export const PRICES_KEY = "reports.destination_prices";
const ZPrices = z.record(z.string(), z.number().nonnegative());

export async function getDestinationPrices(): Promise<Record<string, number>> {
  const [row] = await getDb().select().from(appSettings).where(eq(appSettings.key, PRICES_KEY));
  const parsed = ZPrices.safeParse(row?.value ?? {});
  return parsed.success ? parsed.data : {};
}
