/* Resolves the (project slug, environment slug) of a backup page into what every backup screen shows
 * (EnvironmentContext), or a 404. Server-only; shared by the Backups tab, settings, detail and the
 * header's Backup now slot. Read once per request (React `cache`): the environment's layout, its header
 * slot and the tab page all resolve the same slugs in one render. */
import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { getEnvironmentBySlug } from "@/lib/environments";
import { isAppError } from "@/lib/errors";
import { coalesced } from "@/lib/read-models/coalesce";
import type { EnvironmentContext } from "@/components/backups/types";

/** The project and environment of these slugs, or a 404 (memoised per request). */
export const environmentBySlug = cache((projectSlug: string, envSlug: string) =>
  coalesced(`env-by-slug:${projectSlug}/${envSlug}`, () => getEnvironmentBySlug(projectSlug, envSlug)).catch((e) => {
    if (isAppError(e) && e.code === "not_found") notFound();
    throw e;
  }),
);

export async function loadEnvironmentContext(projectSlug: string, envSlug: string): Promise<EnvironmentContext> {
  const { project, environment } = await environmentBySlug(projectSlug, envSlug);
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
