/* Creates an environment in a project. Slug defaults from the name and is unique within the project. */
import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { environments } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/roles";
import { getProject } from "@/lib/projects/get-project";
import { isUniqueViolation, slugify, ZName, ZSlug } from "@/lib/projects/slug";
import { toEnvironmentView, ZEnvironmentType, ZTimeZone, type EnvironmentView } from "./environment-view";

export const ZCreateEnvironment = z.object({
  name: ZName,
  slug: ZSlug.optional().or(z.literal("").transform(() => undefined)),
  type: ZEnvironmentType,
  active: z.boolean().default(true),
  timezone: ZTimeZone.default("UTC"),
});
export type TCreateEnvironment = z.input<typeof ZCreateEnvironment>;

export async function createEnvironment(
  projectId: string,
  input: TCreateEnvironment,
  actor: Actor,
): Promise<EnvironmentView> {
  const data = ZCreateEnvironment.parse(input);
  const project = await getProject(projectId);
  const slug = data.slug ?? slugify(data.name);
  try {
    const [row] = await getDb()
      .insert(environments)
      .values({ projectId, name: data.name, slug, type: data.type, active: data.active, timezone: data.timezone })
      .returning();
    await writeAudit({
      actor,
      action: "environment.create",
      target: { type: "environment", id: row!.id, name: `${project.name}/${row!.name}` },
      details: { projectId, type: row!.type },
    });
    return toEnvironmentView(row!);
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw new AppError("conflict", `Project ${project.name} already has an environment with the slug "${slug}".`, {
        slug: "This slug is already used in this project",
      });
    }
    throw e;
  }
}
