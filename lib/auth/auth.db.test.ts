/* Sign-in and tokens through the real route handlers: token creation by password, failed attempts
 * rate limited per e-mail (and shared through the database), revocation, disabled and demoted users
 * losing access at once, the one-time first admin, the last-admin guard, and the audit trail. */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { getDb } from "@/lib/db";
import { call, seedRoles, seedUser, type TestUser } from "@/lib/auth/test-fixtures";
import type { Role } from "@/lib/auth/roles";
import { SIGN_IN_LIMITS } from "@/lib/auth/rate-limit";
import { authenticateCredentials } from "@/lib/auth/credentials";
import { createFirstAdmin, needsSetup } from "@/lib/users/create-first-admin";
import * as tokenRoute from "@/app/api/v1/auth/token/route";
import * as tokenIdRoute from "@/app/api/v1/auth/token/[id]/route";
import * as projectsRoute from "@/app/api/v1/projects/route";
import * as userRoute from "@/app/api/v1/users/[id]/route";

let users: Record<Role, TestUser>;

async function auditCount(action: string, outcome: string, email: string): Promise<number> {
  const r = await getDb().execute(
    sql`select count(*)::int as n from audit_log where action = ${action} and outcome = ${outcome} and actor_email = ${email}`,
  );
  return (r.rows[0] as { n: number }).n;
}

describe("first admin", () => {
  it("works exactly once, while no user exists", async () => {
    expect(await needsSetup()).toBe(true);
    const [a, b] = await Promise.allSettled([
      createFirstAdmin({ email: "First@Example.test", password: "first-admin-pw" }),
      createFirstAdmin({ email: "second@example.test", password: "second-admin-pw" }),
    ]);
    const ok = [a, b].filter((r) => r.status === "fulfilled");
    expect(ok).toHaveLength(1);
    expect(await needsSetup()).toBe(false);
    await expect(createFirstAdmin({ email: "late@example.test", password: "late-admin-pw" })).rejects.toMatchObject({
      code: "conflict",
    });
    const r = await getDb().execute(sql`select email, role from users`);
    expect(r.rows).toHaveLength(1);
    expect((r.rows[0] as { role: string }).role).toBe("admin");
    users = await seedRoles();
  });
});

describe("API tokens", () => {
  it("are issued for a correct password, work, and stop working when revoked", async () => {
    const created = await call(tokenRoute.POST, {
      method: "POST",
      body: { email: users.operator.email.toUpperCase(), password: users.operator.password, name: "ci" },
    });
    expect(created.status).toBe(201);
    expect(created.json.token).toMatch(/^lb_/);
    const token = created.json.token as string;
    const stored = await getDb().execute(sql`select token_hash from api_tokens where id = ${created.json.id}`);
    expect(JSON.stringify(stored.rows)).not.toContain(token);

    expect((await call(projectsRoute.GET, { token })).status).toBe(200);
    const used = await getDb().execute(sql`select last_used_at from api_tokens where id = ${created.json.id}`);
    expect((used.rows[0] as { last_used_at: unknown }).last_used_at).not.toBeNull();

    const list = await call(tokenRoute.GET, { token });
    expect(list.json.items.map((t: { id: string }) => t.id)).toContain(created.json.id);
    expect(list.text).not.toContain(token);

    // Someone else (non-admin) cannot revoke it; the owner can.
    expect(
      (
        await call(tokenIdRoute.DELETE, {
          method: "DELETE",
          token: users.viewer.token,
          params: { id: created.json.id },
        })
      ).status,
    ).toBe(404);
    expect((await call(projectsRoute.GET, { token })).status).toBe(200);
    expect((await call(tokenIdRoute.DELETE, { method: "DELETE", token, params: { id: created.json.id } })).status).toBe(
      204,
    );
    const after = await call(projectsRoute.GET, { token });
    expect(after.status).toBe(401);
    expect(await auditCount("api_token.revoke", "success", users.operator.email)).toBe(1);
    expect(await auditCount("auth.token_sign_in", "success", users.operator.email)).toBe(1);
  });

  it("stop working the moment their user is disabled, and carry a demotion at once", async () => {
    const u = await seedUser("admin");
    expect((await call(projectsRoute.POST, { method: "POST", token: u.token, body: { name: "By U" } })).status).toBe(
      201,
    );
    const demote = await call(userRoute.PATCH, {
      method: "PATCH",
      token: users.admin.token,
      params: { id: u.actor.id! },
      body: { role: "viewer" },
    });
    expect(demote.status).toBe(200);
    expect((await call(projectsRoute.POST, { method: "POST", token: u.token, body: { name: "By U 2" } })).status).toBe(
      403,
    );
    const disable = await call(userRoute.PATCH, {
      method: "PATCH",
      token: users.admin.token,
      params: { id: u.actor.id! },
      body: { disabled: true },
    });
    expect(disable.json.disabled).toBe(true);
    expect((await call(projectsRoute.GET, { token: u.token })).status).toBe(401);
    await expect(
      authenticateCredentials({ email: u.email, password: u.password }, { purpose: "sign_in" }),
    ).rejects.toMatchObject({ code: "unauthenticated" });
    await call(userRoute.PATCH, {
      method: "PATCH",
      token: users.admin.token,
      params: { id: u.actor.id! },
      body: { disabled: false },
    });
    expect((await call(projectsRoute.GET, { token: u.token })).status).toBe(200);
  });
});

describe("users", () => {
  it("protect the last enabled admin and the acting admin", async () => {
    const admins = await getDb().execute(sql`select id from users where role = 'admin' and disabled_at is null`);
    const self = users.admin.actor.id!;
    expect(
      (
        await call(userRoute.PATCH, {
          method: "PATCH",
          token: users.admin.token,
          params: { id: self },
          body: { role: "viewer" },
        })
      ).status,
    ).toBe(422);
    expect(
      (await call(userRoute.DELETE, { method: "DELETE", token: users.admin.token, params: { id: self } })).status,
    ).toBe(422);
    // Disable every other admin, then the acting admin is the last one and still cannot be removed by itself.
    for (const row of admins.rows as { id: string }[]) {
      if (row.id === self) continue;
      const r = await call(userRoute.PATCH, {
        method: "PATCH",
        token: users.admin.token,
        params: { id: row.id },
        body: { disabled: true },
      });
      expect(r.status, r.text).toBe(200);
    }
    const other = await seedUser("admin");
    await getDb().execute(sql`update users set disabled_at = now() where id = ${other.actor.id}`);
    const last = await call(userRoute.PATCH, {
      method: "PATCH",
      token: users.admin.token,
      params: { id: self },
      body: { disabled: true },
    });
    expect(last.status).toBe(422);
  });
});

describe("sign-in rate limiting", () => {
  it("refuses further attempts for an e-mail after too many failures, even with the right password", async () => {
    const u = await seedUser("viewer");
    for (let i = 0; i < SIGN_IN_LIMITS.email.limit; i++) {
      const r = await call(tokenRoute.POST, {
        method: "POST",
        body: { email: u.email, password: "wrong-password" },
        headers: { "x-forwarded-for": `10.0.0.${i}` },
      });
      expect(r.status).toBe(401);
      expect(r.json.error.message).toBe("The e-mail or password is wrong.");
    }
    const blocked = await call(tokenRoute.POST, {
      method: "POST",
      body: { email: u.email, password: u.password },
      headers: { "x-forwarded-for": "10.0.0.99" },
    });
    expect(blocked.status).toBe(429);
    expect(blocked.json.error.code).toBe("rate_limited");
    expect(blocked.json.error.message).toMatch(/Try again in \d+ (seconds?|minutes?)/);
    const row = await getDb().execute(sql`select count from rate_limits where key = ${`login:${u.email}`}`);
    expect((row.rows[0] as { count: number }).count).toBe(SIGN_IN_LIMITS.email.limit);
    expect(await auditCount("auth.token_sign_in", "failure", u.email)).toBe(SIGN_IN_LIMITS.email.limit);
    expect(await auditCount("auth.token_sign_in", "denied", u.email)).toBe(1);
    // Another account is not affected; an expired window starts over.
    const other = await call(tokenRoute.POST, {
      method: "POST",
      body: { email: users.viewer.email, password: users.viewer.password },
    });
    expect(other.status).toBe(201);
    await getDb().execute(
      sql`update rate_limits set reset_at = now() - interval '1 second' where key = ${`login:${u.email}`}`,
    );
    expect(
      (await call(tokenRoute.POST, { method: "POST", body: { email: u.email, password: u.password } })).status,
    ).toBe(201);
  });

  it("limits failures per IP address across different e-mails (behind a trusted proxy)", async () => {
    process.env.LIFEBOAT_TRUST_PROXY = "on";
    resetEnvCache();
    onTestFinished(() => {
      delete process.env.LIFEBOAT_TRUST_PROXY;
      resetEnvCache();
    });
    const ip = "192.0.2.77";
    await getDb().execute(
      sql`insert into rate_limits (key, count, reset_at) values (${`login-ip:${ip}`}, ${SIGN_IN_LIMITS.ip.limit - 1}, now() + interval '10 minutes')`,
    );
    const r1 = await call(tokenRoute.POST, {
      method: "POST",
      body: { email: "nobody@example.test", password: "x" },
      headers: { "x-forwarded-for": ip },
    });
    expect(r1.status).toBe(401);
    const r2 = await call(tokenRoute.POST, {
      method: "POST",
      body: { email: users.viewer.email, password: users.viewer.password },
      headers: { "x-forwarded-for": ip },
    });
    expect(r2.status).toBe(429);
  });

  it("answers malformed token requests with 400", async () => {
    const r = await call(tokenRoute.POST, { method: "POST", rawBody: "email=x" });
    expect(r.status).toBe(400);
    const r2 = await call(tokenRoute.POST, { method: "POST", body: { email: "a@b.c" } });
    expect(r2.status).toBe(400);
    expect(r2.json.error.fields).toHaveProperty("password");
  });
});
