/* Projects: the top of the inventory. A project may name its own default destination, which overrides
 * the global default for its environments, and its own restore location (where folder restores are
 * staged). */
import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const projects = pgTable("projects", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  slug: text("slug").notNull().unique(),
  defaultDestinationId: uuid("default_destination_id"),
  /** Where restores of this project into a folder are staged (null: the system's temporary folder). */
  restoreLocation: text("restore_location"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
