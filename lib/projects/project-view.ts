/* The shape of a project handed to pages and the API (dates as ISO strings). */
import type { projects } from "@/lib/db/schema";

export type ProjectView = {
  id: string;
  name: string;
  slug: string;
  defaultDestinationId: string | null;
  /** Where restores of the project into a folder are staged (null: the system's temporary folder). */
  restoreLocation: string | null;
  createdAt: string;
  updatedAt: string;
};

export function toProjectView(row: typeof projects.$inferSelect): ProjectView {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    defaultDestinationId: row.defaultDestinationId,
    restoreLocation: row.restoreLocation,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
