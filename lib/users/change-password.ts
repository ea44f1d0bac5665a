/* A user changes their own password: the current password is required (wrong guesses are rate limited
 * like sign-ins), the new one follows ZPassword. Afterwards every OTHER panel session of theirs is
 * signed out (the one making the change stays), all their API tokens are revoked, a pending admin reset
 * is cleared, and the change is audited with those counts. */
import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/roles";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { checkRateLimit, clearRateLimit, hitRateLimit, SIGN_IN_LIMITS } from "@/lib/auth/rate-limit";
import { endUserSessions } from "@/lib/auth/sessions";
import { revokeUserApiTokens } from "@/lib/api-tokens/revoke-user-api-tokens";
import { getUserRow } from "./get-user";
import { ZChangePassword, type TChangePassword } from "./password-schema";

export type PasswordChangeResult = { sessionsRevoked: number; tokensRevoked: number };

export async function changeOwnPassword(input: TChangePassword, actor: Actor): Promise<PasswordChangeResult> {
  const data = ZChangePassword.parse(input);
  if (!actor.id) throw new AppError("unprocessable", "Only a signed-in user has a password to change.");
  const row = await getUserRow(actor.id);
  const target = { type: "user", id: row.id, name: row.email };
  const key = `password-change:${row.id}`;
  const limit = await checkRateLimit(key, SIGN_IN_LIMITS.email);
  if (limit.limited) {
    await writeAudit({
      actor,
      action: "user.password_change",
      target,
      outcome: "denied",
      details: { reason: "rate_limited" },
    });
    throw new AppError("rate_limited", "Too many wrong current passwords. Wait a few minutes and try again.");
  }
  if (!(await verifyPassword(row.passwordHash, data.currentPassword))) {
    await hitRateLimit(key, SIGN_IN_LIMITS.email);
    await writeAudit({
      actor,
      action: "user.password_change",
      target,
      outcome: "failure",
      details: { reason: "wrong_current_password" },
    });
    throw new AppError("validation_failed", "The current password is wrong.", {
      currentPassword: "This is not your current password",
    });
  }
  await clearRateLimit(key);
  const now = new Date();
  await getDb()
    .update(users)
    .set({
      passwordHash: await hashPassword(data.newPassword),
      mustChangePassword: false,
      passwordChangedAt: now,
      updatedAt: now,
    })
    .where(eq(users.id, row.id));
  const keep = actor.via === "session" ? actor.sessionId : null;
  const sessionsRevoked = await endUserSessions(row.id, "password_change", keep);
  const tokensRevoked = await revokeUserApiTokens(row.id);
  await writeAudit({
    actor,
    action: "user.password_change",
    target,
    details: { sessionsRevoked, tokensRevoked, afterReset: row.mustChangePassword, via: actor.via },
  });
  return { sessionsRevoked, tokensRevoked };
}
