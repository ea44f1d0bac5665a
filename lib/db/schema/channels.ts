/* Notification channels (e-mail, webhook, Slack, Discord, ntfy, Gotify, Telegram, healthchecks pings)
 * and the deliveries sent through them. `config` is what the admin may see again; `secretsEnc` (SMTP
 * password, tokens, webhook URLs with their key, signing secret) is sealed with lib/secrets and never
 * leaves the server. A delivery is one message to one channel (it may list many alerts: grouping);
 * it is retried with backoff until `attempts` reaches the bound, and its last error stays visible. */
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export type DeliveryStatus = "pending" | "sending" | "delivered" | "failed";

export const notificationChannels = pgTable("notification_channels", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique(),
  type: text("type").notNull(),
  config: jsonb("config").$type<Record<string, unknown>>().notNull(),
  secretsEnc: text("secrets_enc"),
  /** Only alerts of these projects (null: every project). */
  projectIds: jsonb("project_ids").$type<string[] | null>(),
  minSeverity: text("min_severity", { enum: ["info", "warning", "critical"] })
    .notNull()
    .default("warning"),
  /** healthchecks channels: backups finished after this instant have been pinged. */
  pingCursor: timestamp("ping_cursor", { withTimezone: true }),
  /** healthchecks channels: backups started after this instant have had their /start ping. */
  pingStartCursor: timestamp("ping_start_cursor", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const notificationDeliveries = pgTable(
  "notification_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => notificationChannels.id, { onDelete: "cascade" }),
    /** "alert.opened" | "alert.resolved" | "alert.reminder" | "test" | "ping.success" | "ping.fail" */
    event: text("event").notNull(),
    alertIds: jsonb("alert_ids").$type<string[]>().notNull().default([]),
    /** The message as planned (title, lines, alerts), so a retry sends exactly what was planned. */
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    status: text("status").$type<DeliveryStatus>().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
  },
  (t) => [
    index("notification_deliveries_due_idx").on(t.status, t.nextAttemptAt),
    index("notification_deliveries_channel_idx").on(t.channelId, t.createdAt),
  ],
);
