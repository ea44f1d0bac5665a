/* The decisions of an OpenID Connect sign-in against the real database: just-in-time creation with the
 * mapped role, re-mapping at the next sign-in, linking to a local account of the same e-mail (its
 * password keeps working), refusals (unverified e-mail, other domain, disabled user) that create
 * nobody, the last enabled admin kept as admin when the provider drops the admin group, and the audit
 * entries. */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { authenticateCredentials } from "./credentials";
import { seedUser } from "./test-fixtures";
import type { OidcConfig } from "./oidc-config";
import { completeOidcSignIn } from "./oidc-sign-in";

const cfg: OidcConfig = {
  issuer: "https://id.example.test",
  clientId: "lifeboat",
  clientSecret: "unused-here",
  roleClaim: "groups",
  adminValues: ["admins"],
  operatorValues: ["ops"],
  allowedDomains: ["corp.test"],
  name: "Corp ID",
  scope: "openid email profile",
};

async function userByEmail(email: string) {
  const r = await getDb().execute(sql`select id, role, oidc_subject, password_hash from users where email = ${email}`);
  return r.rows[0] as { id: string; role: string; oidc_subject: string | null; password_hash: string } | undefined;
}

describe("completeOidcSignIn", () => {
  it("creates the user at the first sign-in and re-maps its role at the next", async () => {
    const first = await completeOidcSignIn({ sub: "u-1", email: "Jo@Corp.test", groups: ["ops"] }, cfg, "127.0.0.1");
    expect(first.ok).toBe(true);
    const row = await userByEmail("jo@corp.test");
    expect(row).toMatchObject({ role: "operator", oidc_subject: "https://id.example.test u-1" });
    await expect(
      authenticateCredentials({ email: "jo@corp.test", password: row!.password_hash }, { purpose: "token" }),
    ).rejects.toThrow();
    const again = await completeOidcSignIn({ sub: "u-1", email: "jo@corp.test", groups: [] }, cfg, null);
    expect(again).toEqual({ ok: true, userId: row!.id });
    expect((await userByEmail("jo@corp.test"))!.role).toBe("viewer");
    const audit = await getDb().execute(
      sql`select details from audit_log where action = 'auth.sign_in' and actor_email = 'jo@corp.test' order by created_at`,
    );
    expect(audit.rows.map((r) => (r as { details: Record<string, unknown> }).details)).toEqual([
      { method: "oidc", role: "operator", created: true },
      { method: "oidc", role: "viewer", previousRole: "operator" },
    ]);
  });

  it("links a local account of the same e-mail, whose password keeps working", async () => {
    const local = await seedUser("viewer", "kim@corp.test");
    const r = await completeOidcSignIn({ sub: "u-2", email: "kim@corp.test", groups: ["admins"] }, cfg, null);
    expect(r).toEqual({ ok: true, userId: local.actor.id });
    expect((await userByEmail("kim@corp.test"))!.role).toBe("admin");
    const ok = await authenticateCredentials({ email: local.email, password: local.password }, { purpose: "token" });
    expect(ok.id).toBe(local.actor.id);
  });

  it("refuses other domains, unverified e-mails and disabled users, and creates nobody", async () => {
    expect(await completeOidcSignIn({ sub: "x", email: "eve@evil.test", groups: ["admins"] }, cfg, null)).toEqual({
      ok: false,
      code: "SsoDomainNotAllowed",
    });
    expect(await completeOidcSignIn({ sub: "y", email: "ann@corp.test", email_verified: false }, cfg, null)).toEqual({
      ok: false,
      code: "SsoEmailUnverified",
    });
    expect(await completeOidcSignIn({ sub: "z" }, cfg, null)).toEqual({ ok: false, code: "SsoNoEmail" });
    expect(await userByEmail("eve@evil.test")).toBeUndefined();
    expect(await userByEmail("ann@corp.test")).toBeUndefined();

    const off = await seedUser("operator", "off@corp.test");
    await getDb().execute(sql`update users set disabled_at = now() where id = ${off.actor.id}`);
    expect(await completeOidcSignIn({ sub: "w", email: "off@corp.test", groups: ["admins"] }, cfg, null)).toEqual({
      ok: false,
      code: "AccountDisabled",
    });
    expect((await userByEmail("off@corp.test"))!.role).toBe("operator");
    const denied = await getDb().execute(
      sql`select count(*)::int as n from audit_log where action = 'auth.sign_in' and outcome = 'denied' and details->>'method' = 'oidc'`,
    );
    expect((denied.rows[0] as { n: number }).n).toBe(3);
  });
  it("keeps the last enabled admin an admin when the provider drops the admin group, and says so", async () => {
    const boss = await completeOidcSignIn({ sub: "u-boss", email: "boss@corp.test", groups: ["admins"] }, cfg, null);
    expect(boss.ok).toBe(true);
    const bossId = (boss as { userId: string }).userId;
    // Every other admin disabled (restored at the end): boss is the last enabled admin.
    const others = await getDb().execute(
      sql`update users set disabled_at = now() where role = 'admin' and disabled_at is null and id <> ${bossId} returning id`,
    );
    try {
      expect(await completeOidcSignIn({ sub: "u-boss", email: "boss@corp.test", groups: ["ops"] }, cfg, null)).toEqual({
        ok: true,
        userId: bossId,
      });
      expect((await userByEmail("boss@corp.test"))!.role).toBe("admin");
      const kept = await getDb().execute(
        sql`select details from audit_log where action = 'auth.sign_in' and actor_email = 'boss@corp.test' order by created_at desc limit 1`,
      );
      expect((kept.rows[0] as { details: unknown }).details).toEqual({
        method: "oidc",
        role: "admin",
        mappedRole: "operator",
        keptAdmin: "last_enabled_admin",
      });

      // With another enabled admin (a local one), the provider's mapping wins again.
      const local = await seedUser("admin", "second-admin@corp.test");
      await completeOidcSignIn({ sub: "u-boss", email: "boss@corp.test", groups: [] }, cfg, null);
      expect((await userByEmail("boss@corp.test"))!.role).toBe("viewer");
      // Now the local admin is the last one, and the provider cannot demote it either (linked by e-mail).
      await completeOidcSignIn({ sub: "u-second", email: "second-admin@corp.test", groups: [] }, cfg, null);
      expect((await userByEmail("second-admin@corp.test"))!.role).toBe("admin");
      expect(local.actor.id).toBe((await userByEmail("second-admin@corp.test"))!.id);
    } finally {
      const ids = others.rows.map((r) => (r as { id: string }).id);
      for (const id of ids) await getDb().execute(sql`update users set disabled_at = null where id = ${id}`);
    }
  });
});
