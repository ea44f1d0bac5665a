/* Checks an e-mail + password for sign-in (next-auth) and token creation (POST /api/v1/auth/token).
 * Failed attempts are rate limited per e-mail and per IP before the password is even looked at, and
 * every attempt is audited. Errors never say whether the e-mail exists. */
import "server-only";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { writeAudit } from "@/lib/audit/write-audit";
import { burnPasswordCheck, verifyPassword } from "./password";
import { checkRateLimit, clearRateLimit, hitRateLimit, SIGN_IN_LIMITS } from "./rate-limit";
import type { Role } from "./roles";

export type AuthenticatedUser = { id: string; email: string; name: string; role: Role };

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function authenticateCredentials(
  input: { email: string; password: string },
  ctx: { ip?: string | null; purpose: "sign_in" | "token" },
): Promise<AuthenticatedUser> {
  const email = normaliseEmail(input.email ?? "");
  const ip = ctx.ip || null;
  const action = ctx.purpose === "sign_in" ? "auth.sign_in" : "auth.token_sign_in";
  const emailKey = `login:${email}`;
  const ipKey = ip ? `login-ip:${ip}` : null;

  const byEmail = await checkRateLimit(emailKey, SIGN_IN_LIMITS.email);
  const byIp = ipKey ? await checkRateLimit(ipKey, SIGN_IN_LIMITS.ip) : { limited: false, resetAt: null };
  if (byEmail.limited || byIp.limited) {
    const until = [byEmail.resetAt, byIp.resetAt].filter(Boolean).sort((a, b) => b!.getTime() - a!.getTime())[0]!;
    const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
    await writeAudit({
      actor: { id: null, email: email || "unknown", ip },
      action,
      outcome: "denied",
      details: { reason: "rate_limited" },
    });
    throw new AppError(
      "rate_limited",
      `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    );
  }

  const [user] = email
    ? await getDb()
        .select()
        .from(users)
        .where(eq(sql`lower(${users.email})`, email))
    : [];
  const ok = user
    ? await verifyPassword(user.passwordHash, input.password ?? "")
    : (await burnPasswordCheck(input.password ?? ""), false);
  if (!user || !ok || user.disabledAt) {
    await hitRateLimit(emailKey, SIGN_IN_LIMITS.email);
    if (ipKey) await hitRateLimit(ipKey, SIGN_IN_LIMITS.ip);
    await writeAudit({
      actor: { id: user?.id ?? null, email: email || "unknown", ip },
      action,
      target: user ? { type: "user", id: user.id, name: user.email } : undefined,
      outcome: "failure",
      details: { reason: user && ok ? "disabled" : "bad_credentials" },
    });
    if (user && ok && user.disabledAt)
      throw new AppError("unauthenticated", "This account is disabled. Ask an admin to enable it.");
    throw new AppError("unauthenticated", "The e-mail or password is wrong.");
  }
  await clearRateLimit(emailKey);
  await writeAudit({
    actor: { id: user.id, email: user.email, ip },
    action,
    target: { type: "user", id: user.id, name: user.email },
  });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
