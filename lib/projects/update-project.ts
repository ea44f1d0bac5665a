/* Renames a project, changes its slug or its default destination (null = use the global default). */
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

export const ZUpdateProject = z.object({
  name: ZName.optional(),
  slug: ZSlug.optional(),
  defaultDestinationId: z.uuid("Choose a destination").nullable().optional(),
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
