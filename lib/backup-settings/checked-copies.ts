/* The copy targets of a settings save, checked and in their stored form: every target exists and is not
 * also one of the environment's own (primary) destinations, and each retention is stored the way the
 * environment's is (storedRetention). Null when none are left. */
import "server-only";
import { inArray } from "drizzle-orm";
import type { TCopyTarget } from "@/lib/copies/schema";
import { getDb } from "@/lib/db";
import { destinations } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { storedRetention } from "@/lib/retention";
import type { EffectiveSettings } from "./effective-settings";
import type { TBackupSettingsParsed } from "./schema";

export async function checkedCopies(
  data: TBackupSettingsParsed,
  current: EffectiveSettings,
): Promise<TCopyTarget[] | null> {
  const list = data.copies ?? [];
  if (!list.length) return null;
  const primaries = data.destinationIds?.length ? data.destinationIds : current.destinationIds;
  const ids = list.map((c) => c.destinationId);
  const found = await getDb().select({ id: destinations.id }).from(destinations).where(inArray(destinations.id, ids));
  const fields: Record<string, string> = {};
  list.forEach((c, i) => {
    if (!found.some((f) => f.id === c.destinationId))
      fields[`copies.${i}.destinationId`] = `Destination ${c.destinationId} does not exist.`;
    else if (primaries.includes(c.destinationId))
      fields[`copies.${i}.destinationId`] =
        "This destination already receives the backups; copy to a different one (another place, ideally off-site).";
  });
  if (Object.keys(fields).length)
    throw new AppError("validation_failed", "A copy destination cannot be used. Choose another one.", fields);
  return list.map((c) => ({
    destinationId: c.destinationId,
    ...(c.retention ? { retention: storedRetention(c.retention) } : {}),
    ...(c.alertBehindHours ? { alertBehindHours: c.alertBehindHours } : {}),
  }));
}
