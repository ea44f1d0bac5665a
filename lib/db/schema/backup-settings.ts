/* Per-environment backup settings (the gear icon). A null column means "inherited from the environment
 * type's default" (lib/backup-settings owns the defaults and the merge). The JSON columns take their types
 * from the browser-safe schemas (lib/retention/schema.ts, lib/schedules/schema.ts). */
import { boolean, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { environments } from "./environments";
import type { StoredRetention } from "../../retention/schema";
import type { TSchedule } from "../../schedules/schema";
import type { SourceHooks } from "./sources";
import type { TTestRestoreSchedule } from "../../proof/test-restore/scratch-schema";
import type { TCopyTarget } from "../../copies/schema";

export const backupSettings = pgTable("backup_settings", {
  environmentId: uuid("environment_id")
    .primaryKey()
    .references(() => environments.id, { onDelete: "cascade" }),
  schedules: jsonb("schedules").$type<TSchedule[]>(),
  retention: jsonb("retention").$type<StoredRetention>(),
  maxManualBackups: integer("max_manual_backups"),
  /** Manual + automated together (0: no total limit; null: the type's). */
  maxBackups: integer("max_backups"),
  destinationIds: jsonb("destination_ids").$type<string[]>(),
  live: boolean("live"),
  /** restic --compression for backups (null: auto). */
  compression: text("compression", { enum: ["auto", "max", "off"] }),
  hooks: jsonb("hooks").$type<SourceHooks>(),
  /** The test-restore schedule (null: the environment type's default, lib/proof/test-restore). */
  testRestore: jsonb("test_restore").$type<TTestRestoreSchedule>(),
  /** Copy targets ("Copy to", lib/copies): null or [] means none. */
  copies: jsonb("copies").$type<TCopyTarget[]>(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
