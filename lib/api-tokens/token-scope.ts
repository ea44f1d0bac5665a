/* What a scoped API token may reach (API.md "Auth"): its owner's role, narrowed by `readOnly` (GET and
 * HEAD only) and `projectIds` (only those projects and what lives in them: environments, sources,
 * backups, restores, test restores, jobs). Enforced once, at the transport edge (requireApiActor), from
 * the request's method and /api/v1 path; lists are filtered by `visibleProjectIds`. A resource of another
 * project answers 404 (its existence is not confirmed); an endpoint that belongs to no project
 * (destinations, channels, users, audit, alerts, reports…) answers 403. A body that names another
 * environment to act on (`targetEnvironmentId`: restores, their preview, restores to a time) is held to
 * the same projects by `assertBodyInTokenScope` (apiRoute's body parser calls it), with the same 404.
 * Session actors have no scope. */
import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { backups, environments, jobs, restores, sources, testRestores } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/roles";
import { isUuid } from "@/lib/ids";

export type TokenScope = { tokenId: string; readOnly: boolean; projectIds: string[] | null };

const READ_METHODS = new Set(["GET", "HEAD"]);

/** Looks up the environment an id of each project-owned kind belongs to. */
const ENVIRONMENT_OF: Record<string, (id: string) => Promise<string | null | undefined>> = {
  environments: async (id) => id,
  sources: async (id) =>
    (await getDb().select({ e: sources.environmentId }).from(sources).where(eq(sources.id, id)))[0]?.e,
  backups: async (id) =>
    (await getDb().select({ e: backups.environmentId }).from(backups).where(eq(backups.id, id)))[0]?.e,
  restores: async (id) =>
    (await getDb().select({ e: restores.targetEnvironmentId }).from(restores).where(eq(restores.id, id)))[0]?.e,
  "test-restores": async (id) =>
    (await getDb().select({ e: testRestores.environmentId }).from(testRestores).where(eq(testRestores.id, id)))[0]?.e,
  jobs: async (id) => (await getDb().select({ e: jobs.environmentId }).from(jobs).where(eq(jobs.id, id)))[0]?.e,
};

async function projectOfEnvironment(envId: string | null | undefined): Promise<string | null> {
  if (!envId) return null;
  const [row] = await getDb()
    .select({ p: environments.projectId })
    .from(environments)
    .where(eq(environments.id, envId));
  return row?.p ?? null;
}

/** The project an /api/v1 path is about: a project id, null (no such resource), or "none" (an endpoint
 * that is not part of any project). "list" is GET /projects, filtered by the route. */
async function projectOfPath(pathname: string): Promise<string | null | "none" | "list" | "tokens"> {
  const [kind, id] = pathname.replace(/^\/api\/v1\/?/, "").split("/");
  if (kind === "auth") return "tokens";
  if (kind === "projects") {
    if (!id) return "list";
    return isUuid(id) ? id : null;
  }
  const lookup = kind ? ENVIRONMENT_OF[kind] : undefined;
  if (!lookup) return "none";
  if (!id || !isUuid(id)) return null;
  return projectOfEnvironment(await lookup(id));
}

const NOT_FOUND = "Not found (or outside the projects this API token is limited to).";

/** Throws unless `actor` (via a scoped token) may make this request. No-op for unscoped actors. */
export async function assertTokenScope(actor: Actor, method: string, pathname: string): Promise<void> {
  const scope = actor.scope;
  if (!scope) return;
  if (scope.readOnly && !READ_METHODS.has(method.toUpperCase())) {
    throw new AppError(
      "forbidden",
      `This API token is read-only: it may only GET and HEAD, not ${method.toUpperCase()}. Create a token without "read-only" to make changes.`,
    );
  }
  if (!scope.projectIds) return;
  const project = await projectOfPath(pathname);
  if (project === "tokens") return; // your own tokens: listing and revoking them is always allowed
  if (project === "list") {
    if (READ_METHODS.has(method.toUpperCase())) return;
    throw new AppError("forbidden", "This API token is limited to some projects; it cannot create projects.");
  }
  if (project === "none") {
    throw new AppError(
      "forbidden",
      "This API token is limited to some projects; this endpoint is not part of a project. Use a token without a project limit.",
    );
  }
  if (!project || !scope.projectIds.includes(project)) throw new AppError("not_found", NOT_FOUND);
}

/** The project ids a list may show to `actor`: null = every project. */
export function visibleProjectIds(actor: Actor): string[] | null {
  return actor.scope?.projectIds ?? null;
}

/** Body fields that name an environment the request acts on, besides the one in its URL. */
const BODY_ENVIRONMENT_FIELDS = ["targetEnvironmentId"] as const;

/** Throws the scope's 404 when a parsed body names an environment outside the token's projects (an
 * unknown one too, so existence is not confirmed). No-op for unscoped actors and bodies without one. */
export async function assertBodyInTokenScope(actor: Actor, body: unknown): Promise<void> {
  const allowed = actor.scope?.projectIds;
  if (!allowed || typeof body !== "object" || body === null) return;
  for (const field of BODY_ENVIRONMENT_FIELDS) {
    const envId = (body as Record<string, unknown>)[field];
    if (typeof envId !== "string") continue;
    const project = isUuid(envId) ? await projectOfEnvironment(envId) : null;
    if (!project || !allowed.includes(project)) throw new AppError("not_found", NOT_FOUND);
  }
}
