/* The recovery window of a PostgreSQL source, as the API serves it: its environment's destinations are
 * read in order (the inventory cached per snapshot, ./cache.ts) and the first one holding PITR snapshots
 * of the source answers. `GET /api/v1/sources/{id}/recovery-window` → `{ranges, gaps}`. */
import "server-only";
import { eq } from "drizzle-orm";
import { getEffectiveSettings } from "@/lib/backup-settings/effective-settings";
import { getDb } from "@/lib/db";
import { sources } from "@/lib/db/schema";
import { openDestinationRepo } from "@/lib/destinations/open-destination-repo";
import type { Repo } from "@/lib/engine";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { dbInventoryCache } from "./cache";
import { readInventory } from "./read-inventory";
import { recoveryWindow, type RecoveryWindow } from "./window";

export type SourceWindow = {
  source: typeof sources.$inferSelect;
  destinationId: string | null;
  repo: Repo | null;
  window: RecoveryWindow;
};

const EMPTY: RecoveryWindow = { ranges: [], gaps: [], chains: [] };

export async function loadSourceWindow(sourceId: string, signal?: AbortSignal): Promise<SourceWindow> {
  const [source] = isUuid(sourceId) ? await getDb().select().from(sources).where(eq(sources.id, sourceId)) : [];
  if (!source) throw new AppError("not_found", "This source does not exist.");
  if (source.type !== "postgres") {
    throw new AppError(
      "unprocessable",
      `"${source.name}" is not a PostgreSQL source; point-in-time recovery is for PostgreSQL.`,
    );
  }
  const { destinationIds } = await getEffectiveSettings(source.environmentId);
  for (const destinationId of destinationIds) {
    const { repo } = await openDestinationRepo(destinationId);
    const inv = await readInventory(repo, source.id, dbInventoryCache(destinationId, source.id), signal);
    if (inv.bases.length || inv.batches.length) return { source, destinationId, repo, window: recoveryWindow(inv) };
  }
  return { source, destinationId: null, repo: null, window: EMPTY };
}

/** The API shape (API.md §Point-in-time recovery). */
export async function getRecoveryWindow(sourceId: string) {
  const { window } = await loadSourceWindow(sourceId);
  return {
    ranges: window.ranges,
    gaps: window.gaps.map((g) => ({ from: g.from, to: g.to, missing: g.missing })),
  };
}
