/* An admin resets someone else's password: a temporary password is generated (returned once, never
 * stored in clear), the user must change it at their next sign-in (mustChangePassword), and all their
 * panel sessions and API tokens are revoked at once. Your own password you change on the Account page. */
import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/roles";
import { hashPassword } from "@/lib/auth/password";
import { endUserSessions } from "@/lib/auth/sessions";
import { revokeUserApiTokens } from "@/lib/api-tokens/revoke-user-api-tokens";
import { getUserRow } from "./get-user";
import { generateTemporaryPassword } from "./temporary-password";
import { toUserView, type UserView } from "./user-view";

export type PasswordResetResult = {
  user: UserView;
  temporaryPassword: string;
  sessionsRevoked: number;
  tokensRevoked: number;
};

export async function resetUserPassword(id: string, actor: Actor): Promise<PasswordResetResult> {
  const row = await getUserRow(id);
  if (actor.id === row.id) {
    throw new AppError("unprocessable", "To change your own password, use Change password on the Account page.");
  }
  const temporaryPassword = generateTemporaryPassword();
  const now = new Date();
  const [updated] = await getDb()
    .update(users)
    .set({
      passwordHash: await hashPassword(temporaryPassword),
      mustChangePassword: true,
      passwordChangedAt: now,
      updatedAt: now,
    })
    .where(eq(users.id, row.id))
    .returning();
  const sessionsRevoked = await endUserSessions(row.id, "password_reset");
  const tokensRevoked = await revokeUserApiTokens(row.id);
  await writeAudit({
    actor,
    action: "user.password_reset",
    target: { type: "user", id: row.id, name: row.email },
    details: { sessionsRevoked, tokensRevoked },
  });
  return { user: toUserView(updated!), temporaryPassword, sessionsRevoked, tokensRevoked };
}
