/* Environments: one deployable copy of an app inside a project. `active=false` pauses its schedules.
 * The timezone is the default for its schedules and how its times are shown. RPO/RTO targets: null
 * follows the default (by `critical`, then by type; lib/environments/rpo-target.ts owns the rule). */
import { boolean, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { projects } from "./projects";

export const environments = pgTable(
  "environments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "restrict" }),
    name: text("name").notNull(),
    slug: text("slug").notNull(),
    type: text("type", { enum: ["production", "staging", "development"] }).notNull(),
    active: boolean("active").notNull().default(true),
    timezone: text("timezone").notNull().default("UTC"),
    rpoSeconds: integer("rpo_seconds"),
    rtoSeconds: integer("rto_seconds"),
    critical: boolean("critical").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("environments_project_slug_idx").on(t.projectId, t.slug)],
);
