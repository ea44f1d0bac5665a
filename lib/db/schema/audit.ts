/* The audit log: who did what to which target, when, and how it ended. Append-only. */
import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const auditLog = pgTable(
  "audit_log",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    actorId: uuid("actor_id"),
    actorEmail: text("actor_email").notNull().default("system"),
    action: text("action").notNull(), // e.g. "project.create", "auth.sign_in", "backup.start"
    targetType: text("target_type"), // "project" | "environment" | "source" | "destination" | "user" | ...
    targetId: text("target_id"),
    targetName: text("target_name"),
    outcome: text("outcome", { enum: ["success", "failure", "denied"] }).notNull(),
    details: jsonb("details").$type<Record<string, unknown>>(),
    ip: text("ip"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("audit_log_created_idx").on(t.createdAt), index("audit_log_target_idx").on(t.targetType, t.targetId)],
);
