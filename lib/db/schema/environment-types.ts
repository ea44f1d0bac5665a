/* Per-environment-type backup policies (production / staging / development): the defaults every
 * environment of the type inherits field by field (lib/backup-settings owns the merge). Seeded by the
 * migration with the defaults Lifeboat had in code (lib/backup-settings/defaults.ts: seedDefaultsFor), so
 * nothing changes until an admin edits a type. Schedules without a time zone run in the environment's. */
import { boolean, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import type { StoredRetention } from "../../retention/schema";

export type TypeSchedule = { cron: string; timezone?: string };

export const environmentTypePolicies = pgTable("environment_type_policies", {
  type: text("type", { enum: ["production", "staging", "development"] }).primaryKey(),
  schedules: jsonb("schedules").$type<TypeSchedule[]>().notNull(),
  retention: jsonb("retention").$type<StoredRetention>().notNull(),
  maxManualBackups: integer("max_manual_backups").notNull(),
  /** Manual and automated backups together (Platform.sh max_backups); 0: no total limit. */
  maxBackups: integer("max_backups").notNull().default(0),
  live: boolean("live").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
