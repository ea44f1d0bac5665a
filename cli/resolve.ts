/* Turns what a person types into API ids: `shop/production` (project slug / environment slug, or an
 * environment id) into the environment, a project slug into the project, a destination name into its
 * id. Reads only; a miss is a not-found error that lists what there is. */
import type { ApiClient } from "./api-client";
import { parseEnvRef } from "./args";
import { CliError, EXIT } from "./errors";
import { type TEnvironment, type TProject, ZDestinations, ZEnvironment, ZEnvironments, ZProjects } from "./schemas";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const notFound = (message: string) => new CliError(EXIT.notFound, "not_found", message);

export async function findProject(api: ApiClient, slugOrId: string): Promise<TProject> {
  const { items } = await api.get("/projects", ZProjects);
  const p = items.find((x) => x.slug === slugOrId || x.id === slugOrId);
  if (!p)
    throw notFound(
      `There is no project "${slugOrId}"${items.length ? ` (projects: ${items.map((x) => x.slug).join(", ")})` : ""}.`,
    );
  return p;
}

export type EnvironmentRef = TEnvironment & { projectSlug: string; ref: string };

export async function findEnvironment(api: ApiClient, ref: string, option = "--env"): Promise<EnvironmentRef> {
  if (UUID.test(ref.trim())) {
    const env = await api.get(`/environments/${ref.trim()}`, ZEnvironment);
    const { items } = await api.get("/projects", ZProjects);
    const slug = items.find((p) => p.id === env.projectId)?.slug ?? env.projectId;
    return { ...env, projectSlug: slug, ref: `${slug}/${env.slug}` };
  }
  const { project, environment } = parseEnvRef(ref, option);
  const p = await findProject(api, project);
  const { items } = await api.get(`/projects/${p.id}/environments`, ZEnvironments);
  const env = items.find((e) => e.slug === environment);
  if (!env)
    throw notFound(
      `Project ${p.slug} has no environment "${environment}"${items.length ? ` (environments: ${items.map((e) => e.slug).join(", ")})` : ""}.`,
    );
  return { ...env, projectSlug: p.slug, ref: `${p.slug}/${env.slug}` };
}

export async function findDestination(api: ApiClient, nameOrId: string): Promise<{ id: string; name: string }> {
  const { items } = await api.get("/destinations", ZDestinations);
  const d =
    items.find((x) => x.id === nameOrId || x.name === nameOrId) ??
    items.filter((x) => x.name.toLowerCase() === nameOrId.toLowerCase()).at(0);
  if (!d)
    throw notFound(
      `There is no destination "${nameOrId}"${items.length ? ` (destinations: ${items.map((x) => x.name).join(", ")})` : ""}.`,
    );
  return d;
}
