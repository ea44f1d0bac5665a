/* Off-site copies: one row per (backup, copy destination), the record of `restic copy` of that backup's
 * snapshots into the copy target (lib/copies). The copied snapshots' ids in the target repository are
 * kept here (the primary's ids are in backup_snapshots). A copy never changes its backup's status.
 * `forgottenAt`: the copy target's own retention removed these snapshots from that repository. */
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { CopyStatus } from "../../copies/schema";
import { backups, type ErrorInfo } from "./backups";

export const backupCopies = pgTable(
  "backup_copies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    backupId: uuid("backup_id")
      .notNull()
      .references(() => backups.id, { onDelete: "cascade" }),
    destinationId: uuid("destination_id").notNull(),
    /** The primary destination the snapshots were copied from. */
    fromDestinationId: uuid("from_destination_id"),
    status: text("status").$type<CopyStatus>().notNull().default("queued"),
    snapshotIds: jsonb("snapshot_ids").$type<string[]>().notNull().default([]),
    attempts: integer("attempts").notNull().default(0),
    jobId: uuid("job_id"),
    error: jsonb("error").$type<ErrorInfo>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    copiedAt: timestamp("copied_at", { withTimezone: true }),
    forgottenAt: timestamp("forgotten_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("backup_copies_backup_dest_idx").on(t.backupId, t.destinationId),
    index("backup_copies_dest_idx").on(t.destinationId, t.status),
  ],
);
