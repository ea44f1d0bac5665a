/* Reads and saves destinations' integrity-check settings (destination_check_settings), audited, and
 * resolves the rotation length t each check uses (./check-settings-schema.ts `effectiveReadDataRuns`:
 * the chosen or default t, raised by the download cap against what the destination holds). */
import "server-only";
import { inArray } from "drizzle-orm";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { destinationCheckSettings } from "@/lib/db/schema";
import { getDestination } from "@/lib/destinations/get-destination";
import { storedBytesOf } from "@/lib/destinations/storage/stored-bytes";
import { env } from "@/lib/env";
import { type CheckSettings, type CheckSettingsView, effectiveReadDataRuns } from "./check-settings-schema";

const GIB = 1024 ** 3;
const EMPTY: CheckSettings = { readDataRuns: null, maxReadGibPerRun: null };

/** The views of many destinations at once (no row: the defaults), in two queries. */
export async function checkSettingsOf(ids: string[]): Promise<Map<string, CheckSettingsView>> {
  if (!ids.length) return new Map();
  const rows = await getDb()
    .select()
    .from(destinationCheckSettings)
    .where(inArray(destinationCheckSettings.destinationId, ids));
  const own = new Map(rows.map((r) => [r.destinationId, r]));
  const stored = await storedBytesOf(ids);
  const defaultReadDataRuns = env().LIFEBOAT_CHECK_READ_DATA_RUNS;
  const out = new Map<string, CheckSettingsView>();
  for (const id of ids) {
    const r = own.get(id);
    const settings: CheckSettings = r
      ? {
          readDataRuns: r.readDataRuns,
          maxReadGibPerRun: r.maxReadBytesPerRun ? Number((r.maxReadBytesPerRun / GIB).toPrecision(6)) : null,
        }
      : EMPTY;
    const storedBytes = stored.get(id) ?? 0;
    const eff = effectiveReadDataRuns(settings, defaultReadDataRuns, storedBytes);
    out.set(id, {
      ...settings,
      defaultReadDataRuns,
      effectiveReadDataRuns: eff.runs,
      raisedByCap: eff.raisedByCap,
      storedBytes,
      estimatedBytesPerCheck: Math.ceil(storedBytes / eff.runs),
    });
  }
  return out;
}

export async function getCheckSettings(destinationId: string): Promise<CheckSettingsView> {
  await getDestination(destinationId);
  return (await checkSettingsOf([destinationId])).get(destinationId)!;
}

export async function saveCheckSettings(id: string, input: CheckSettings, actor: Actor): Promise<CheckSettingsView> {
  const d = await getDestination(id);
  const values = {
    readDataRuns: input.readDataRuns,
    maxReadBytesPerRun: input.maxReadGibPerRun == null ? null : Math.round(input.maxReadGibPerRun * GIB),
  };
  await getDb()
    .insert(destinationCheckSettings)
    .values({ destinationId: id, ...values })
    .onConflictDoUpdate({
      target: destinationCheckSettings.destinationId,
      set: { ...values, updatedAt: new Date() },
    });
  await writeAudit({
    actor,
    action: "destination.check_settings",
    target: { type: "destination", id, name: d.name },
    outcome: "success",
    details: { readDataRuns: input.readDataRuns, maxReadGibPerRun: input.maxReadGibPerRun },
  });
  return getCheckSettings(id);
}
