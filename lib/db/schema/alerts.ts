/* Alerts: conditions that are failing now (a failed last backup, an environment without a good backup
 * within its RPO, an unreachable destination, a stuck job), kept open until the condition clears and
 * then resolved (kept for history). Invariant: at most one open alert per (kind, subject) — the partial
 * unique index `alerts_open_subject_idx` — so a condition seen by two evaluators opens one alert.
 * `subjectKey` names what the alert is about ("env:<id>", "dest:<id>", "job:<id>"). */
import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

export const alerts = pgTable(
  "alerts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    environmentId: uuid("environment_id"),
    destinationId: uuid("destination_id"),
    kind: text("kind").notNull(), // "backup_failed" | "overdue" | "destination_unreachable" | "job_stuck" | ...
    subjectKey: text("subject_key").notNull().default(""),
    severity: text("severity", { enum: ["info", "warning", "critical"] }).notNull(),
    message: text("message").notNull(),
    /** Facts the message was made from (backup id, hours since the last good backup, the error code). */
    details: jsonb("details").$type<Record<string, unknown>>(),
    /** When it opened (API: openedAt). */
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
    acknowledgedBy: uuid("acknowledged_by"),
    mutedUntil: timestamp("muted_until", { withTimezone: true }),
    /** Last time channels were told about it (opened or reminder); reminders count from here. */
    notifiedAt: timestamp("notified_at", { withTimezone: true }),
  },
  (t) => [
    index("alerts_env_idx").on(t.environmentId),
    index("alerts_created_idx").on(t.createdAt, t.id),
    uniqueIndex("alerts_open_subject_idx").on(t.kind, t.subjectKey).where(sql`resolved_at is null`),
  ],
);
