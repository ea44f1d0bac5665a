/* Reads environments: by id, by the panel's (project slug, environment slug) pair, and per project. */
import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { environments, projects } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { toProjectView, type ProjectView } from "@/lib/projects/project-view";
import { toEnvironmentView, type EnvironmentView } from "./environment-view";

export async function getEnvironment(id: string): Promise<EnvironmentView> {
  const row = isUuid(id) ? (await getDb().select().from(environments).where(eq(environments.id, id)))[0] : undefined;
  if (!row) throw new AppError("not_found", "This environment does not exist (it may have been deleted).");
  return toEnvironmentView(row);
}

export async function getEnvironmentBySlug(
  projectSlug: string,
  envSlug: string,
): Promise<{ project: ProjectView; environment: EnvironmentView }> {
  const [row] = await getDb()
    .select({ e: environments, p: projects })
    .from(environments)
    .innerJoin(projects, eq(projects.id, environments.projectId))
    .where(and(eq(projects.slug, projectSlug), eq(environments.slug, envSlug)));
  if (!row) throw new AppError("not_found", `There is no environment "${envSlug}" in project "${projectSlug}".`);
  return { project: toProjectView(row.p), environment: toEnvironmentView(row.e) };
}

export async function listEnvironments(projectId?: string): Promise<EnvironmentView[]> {
  const q = getDb().select().from(environments);
  const rows = await (projectId ? q.where(eq(environments.projectId, projectId)) : q).orderBy(asc(environments.name));
  return rows.map(toEnvironmentView);
}
