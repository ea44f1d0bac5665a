/* Server-side state of panel sessions (lib/db/schema/sessions.ts): a row is made at sign-in and its id
 * travels in the JWT; a cookie whose row is revoked (sign-out, password change, admin reset) or missing
 * is refused by requireActor. Owns creating, checking and revoking those rows. */
import "server-only";
import { and, eq, isNull, lt, ne, or } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { userSessions } from "@/lib/db/schema";
import { isUuid } from "@/lib/ids";

export type SessionEndReason = "sign_out" | "password_change" | "password_reset";

export async function startSession(userId: string): Promise<string> {
  const [row] = await getDb().insert(userSessions).values({ userId, lastSeenAt: new Date() }).returning();
  return row!.id;
}

/** Whether `sessionId` is a live session of `userId`; touches lastSeenAt at most once a minute. */
export async function isSessionLive(sessionId: string | undefined | null, userId: string): Promise<boolean> {
  if (!sessionId || !isUuid(sessionId)) return false;
  const [row] = await getDb()
    .select({ lastSeenAt: userSessions.lastSeenAt })
    .from(userSessions)
    .where(and(eq(userSessions.id, sessionId), eq(userSessions.userId, userId), isNull(userSessions.revokedAt)));
  if (!row) return false;
  const minuteAgo = new Date(Date.now() - 60_000);
  if (!row.lastSeenAt || row.lastSeenAt < minuteAgo) {
    await getDb()
      .update(userSessions)
      .set({ lastSeenAt: new Date() })
      .where(
        and(
          eq(userSessions.id, sessionId),
          or(isNull(userSessions.lastSeenAt), lt(userSessions.lastSeenAt, minuteAgo)),
        ),
      );
  }
  return true;
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
