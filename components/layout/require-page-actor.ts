/* For server-rendered pages: who is signed in and whether their role is enough. Nobody signed in (or the
 * account was disabled) → redirect to /login (with the page asked for as callbackUrl). requirePageActor throws AppError("forbidden") when the
 * role is not enough; pageAccess instead returns allowed=false so the page can render <AccessDenied/>
 * (production builds hide thrown messages). Both audit the refusal. Server actions and route handlers
 * use lib/auth's requireActor/requireApiActor; this is only the page flavour of the same check.
 * A user whose password an admin reset is sent to /change-password from every page until they chose one.
 * The session and user are read once per request (React `cache`): the panel layout, an environment's
 * layout, its header slot and the page each ask, and one render is one request, so they share the read
 * (still re-read on every request: a disabled or demoted user loses access on their next click). */
import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { currentActor, ensureRole, roleAtLeast, type Actor, type Role } from "@/lib/auth";
import { REQUESTED_PATH_HEADER } from "@/lib/http/security-headers";

/** /login, remembering the page asked for (set by proxy.ts) so that signing in lands there. */
async function loginUrl(): Promise<string> {
  const asked = (await headers()).get(REQUESTED_PATH_HEADER);
  return asked?.startsWith("/") && !asked.startsWith("//") && asked !== "/dashboard"
    ? `/login?callbackUrl=${encodeURIComponent(asked)}`
    : "/login";
}

const signedIn = cache(async (): Promise<Actor> => {
  const actor = await currentActor();
  if (!actor) redirect(await loginUrl());
  if (actor.mustChangePassword) redirect("/change-password");
  return actor;
});

export async function requirePageActor(minRole: Role = "viewer"): Promise<Actor> {
  return ensureRole(await signedIn(), minRole, { action: "page" });
}

export async function pageAccess(minRole: Role, page: string): Promise<{ actor: Actor; allowed: boolean }> {
  const actor = await signedIn();
  if (roleAtLeast(actor.role, minRole)) return { actor, allowed: true };
  await ensureRole(actor, minRole, { action: `page ${page}` }).catch(() => undefined); // audits the refusal
  return { actor, allowed: false };
}
