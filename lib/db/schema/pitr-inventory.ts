/* What the PITR reading side has read from a repository, per immutable restic snapshot: a base backup
 * (time, timeline, start segment, path of base.tar) or a WAL batch (time, its WAL files). A recovery
 * window then lists the snapshots but `restic ls`es only new ones (lib/pitr/inventory/cache.ts). Rows of
 * snapshots no longer in the repository are removed when the window is read. */
import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const pitrSnapshotCache = pgTable(
  "pitr_snapshot_cache",
  {
    destinationId: uuid("destination_id").notNull(),
    snapshotId: text("snapshot_id").notNull(),
    sourceId: uuid("source_id").notNull(),
    kind: text("kind", { enum: ["base", "wal"] }).notNull(),
    entry: jsonb("entry").$type<Record<string, unknown>>().notNull(),
    readAt: timestamp("read_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.destinationId, t.snapshotId] }),
    index("pitr_snapshot_cache_source_idx").on(t.destinationId, t.sourceId),
  ],
);
