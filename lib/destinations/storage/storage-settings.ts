/* Reads and saves destinations' storage settings (budget GiB, price per GiB-month), audited. */
import "server-only";
import { eq, inArray } from "drizzle-orm";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { destinationStorageSettings } from "@/lib/db/schema";
import { getDestination } from "../get-destination";
import type { StorageSettings } from "./schema";

const EMPTY: StorageSettings = { budgetGib: null, pricePerGibMonth: null };

export async function getStorageSettings(destinationId: string): Promise<StorageSettings> {
  await getDestination(destinationId);
  const [row] = await getDb()
    .select()
    .from(destinationStorageSettings)
    .where(eq(destinationStorageSettings.destinationId, destinationId));
  return row ? { budgetGib: row.budgetGib, pricePerGibMonth: row.pricePerGibMonth } : EMPTY;
}

/** Settings of many destinations at once (no row: both null). */
export async function storageSettingsOf(ids?: string[]): Promise<Map<string, StorageSettings>> {
  const q = getDb().select().from(destinationStorageSettings);
  const rows = ids ? await q.where(inArray(destinationStorageSettings.destinationId, ids)) : await q;
  return new Map(rows.map((r) => [r.destinationId, { budgetGib: r.budgetGib, pricePerGibMonth: r.pricePerGibMonth }]));
}

export async function saveStorageSettings(id: string, input: StorageSettings, actor: Actor): Promise<StorageSettings> {
  const d = await getDestination(id);
  await getDb()
    .insert(destinationStorageSettings)
    .values({ destinationId: id, ...input })
    .onConflictDoUpdate({ target: destinationStorageSettings.destinationId, set: { ...input, updatedAt: new Date() } });
  await writeAudit({
    actor,
    action: "destination.storage_settings",
    target: { type: "destination", id, name: d.name },
    outcome: "success",
  });
  return getStorageSettings(id);
}
