/* What happens when an OpenID Connect sign-in comes back from the provider (next-auth's signIn callback):
 * the e-mail must be present, not marked unverified, and in an allowed domain; the user is found by its
 * `<issuer> <sub>`, else by e-mail (a local account is then linked to it), else created just in time;
 * its role is re-mapped from the claims at every sign-in (the provider is the truth for SSO users), except
 * that the last enabled admin keeps the admin role (the provider cannot lock everyone out of Lifeboat;
 * the audit entry says so with `keptAdmin`, as the users API refuses that demotion); a disabled user
 * stays refused. Every outcome is audited (auth.sign_in, details.method "oidc"). Returns
 * the Lifeboat user id, or one of login-errors.ts's codes for the sign-in page. */
import "server-only";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { users } from "@/lib/db/schema";
import { writeAudit } from "@/lib/audit/write-audit";
import { otherEnabledAdmins } from "@/lib/users/update-user";
import { normaliseEmail } from "./credentials";
import { emailDomainAllowed, type OidcConfig, roleFromClaims } from "./oidc-config";

/** Never a valid argon2 hash: an SSO-only user cannot sign in with a password (verifyPassword → false). */
const NO_PASSWORD = "!sso-only";

export type OidcSignInResult = { ok: true; userId: string } | { ok: false; code: OidcRefusal };
export type OidcRefusal = "SsoNoEmail" | "SsoEmailUnverified" | "SsoDomainNotAllowed" | "AccountDisabled";

type Claims = Record<string, unknown> & { sub?: unknown; email?: unknown; email_verified?: unknown; name?: unknown };

async function refuse(code: OidcRefusal, email: string, ip: string | null, userId: string | null = null) {
  await writeAudit({
    actor: { id: userId, email: email || "unknown", ip },
    action: "auth.sign_in",
    ...(userId ? { target: { type: "user", id: userId, name: email } } : {}),
    outcome: code === "AccountDisabled" ? "failure" : "denied",
    details: { method: "oidc", reason: code },
  });
  return { ok: false as const, code };
}

export async function completeOidcSignIn(
  claims: Claims,
  cfg: OidcConfig,
  ip: string | null,
): Promise<OidcSignInResult> {
  const email = typeof claims.email === "string" ? normaliseEmail(claims.email) : "";
  const sub = typeof claims.sub === "string" ? claims.sub : "";
  if (!email || !sub) return refuse("SsoNoEmail", email, ip);
  if (claims.email_verified === false) return refuse("SsoEmailUnverified", email, ip);
  if (!emailDomainAllowed(email, cfg.allowedDomains)) return refuse("SsoDomainNotAllowed", email, ip);

  const subject = `${cfg.issuer} ${sub}`;
  const mapped = roleFromClaims(claims, cfg);
  const name = typeof claims.name === "string" ? claims.name.slice(0, 200) : "";
  const db = getDb();
  const [bySubject] = await db.select().from(users).where(eq(users.oidcSubject, subject));
  const [existing] = bySubject
    ? [bySubject]
    : await db
        .select()
        .from(users)
        .where(eq(sql`lower(${users.email})`, email));
  if (existing?.disabledAt) return refuse("AccountDisabled", email, ip, existing.id);
  const keptAdmin = existing?.role === "admin" && mapped !== "admin" && (await otherEnabledAdmins(existing.id)) === 0;
  const role = keptAdmin ? "admin" : mapped;

  let userId: string;
  let created = false;
  if (existing) {
    await db
      .update(users)
      .set({ role, oidcSubject: subject, ...(name ? { name } : {}), updatedAt: new Date() })
      .where(eq(users.id, existing.id));
    userId = existing.id;
  } else {
    const [row] = await db
      .insert(users)
      .values({ email, name, role, passwordHash: NO_PASSWORD, oidcSubject: subject })
      .onConflictDoUpdate({ target: users.oidcSubject, set: { role, updatedAt: new Date() } })
      .returning({ id: users.id });
    userId = row!.id;
    created = true;
  }
  await writeAudit({
    actor: { id: userId, email, ip },
    action: "auth.sign_in",
    target: { type: "user", id: userId, name: email },
    details: {
      method: "oidc",
      role,
      ...(created ? { created: true } : {}),
      ...(existing && existing.role !== role ? { previousRole: existing.role } : {}),
      ...(existing && !existing.oidcSubject ? { linked: true } : {}),
      ...(keptAdmin ? { mappedRole: mapped, keptAdmin: "last_enabled_admin" } : {}),
    },
  });
  return { ok: true, userId };
}
