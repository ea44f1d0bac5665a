/* Per-environment backup settings (the gear icon). A null column means "inherited from the environment
 * type's default" (lib/backup-settings owns the defaults and the merge). */
import { boolean, integer, jsonb, pgTable, timestamp, uuid } from "drizzle-orm/pg-core";
import { environments } from "./environments";
import type { SourceHooks } from "./sources";

export type ScheduleSpec = { cron: string; timezone: string };
export type RetentionSpec =
  | { preset: string }
  | {
      keepLast?: number;
      keepHourly?: number;
      keepDaily?: number;
      keepWeekly?: number;
      keepMonthly?: number;
      keepYearly?: number;
      keepWithin?: string;
    };

export const backupSettings = pgTable("backup_settings", {
  environmentId: uuid("environment_id")
    .primaryKey()
    .references(() => environments.id, { onDelete: "cascade" }),
  schedules: jsonb("schedules").$type<ScheduleSpec[]>(),
  retention: jsonb("retention").$type<RetentionSpec>(),
  maxManualBackups: integer("max_manual_backups"),
  destinationIds: jsonb("destination_ids").$type<string[]>(),
  live: boolean("live"),
  hooks: jsonb("hooks").$type<SourceHooks>(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
