/* Creates a project. The slug defaults to one made from the name and must be unique; a clash is a
 * field error on `slug`, so the form can show it next to the field. */
import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { projects } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/roles";
import { isUniqueViolation, slugify, ZName, ZSlug } from "./slug";
import { toProjectView, type ProjectView } from "./project-view";

export const ZCreateProject = z.object({
  name: ZName,
  slug: ZSlug.optional().or(z.literal("").transform(() => undefined)),
});
export type TCreateProject = z.input<typeof ZCreateProject>;

export async function createProject(input: TCreateProject, actor: Actor): Promise<ProjectView> {
  const data = ZCreateProject.parse(input);
  const slug = data.slug ?? slugify(data.name);
  try {
    const [row] = await getDb().insert(projects).values({ name: data.name, slug }).returning();
    await writeAudit({ actor, action: "project.create", target: { type: "project", id: row!.id, name: row!.name } });
    return toProjectView(row!);
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw new AppError("conflict", `A project with the slug "${slug}" already exists. Choose another name or slug.`, {
        slug: "This slug is already used by another project",
      });
    }
    throw e;
  }
}
