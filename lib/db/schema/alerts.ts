/* Alerts raised for people to see (a failed backup, a production environment without a good backup in
 * 24 h, a destination that stopped verifying). Resolved alerts stay for history. */
import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const alerts = pgTable(
  "alerts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    environmentId: uuid("environment_id"),
    destinationId: uuid("destination_id"),
    kind: text("kind").notNull(), // "backup_failed" | "no_recent_backup" | "destination_unreachable" | ...
    severity: text("severity", { enum: ["info", "warning", "critical"] }).notNull(),
    message: text("message").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
  },
  (t) => [index("alerts_env_idx").on(t.environmentId)],
);
