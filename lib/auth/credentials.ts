/* Checks an e-mail + password for sign-in (next-auth) and token creation (POST /api/v1/auth/token).
 * Failed attempts are throttled (sign-in-throttle.ts: per-account slow-down, per-address limit, known
 * devices exempt) before the password is even looked at, and every attempt is audited. Errors never say whether the e-mail exists. */
import "server-only";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { writeAudit } from "@/lib/audit/write-audit";
import { burnPasswordCheck, verifyPassword } from "./password";
import { knownDeviceId } from "./known-device";
import { recordSignInFailure, recordSignInSuccess, signInRefusal } from "./sign-in-throttle";
import type { Role } from "./roles";

export type AuthenticatedUser = { id: string; email: string; name: string; role: Role };

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function authenticateCredentials(
  input: { email: string; password: string },
  ctx: {
    ip?: string | null;
    purpose: "sign_in" | "token" /** the device cookie, if any */;
    deviceToken?: string | null;
  },
): Promise<AuthenticatedUser> {
  const email = normaliseEmail(input.email ?? "");
  const ip = ctx.ip || null;
  const action = ctx.purpose === "sign_in" ? "auth.sign_in" : "auth.token_sign_in";
  const subject = { email, ip, deviceId: knownDeviceId(ctx.deviceToken, email) };

  const refusal = await signInRefusal(subject);
  if (refusal) {
    await writeAudit({
      actor: { id: null, email: email || "unknown", ip },
      action,
      outcome: "denied",
      details: { reason: "rate_limited", knownDevice: subject.deviceId !== null },
    });
    throw refusal;
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
    await recordSignInFailure(subject);
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
  await recordSignInSuccess(subject);
  await writeAudit({
    actor: { id: user.id, email: user.email, ip },
    action,
    target: { type: "user", id: user.id, name: user.email },
  });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
