/* Point-in-time recovery state (lib/pitr). `pitr_streams`: one row per PostgreSQL source with PITR on —
 * the lease that lets exactly one worker cluster-wide run its WAL stream (holder + until, renewed by the
 * holder; another worker takes over once `lease_until` passed), and the state the API shows.
 * `pitr_gaps`: WAL the repository will never have (a lost slot, a takeover after a host died with
 * unshipped WAL), read by the restore side's recovery window. No foreign key to sources: a deleted
 * source's row tells the last holder to drop its slot, and is removed then. */
import { bigint, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const pitrStreams = pgTable("pitr_streams", {
  sourceId: uuid("source_id").primaryKey(),
  state: text("state", { enum: ["off", "starting", "streaming", "down", "misconfigured"] })
    .notNull()
    .default("starting"),
  message: text("message"),
  leaseHolder: text("lease_holder"),
  leaseUntil: timestamp("lease_until", { withTimezone: true }),
  slotRetainedBytes: bigint("slot_retained_bytes", { mode: "number" }),
  downSince: timestamp("down_since", { withTimezone: true }),
  lastShippedAt: timestamp("last_shipped_at", { withTimezone: true }),
  lastShippedWal: text("last_shipped_wal"),
  lastBaseBackupAt: timestamp("last_base_backup_at", { withTimezone: true }),
  /** Set when a fresh base backup is owed (PITR just turned on, a gap). */
  baseBackupDue: timestamp("base_backup_due", { withTimezone: true }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const pitrGaps = pgTable(
  "pitr_gaps",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    sourceId: uuid("source_id").notNull(),
    /** Last complete segment known shipped before the gap (24 hex), when known. */
    afterSegment: text("after_segment"),
    /** First segment available again (the new slot's restart segment), when known. */
    resumeSegment: text("resume_segment"),
    reason: text("reason", { enum: ["slot_lost", "takeover"] }).notNull(),
    detectedAt: timestamp("detected_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("pitr_gaps_source_idx").on(t.sourceId)],
);
