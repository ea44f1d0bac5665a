/* Reads projects: one by id or by slug (panel URLs), and the full list with environment counts. */
import "server-only";
import { asc, count, eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { environments, projects } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { toProjectView, type ProjectView } from "./project-view";

export async function getProject(id: string): Promise<ProjectView> {
  const row = isUuid(id) ? (await getDb().select().from(projects).where(eq(projects.id, id)))[0] : undefined;
  if (!row) throw new AppError("not_found", "This project does not exist (it may have been deleted).");
  return toProjectView(row);
}

export async function getProjectBySlug(slug: string): Promise<ProjectView> {
  const [row] = await getDb().select().from(projects).where(eq(projects.slug, slug));
  if (!row) throw new AppError("not_found", `There is no project "${slug}".`);
  return toProjectView(row);
}

export async function listProjects(): Promise<(ProjectView & { environmentCount: number })[]> {
  const db = getDb();
  const rows = await db.select().from(projects).orderBy(asc(projects.name));
  const counts = await db
    .select({ projectId: environments.projectId, n: count() })
    .from(environments)
    .groupBy(environments.projectId);
  const byProject = new Map(counts.map((c) => [c.projectId, Number(c.n)]));
  return rows.map((r) => ({ ...toProjectView(r), environmentCount: byProject.get(r.id) ?? 0 }));
}

/** Moved to lib/ids (one id check for every domain); re-exported for existing importers. */
export { isUuid };
