/* Deletes an empty project. A project that still has environments is refused with their names, so the
 * user knows exactly what to remove first. */
import "server-only";
import { asc, eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { environments, projects } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/roles";
import { getProject } from "./get-project";

export function listNames(names: string[], max = 5): string {
  return names.length <= max ? names.join(", ") : `${names.slice(0, max).join(", ")} and ${names.length - max} more`;
}

export async function deleteProject(id: string, actor: Actor): Promise<void> {
  const project = await getProject(id);
  const db = getDb();
  const envs = await db
    .select({ name: environments.name })
    .from(environments)
    .where(eq(environments.projectId, id))
    .orderBy(asc(environments.name));
  if (envs.length > 0) {
    const msg = `Project ${project.name} still has ${envs.length} environment${envs.length === 1 ? "" : "s"}: ${listNames(envs.map((e) => e.name))}. Delete ${envs.length === 1 ? "it" : "them"} first.`;
    await writeAudit({
      actor,
      action: "project.delete",
      target: { type: "project", id, name: project.name },
      outcome: "failure",
      details: { reason: msg },
    });
    throw new AppError("in_use", msg);
  }
  await db.delete(projects).where(eq(projects.id, id));
  await writeAudit({ actor, action: "project.delete", target: { type: "project", id, name: project.name } });
}
