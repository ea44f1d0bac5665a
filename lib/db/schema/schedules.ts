/* Schedule slots that have fired. The primary key (environment, cron key, slot) makes each due slot
 * fire exactly once, whichever scheduler process gets there first. */
import { boolean, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const scheduleRuns = pgTable(
  "schedule_runs",
  {
    environmentId: uuid("environment_id").notNull(),
    scheduleKey: text("schedule_key").notNull(), // cron + "|" + timezone
    slot: timestamp("slot", { withTimezone: true }).notNull(),
    backupId: uuid("backup_id"),
    catchUp: boolean("catch_up").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.environmentId, t.scheduleKey, t.slot] })],
);
