/* The one shared authorisation helper. Every page, server action and route handler gets its Actor here
 * and nowhere else: requireActor (session cookie) for pages and server actions, requireApiActor
 * (Bearer token, or the panel's own session cookie) for /api/v1. The user is re-read from the database
 * on every call, so a disabled or demoted user loses access immediately. A role that is not enough is
 * audited as "denied" and answered with AppError("forbidden"). Hiding a button is not protection. This
 * is the only role check: services trust the actor they are handed (README "Code layout").
 * A session cookie counts only while its user_sessions row is live (lib/auth/sessions.ts), and a user
 * whose password an admin reset may do nothing but change it (allowPendingPasswordChange). A scoped
 * token (read-only, some projects, an expiry) is narrowed here too (lib/api-tokens/token-scope.ts). */
import "server-only";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import { getServerSession } from "next-auth";
import { getDb } from "@/lib/db";
import { apiTokens, users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { writeAudit } from "@/lib/audit/write-audit";
import { authOptions, clientIp } from "./auth-options";
import { assertBodyInTokenScope, assertTokenScope } from "@/lib/api-tokens/token-scope";
import { hashApiToken } from "./api-token-hash";
import { sameOrigin } from "./same-origin";
import { actorUserColumns, type ActorUserRow, liveSessionUser } from "./sessions";
import { roleAtLeast, type Actor, type Role } from "./roles";

export type RequireOptions = {
  /** What a refusal is audited as (e.g. "backup.delete"), and on which target. */
  action?: string;
  target?: { type: string; id?: string | null };
  /** Only for changing one's own password: allowed while an admin's reset is pending. */
  allowPendingPasswordChange?: boolean;
};

export const PASSWORD_CHANGE_PENDING_MESSAGE =
  "An admin reset your password. Choose a new password first (in the panel, or POST /api/v1/account/password).";

async function requestIp(): Promise<string | null> {
  try {
    const { headers } = await import("next/headers");
    return clientIp(await headers());
  } catch {
    return null;
  }
}

type SessionRef = { userId: string; sessionId: string | null };

async function sessionRef(): Promise<SessionRef | null> {
  try {
    const session = await getServerSession(authOptions);
    const u = session?.user as { id?: string; sid?: string } | undefined;
    return u?.id ? { userId: u.id, sessionId: u.sid ?? null } : null;
  } catch {
    return null; // outside a request scope (scripts, tests): no session
  }
}

/** The session cookie's user, if the cookie's session row is still live (not signed out or revoked). */
async function actorForSession(ref: SessionRef | null, ip: string | null): Promise<Actor | null> {
  const u = ref ? await liveSessionUser(ref.sessionId, ref.userId) : null;
  if (!ref || !u) return null;
  const actor = toActor(u, "session", ip);
  return actor ? { ...actor, sessionId: ref.sessionId } : null;
}

function toActor(u: ActorUserRow, via: Actor["via"], ip: string | null): Actor | null {
  if (u.disabledAt) return null;
  return { id: u.id, email: u.email, role: u.role, via, ip, mustChangePassword: u.mustChangePassword };
}

function refusePendingPasswordChange(actor: Actor, opts: RequireOptions): void {
  if (actor.mustChangePassword && !opts.allowPendingPasswordChange) {
    throw new AppError("forbidden", PASSWORD_CHANGE_PENDING_MESSAGE);
  }
}

/** The signed-in user, or null. For pages that render differently per role (never as the only check). */
export async function currentActor(): Promise<Actor | null> {
  return actorForSession(await sessionRef(), await requestIp());
}

export async function ensureRole(actor: Actor, minRole: Role, opts: RequireOptions = {}): Promise<Actor> {
  if (roleAtLeast(actor.role, minRole)) return actor;
  await writeAudit({
    actor,
    action: opts.action ?? "access",
    ...(opts.target ? { target: opts.target } : {}),
    outcome: "denied",
    details: { role: actor.role, required: minRole },
  });
  throw new AppError(
    "forbidden",
    `Your role (${actor.role}) cannot do this; it needs the ${minRole} role. Ask an admin if you need access.`,
  );
}

/** For server actions and pages: the session's user with at least `minRole`. */
export async function requireActor(minRole: Role, opts: RequireOptions = {}): Promise<Actor> {
  const actor = await currentActor();
  if (!actor)
    throw new AppError("unauthenticated", "Your session has ended or your account was disabled. Sign in again.");
  refusePendingPasswordChange(actor, opts);
  return ensureRole(actor, minRole, opts);
}

/** Resolves a bearer token to its user (token not revoked, user enabled); null when it does not. An
 * expired token is refused with its own message, so a script's owner knows to make a new one. */
export async function actorFromBearer(token: string, ip: string | null): Promise<Actor | null> {
  const [row] = await getDb()
    .select({
      tokenId: apiTokens.id,
      lastUsedAt: apiTokens.lastUsedAt,
      readOnly: apiTokens.readOnly,
      projectIds: apiTokens.projectIds,
      expiresAt: apiTokens.expiresAt,
      user: actorUserColumns,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, hashApiToken(token)), isNull(apiTokens.revokedAt)));
  if (!row || row.user.disabledAt) return null;
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) {
    throw new AppError(
      "unauthenticated",
      `API token expired at ${row.expiresAt.toISOString()}. Create a new token (POST /api/v1/auth/token).`,
    );
  }
  // Only touch lastUsedAt once a minute: a busy script should not turn every read into a write.
  const minuteAgo = new Date(Date.now() - 60_000);
  if (!row.lastUsedAt || row.lastUsedAt < minuteAgo) {
    await getDb()
      .update(apiTokens)
      .set({ lastUsedAt: new Date() })
      .where(and(eq(apiTokens.id, row.tokenId), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, minuteAgo))));
  }
  return {
    id: row.user.id,
    email: row.user.email,
    role: row.user.role,
    via: "token",
    ip,
    mustChangePassword: row.user.mustChangePassword,
    ...(row.readOnly || row.projectIds
      ? { scope: { tokenId: row.tokenId, readOnly: row.readOnly, projectIds: row.projectIds } }
      : {}),
  };
}

/** For /api/v1 route handlers: a Bearer token, or (for the panel's own fetches) the session cookie. */
export async function requireApiActor(req: Request, minRole: Role, opts: RequireOptions = {}): Promise<Actor> {
  const ip = clientIp(req.headers);
  const auth = req.headers.get("authorization");
  let actor: Actor | null = null;
  if (auth) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (!m) throw new AppError("unauthenticated", 'Send the API token as "Authorization: Bearer <token>".');
    actor = await actorFromBearer(m[1]!, ip);
    if (!actor)
      throw new AppError(
        "unauthenticated",
        "The API token is unknown, revoked, or its user is disabled. Create a new token.",
      );
  } else {
    actor = await actorForSession(await sessionRef(), ip);
    if (!actor) throw new AppError("unauthenticated", "Sign in or send an API token (Authorization: Bearer <token>).");
    if (req.method !== "GET" && req.method !== "HEAD" && !sameOrigin(req)) {
      throw new AppError("forbidden", "Cross-site requests with a session cookie are refused. Use an API token.");
    }
  }
  refusePendingPasswordChange(actor, opts);
  const pathname = new URL(req.url).pathname;
  await auditedScope(actor, req, opts, () => assertTokenScope(actor, req.method, pathname));
  return ensureRole(actor, minRole, {
    action: opts.action ?? `api ${req.method} ${pathname}`,
    ...(opts.target ? { target: opts.target } : {}),
  });
}

/** For apiRoute's body parser: a body naming an environment outside a scoped token's projects is the
 * same audited 404 as such a URL. */
export async function requireBodyInScope(actor: Actor, req: Request, body: unknown, opts: RequireOptions = {}) {
  await auditedScope(actor, req, opts, () => assertBodyInTokenScope(actor, body));
}

/** Runs a scope check; a refusal is audited as denied (reason token_scope) and re-thrown. */
async function auditedScope(actor: Actor, req: Request, opts: RequireOptions, check: () => Promise<void>) {
  try {
    await check();
  } catch (e) {
    await writeAudit({
      actor,
      action: opts.action ?? `api ${req.method} ${new URL(req.url).pathname}`,
      ...(opts.target ? { target: opts.target } : {}),
      outcome: "denied",
      details: { reason: "token_scope", readOnly: actor.scope?.readOnly ?? false },
    });
    throw e;
  }
}
