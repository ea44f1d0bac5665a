/* The inventory cache in the app database (table pitr_snapshot_cache): what one immutable restic
 * snapshot holds, read once per destination, so a window request lists snapshots but `restic ls`es only
 * the new ones. */
import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { pitrSnapshotCache } from "@/lib/db/schema";
import type { CachedSnapshot, InventoryCache } from "./read-inventory";

export function dbInventoryCache(destinationId: string, sourceId: string): InventoryCache {
  return {
    async get(ids) {
      if (!ids.length) return new Map();
      const rows = await getDb()
        .select()
        .from(pitrSnapshotCache)
        .where(and(eq(pitrSnapshotCache.destinationId, destinationId), inArray(pitrSnapshotCache.snapshotId, ids)));
      return new Map(rows.map((r) => [r.snapshotId, { kind: r.kind, entry: r.entry } as CachedSnapshot]));
    },
    async put(items) {
      await getDb()
        .insert(pitrSnapshotCache)
        .values(
          items.map((i) => ({
            destinationId,
            sourceId,
            snapshotId: i.entry.snapshotId,
            kind: i.kind,
            entry: i.entry as unknown as Record<string, unknown>,
          })),
        )
        // A base backup read again (its end from the manifest) replaces its older row.
        .onConflictDoUpdate({
          target: [pitrSnapshotCache.destinationId, pitrSnapshotCache.snapshotId],
          set: { entry: sql`excluded.entry`, readAt: sql`now()` },
        });
    },
  };
}
