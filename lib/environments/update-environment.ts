/* Changes an environment's name, slug, type, time zone or active flag (false pauses its schedules —
 * the scheduler reads `active`). */
import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { environments } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/roles";
import { isUniqueViolation, ZName, ZSlug } from "@/lib/projects/slug";
import { getEnvironment } from "./get-environment";
import { toEnvironmentView, ZEnvironmentType, ZTimeZone, type EnvironmentView } from "./environment-view";

export const ZUpdateEnvironment = z.object({
  name: ZName.optional(),
  slug: ZSlug.optional(),
  type: ZEnvironmentType.optional(),
  active: z.boolean().optional(),
  timezone: ZTimeZone.optional(),
});
export type TUpdateEnvironment = z.input<typeof ZUpdateEnvironment>;

export async function updateEnvironment(id: string, input: TUpdateEnvironment, actor: Actor): Promise<EnvironmentView> {
  const data = ZUpdateEnvironment.parse(input);
  const before = await getEnvironment(id);
  try {
    const [row] = await getDb()
      .update(environments)
      .set({ ...data, updatedAt: new Date() })
      .where(eq(environments.id, id))
      .returning();
    const action =
      data.active === false && before.active
        ? "environment.pause"
        : data.active === true && !before.active
          ? "environment.resume"
          : "environment.update";
    await writeAudit({
      actor,
      action,
      target: { type: "environment", id, name: row!.name },
      details: { changed: Object.keys(data) },
    });
    return toEnvironmentView(row!);
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw new AppError("conflict", `This project already has an environment with the slug "${data.slug}".`, {
        slug: "This slug is already used in this project",
      });
    }
    throw e;
  }
}
