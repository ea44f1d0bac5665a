/* Resolves the (project slug, environment slug) of a backup page into what every backup screen shows
 * (EnvironmentContext), or a 404. Server-only; shared by the Backups tab, settings, detail and the
 * header's Backup now slot. */
import "server-only";
import { notFound } from "next/navigation";
import { getEnvironmentBySlug } from "@/lib/environments";
import { isAppError } from "@/lib/errors";
import type { EnvironmentContext } from "@/components/backups/types";

export async function loadEnvironmentContext(projectSlug: string, envSlug: string): Promise<EnvironmentContext> {
  const { project, environment } = await getEnvironmentBySlug(projectSlug, envSlug).catch((e) => {
    if (isAppError(e) && e.code === "not_found") notFound();
    throw e;
  });
  return {
    id: environment.id,
    name: environment.name,
    slug: environment.slug,
    type: environment.type,
    timezone: environment.timezone,
    active: environment.active,
    projectId: project.id,
    projectName: project.name,
    projectSlug: project.slug,
  };
}

export function environmentPath(env: EnvironmentContext): string {
  return `/projects/${env.projectSlug}/environments/${env.slug}`;
}
