/* Per-project and per-environment overrides of the alert rules (`scope_id` is the project's or the
 * environment's id; a null field inherits: environment → project → default), and the storage settings
 * an admin gives a destination (budget in GiB for storage_low, price per GiB-month for the reports'
 * cost estimate). */
import { doublePrecision, boolean as pgBoolean, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { destinations } from "./destinations";

export const alertRuleOverrides = pgTable(
  "alert_rule_overrides",
  {
    scope: text("scope", { enum: ["project", "environment"] }).notNull(),
    scopeId: uuid("scope_id").notNull(),
    kind: text("kind").notNull(),
    enabled: pgBoolean("enabled"),
    threshold: doublePrecision("threshold"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.scopeId, t.kind] })],
);

export const destinationStorageSettings = pgTable("destination_storage_settings", {
  destinationId: uuid("destination_id")
    .primaryKey()
    .references(() => destinations.id, { onDelete: "cascade" }),
  budgetGib: doublePrecision("budget_gib"),
  pricePerGibMonth: doublePrecision("price_per_gib_month"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
