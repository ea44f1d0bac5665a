/* Renames a project, changes its slug, its default destination (null = use the global default) or its
 * restore location (null = the system's temporary folder; checked to exist or be creatable and be
 * writable before it is saved). */
import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { destinations, projects } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/roles";
import { isUniqueViolation, ZName, ZSlug } from "./slug";
import { getProject } from "./get-project";
import { toProjectView, type ProjectView } from "./project-view";
import { ZRestoreLocation } from "./restore-location-schema";
import { restoreLocationProblem } from "./restore-location";

export const ZUpdateProject = z.object({
  name: ZName.optional(),
  slug: ZSlug.optional(),
  defaultDestinationId: z.uuid("Choose a destination").nullable().optional(),
  /** Where restores of the project into a folder are staged (lib/projects/restore-location.ts). */
  restoreLocation: ZRestoreLocation.nullable().optional(),
});
export type TUpdateProject = z.input<typeof ZUpdateProject>;

export async function updateProject(id: string, input: TUpdateProject, actor: Actor): Promise<ProjectView> {
  const data = ZUpdateProject.parse(input);
  const before = await getProject(id);
  const db = getDb();
  if (data.defaultDestinationId) {
    const [d] = await db
      .select({ id: destinations.id })
      .from(destinations)
      .where(eq(destinations.id, data.defaultDestinationId));
    if (!d)
      throw new AppError("validation_failed", "That destination does not exist.", {
        defaultDestinationId: "Unknown destination",
      });
  }
  if (data.restoreLocation) {
    const problem = await restoreLocationProblem(data.restoreLocation);
    if (problem)
      throw new AppError("validation_failed", `This restore location cannot be used: ${problem}.`, {
        restoreLocation: problem,
      });
  }
  try {
    const [row] = await db
      .update(projects)
      .set({ ...data, updatedAt: new Date() })
      .where(eq(projects.id, id))
      .returning();
    await writeAudit({
      actor,
      action: "project.update",
      target: { type: "project", id, name: row!.name },
      details: {
        changed: Object.keys(data),
        ...(data.restoreLocation !== undefined ? { restoreLocation: data.restoreLocation } : {}),
        ...(data.defaultDestinationId !== undefined ? { defaultDestinationId: data.defaultDestinationId } : {}),
        ...(data.name && data.name !== before.name ? { previousName: before.name } : {}),
      },
    });
    return toProjectView(row!);
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw new AppError("conflict", `A project with the slug "${data.slug}" already exists.`, {
        slug: "This slug is already used by another project",
      });
    }
    throw e;
  }
}
