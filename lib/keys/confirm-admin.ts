/* "Type your own password again" for key changes (adding a key hands out a way into every backup):
 * the signed-in admin's password is checked, attempts are rate limited like sign-in, and a wrong or
 * rate-limited attempt is audited as such. Same rule as the recovery kit. */
import "server-only";
import { eq } from "drizzle-orm";
import { writeAudit } from "@/lib/audit/write-audit";
import { verifyPassword } from "@/lib/auth/password";
import { checkRateLimit, clearRateLimit, hitRateLimit, SIGN_IN_LIMITS } from "@/lib/auth/rate-limit";
import type { Actor } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

export async function confirmAdminPassword(
  actor: Actor,
  password: string,
  audit: { action: string; target: { type: string; id: string; name: string } },
): Promise<void> {
  if (!actor.id) throw new AppError("forbidden", "Only a signed-in admin can do this (an API token has no password).");
  const key = `kit:${actor.id}`;
  if ((await checkRateLimit(key, SIGN_IN_LIMITS.email)).limited) {
    await writeAudit({ actor, ...audit, outcome: "denied", details: { reason: "rate_limited" } });
    throw new AppError("rate_limited", "Too many wrong passwords. Try again in a few minutes.");
  }
  const [user] = await getDb().select().from(users).where(eq(users.id, actor.id));
  if (!user || !(await verifyPassword(user.passwordHash, password))) {
    await hitRateLimit(key, SIGN_IN_LIMITS.email);
    await writeAudit({ actor, ...audit, outcome: "failure", details: { reason: "wrong_password" } });
    throw new AppError("forbidden", "That is not your password. Enter the password you sign in with.", {
      adminPassword: "Wrong password",
    });
  }
  await clearRateLimit(key);
}
