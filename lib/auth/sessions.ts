/* Server-side state of panel sessions (lib/db/schema/sessions.ts): a row is made at sign-in and its id
 * travels in the JWT; a cookie whose row is revoked (sign-out, password change, admin reset) or missing
 * is refused by requireActor. Owns creating, checking and revoking those rows. */
import "server-only";
import { and, eq, isNull, lt, ne, or } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { userSessions, users } from "@/lib/db/schema";
import { isUuid } from "@/lib/ids";
import type { Role } from "./roles";

export type SessionEndReason = "sign_out" | "password_change" | "password_reset";

export async function startSession(userId: string): Promise<string> {
  const [row] = await getDb().insert(userSessions).values({ userId, lastSeenAt: new Date() }).returning();
  return row!.id;
}

/** Whether `sessionId` is a live session of `userId`; touches lastSeenAt at most once a minute. */
export async function isSessionLive(sessionId: string | undefined | null, userId: string): Promise<boolean> {
  return (await liveSessionUser(sessionId, userId)) !== null;
}

/** The columns of a user that an Actor needs (never the password hash). */
export const actorUserColumns = {
  id: users.id,
  email: users.email,
  role: users.role,
  disabledAt: users.disabledAt,
  mustChangePassword: users.mustChangePassword,
};
export type ActorUserRow = {
  id: string;
  email: string;
  role: Role;
  disabledAt: Date | null;
  mustChangePassword: boolean;
};

/** isSessionLive and the session's user in one query (every signed-in page asks both): the user row
 * when `sessionId` is a live session of `userId`, else null. Touches lastSeenAt as isSessionLive does. */
export async function liveSessionUser(
  sessionId: string | undefined | null,
  userId: string,
): Promise<ActorUserRow | null> {
  if (!sessionId || !isUuid(sessionId) || !isUuid(userId)) return null;
  const [row] = await getDb()
    .select({ lastSeenAt: userSessions.lastSeenAt, user: actorUserColumns })
    .from(userSessions)
    .innerJoin(users, eq(users.id, userSessions.userId))
    .where(and(eq(userSessions.id, sessionId), eq(userSessions.userId, userId), isNull(userSessions.revokedAt)));
  if (!row) return null;
  await touchSession(sessionId, row.lastSeenAt);
  return row.user;
}

async function touchSession(sessionId: string, lastSeenAt: Date | null): Promise<void> {
  const minuteAgo = new Date(Date.now() - 60_000);
  if (lastSeenAt && lastSeenAt >= minuteAgo) return;
  await getDb()
    .update(userSessions)
    .set({ lastSeenAt: new Date() })
    .where(
      and(eq(userSessions.id, sessionId), or(isNull(userSessions.lastSeenAt), lt(userSessions.lastSeenAt, minuteAgo))),
    );
}

export async function endSession(sessionId: string, reason: SessionEndReason): Promise<void> {
  if (!isUuid(sessionId)) return;
  await getDb()
    .update(userSessions)
    .set({ revokedAt: new Date(), revokedReason: reason })
    .where(and(eq(userSessions.id, sessionId), isNull(userSessions.revokedAt)));
}

/** Revokes every live session of the user except `keep` (the caller's own); returns how many ended. */
export async function endUserSessions(userId: string, reason: SessionEndReason, keep?: string | null): Promise<number> {
  const rows = await getDb()
    .update(userSessions)
    .set({ revokedAt: new Date(), revokedReason: reason })
    .where(
      and(
        eq(userSessions.userId, userId),
        isNull(userSessions.revokedAt),
        keep && isUuid(keep) ? ne(userSessions.id, keep) : undefined,
      ),
    )
    .returning({ id: userSessions.id });
  return rows.length;
}
