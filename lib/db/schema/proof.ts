/* Proof (issue 9): test restores (the restore drill into scratch targets) and integrity checks
 * (`restic check` per destination). Shapes of their JSON columns are in lib/proof/schema.ts. A backup's
 * own verification and each snapshot's manifest live on the backups / backup_snapshots rows. */
import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { ProofJobStatus, ReadDataMode, TTestRestoreSource } from "../../proof/schema";
import type { TScratchTarget } from "../../proof/test-restore/scratch-schema";
import type { ErrorInfo } from "./backups";
import { backups } from "./backups";
import { destinations } from "./destinations";
import { environments } from "./environments";

export const testRestores = pgTable(
  "test_restores",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    environmentId: uuid("environment_id")
      .notNull()
      .references(() => environments.id, { onDelete: "cascade" }),
    backupId: uuid("backup_id")
      .notNull()
      .references(() => backups.id, { onDelete: "cascade" }),
    jobId: uuid("job_id"),
    status: text("status").$type<ProofJobStatus>().notNull().default("queued"),
    trigger: text("trigger", { enum: ["scheduled", "manual"] }).notNull(),
    createdBy: uuid("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    sources: jsonb("sources").$type<TTestRestoreSource[]>().notNull().default([]),
    error: jsonb("error").$type<ErrorInfo>(),
    /** Scratch targets this test restore created (or is about to create): written BEFORE each one is
     * created and emptied once it is dropped, so a sweep after a crash knows what to remove. */
    scratch: jsonb("scratch").$type<TScratchTarget[]>().notNull().default([]),
    /** The schedule slot a scheduled test restore was fired for ("<intervalDays>d:<n>"); unique per
     * environment, so the slot fires once cluster-wide. Null for on-demand ones. */
    slot: text("slot"),
  },
  (t) => [
    index("test_restores_env_created_idx").on(t.environmentId, t.createdAt),
    uniqueIndex("test_restores_env_slot_idx").on(t.environmentId, t.slot),
  ],
);

export const integrityChecks = pgTable(
  "integrity_checks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    destinationId: uuid("destination_id")
      .notNull()
      .references(() => destinations.id, { onDelete: "cascade" }),
    jobId: uuid("job_id"),
    status: text("status").$type<ProofJobStatus>().notNull().default("queued"),
    trigger: text("trigger", { enum: ["scheduled", "manual"] }).notNull(),
    readData: text("read_data").$type<ReadDataMode>().notNull().default("none"),
    readDataSubset: text("read_data_subset"),
    createdBy: uuid("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    errors: jsonb("errors").$type<{ message: string }[]>().notNull().default([]),
    damagedPacks: jsonb("damaged_packs").$type<string[]>().notNull().default([]),
    damagedBackupIds: jsonb("damaged_backup_ids").$type<string[]>().notNull().default([]),
    /** The daily slot a scheduled check was fired for: one check per destination and slot, cluster-wide. */
    slot: timestamp("slot", { withTimezone: true }),
    /** restic locks cleared before the check (no live Lifeboat job held them), as words for the log. */
    clearedLocks: jsonb("cleared_locks").$type<string[]>().notNull().default([]),
  },
  (t) => [
    index("integrity_checks_dest_created_idx").on(t.destinationId, t.createdAt),
    uniqueIndex("integrity_checks_dest_slot_idx").on(t.destinationId, t.slot).where(sql`slot is not null`),
  ],
);

/** Per-destination integrity-check settings (admin): the data-read rotation length t (every pack read once
 * every t checks; null: LIFEBOAT_CHECK_READ_DATA_RUNS) and a cap on the bytes one check may download
 * (t grows to ceil(stored / cap) for destinations that charge for downloads). No row: the defaults. */
export const destinationCheckSettings = pgTable("destination_check_settings", {
  destinationId: uuid("destination_id")
    .primaryKey()
    .references(() => destinations.id, { onDelete: "cascade" }),
  readDataRuns: integer("read_data_runs"),
  maxReadBytesPerRun: bigint("max_read_bytes_per_run", { mode: "number" }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
