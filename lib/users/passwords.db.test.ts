/* Password change and admin reset through the real route handlers and services: the current password is
 * required and all problems are reported at once; a change revokes the user's other sessions (the
 * calling one stays) and all their API tokens; a reset hands out a one-time password, signs the user out
 * everywhere and blocks everything but the change until it is made; every step is audited. Sessions
 * are the next-auth callbacks' real user_sessions rows. */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { call, seedUser, type TestUser } from "@/lib/auth/test-fixtures";
import { authOptions } from "@/lib/auth/auth-options";
import { authenticateCredentials } from "@/lib/auth/credentials";
import { isSessionLive } from "@/lib/auth/sessions";
import { PASSWORD_CHANGE_PENDING_MESSAGE } from "@/lib/auth/require-actor";
import { changeOwnPassword } from "./change-password";
import * as passwordRoute from "@/app/api/v1/account/password/route";
import * as resetRoute from "@/app/api/v1/users/[id]/reset-password/route";
import * as userRoute from "@/app/api/v1/users/[id]/route";
import * as tokenRoute from "@/app/api/v1/auth/token/route";
import * as projectsRoute from "@/app/api/v1/projects/route";

let admin: TestUser;

/** Signs in the way next-auth does (its jwt callback) and returns the JWT's session id. */
async function signInSession(userId: string): Promise<string> {
  const jwt = authOptions.callbacks!.jwt!;
  const token = await jwt({ token: {}, user: { id: userId, email: "x" }, account: null, trigger: "signIn" } as never);
  expect(typeof token.sid).toBe("string");
  return token.sid as string;
}

async function newToken(u: TestUser, password = u.password): Promise<string> {
  const r = await call(tokenRoute.POST, { method: "POST", body: { email: u.email, password, name: "extra" } });
  expect(r.status, r.text).toBe(201);
  return r.json.token as string;
}

async function audits(action: string, email: string): Promise<{ outcome: string; details: Record<string, unknown> }[]> {
  const r = await getDb().execute(
    sql`select outcome, details from audit_log where action = ${action} and target_name = ${email} order by created_at`,
  );
  return r.rows as never;
}

beforeAll(async () => {
  admin = await seedUser("admin");
});

describe("changing your own password", () => {
  it("reports every problem at once and needs the right current password", async () => {
    const u = await seedUser("viewer");
    const all = await call(passwordRoute.POST, {
      method: "POST",
      token: u.token,
      body: { currentPassword: "", newPassword: "short", repeatPassword: "other" },
    });
    expect(all.status).toBe(400);
    expect(Object.keys(all.json.error.fields).sort()).toEqual(["currentPassword", "newPassword", "repeatPassword"]);
    const same = await call(passwordRoute.POST, {
      method: "POST",
      token: u.token,
      body: { currentPassword: u.password, newPassword: u.password },
    });
    expect(same.json.error.fields.newPassword).toMatch(/different/);
    const wrong = await call(passwordRoute.POST, {
      method: "POST",
      token: u.token,
      body: { currentPassword: "not-my-password", newPassword: "a-brand-new-password" },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.fields.currentPassword).toBe("This is not your current password");
    expect((await audits("user.password_change", u.email)).map((a) => a.outcome)).toEqual(["failure"]);
    // Nothing changed: the token still works, the old password still signs in.
    expect((await call(projectsRoute.GET, { token: u.token })).status).toBe(200);
    await authenticateCredentials({ email: u.email, password: u.password }, { purpose: "sign_in" });
  });

  it("over the API: revokes every session and every token of the user, also the calling one", async () => {
    const u = await seedUser("operator");
    const s1 = await signInSession(u.actor.id!);
    const s2 = await signInSession(u.actor.id!);
    const other = await newToken(u);
    expect(await isSessionLive(s1, u.actor.id!)).toBe(true);
    const r = await call(passwordRoute.POST, {
      method: "POST",
      token: u.token,
      body: { currentPassword: u.password, newPassword: "operator-new-password" },
    });
    expect(r.status, r.text).toBe(204);
    expect(await isSessionLive(s1, u.actor.id!)).toBe(false);
    expect(await isSessionLive(s2, u.actor.id!)).toBe(false);
    expect((await call(projectsRoute.GET, { token: u.token })).status).toBe(401);
    expect((await call(projectsRoute.GET, { token: other })).status).toBe(401);
    await expect(
      authenticateCredentials({ email: u.email, password: u.password }, { purpose: "sign_in" }),
    ).rejects.toMatchObject({ code: "unauthenticated" });
    const fresh = await newToken(u, "operator-new-password");
    expect((await call(projectsRoute.GET, { token: fresh })).status).toBe(200);
    const [entry] = (await audits("user.password_change", u.email)).filter((a) => a.outcome === "success");
    expect(entry!.details).toMatchObject({ sessionsRevoked: 2, tokensRevoked: 2, via: "token" });
  });

  it("from a panel session: keeps that session, signs out the others", async () => {
    const u = await seedUser("viewer");
    const here = await signInSession(u.actor.id!);
    const elsewhere = await signInSession(u.actor.id!);
    const result = await changeOwnPassword(
      { currentPassword: u.password, newPassword: "viewer-new-password", repeatPassword: "viewer-new-password" },
      { ...u.actor, via: "session", sessionId: here },
    );
    expect(result).toEqual({ sessionsRevoked: 1, tokensRevoked: 1 });
    expect(await isSessionLive(here, u.actor.id!)).toBe(true);
    expect(await isSessionLive(elsewhere, u.actor.id!)).toBe(false);
    const row = await getDb().execute(sql`select revoked_reason from user_sessions where id = ${elsewhere}`);
    expect((row.rows[0] as { revoked_reason: string }).revoked_reason).toBe("password_change");
  });

  it("a signed-out session stays dead, and a JWT without a session id never counts", async () => {
    const u = await seedUser("viewer");
    const sid = await signInSession(u.actor.id!);
    await authOptions.events!.signOut!({ token: { sub: u.actor.id!, email: u.email, sid }, session: null } as never);
    expect(await isSessionLive(sid, u.actor.id!)).toBe(false);
    expect(await isSessionLive(undefined, u.actor.id!)).toBe(false);
    // Someone else's session id does not authenticate this user.
    const v = await seedUser("viewer");
    expect(await isSessionLive(await signInSession(v.actor.id!), u.actor.id!)).toBe(false);
  });
});

describe("admin password reset", () => {
  it("gives a one-time password, signs the user out everywhere, and allows nothing but the change", async () => {
    const u = await seedUser("operator");
    const session = await signInSession(u.actor.id!);
    const denied = await call(resetRoute.POST, { method: "POST", token: u.token, params: { id: admin.actor.id! } });
    expect(denied.status).toBe(403);
    const self = await call(resetRoute.POST, { method: "POST", token: admin.token, params: { id: admin.actor.id! } });
    expect(self.status).toBe(422);

    const r = await call(resetRoute.POST, { method: "POST", token: admin.token, params: { id: u.actor.id! } });
    expect(r.status, r.text).toBe(200);
    const temporary = r.json.temporaryPassword as string;
    expect(temporary).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(r.json).toMatchObject({ sessionsRevoked: 1, tokensRevoked: 1, user: { mustChangePassword: true } });
    expect(r.text).not.toMatch(/argon2/);
    expect(await isSessionLive(session, u.actor.id!)).toBe(false);
    expect((await call(projectsRoute.GET, { token: u.token })).status).toBe(401);
    const shown = await call(userRoute.GET, { token: admin.token, params: { id: u.actor.id! } });
    expect(shown.json.mustChangePassword).toBe(true);

    // Signing in with the one-time password works, but only the password change is allowed.
    const pending = await newToken(u, temporary);
    const blocked = await call(projectsRoute.GET, { token: pending });
    expect(blocked.status).toBe(403);
    expect(blocked.json.error.message).toBe(PASSWORD_CHANGE_PENDING_MESSAGE);
    const changed = await call(passwordRoute.POST, {
      method: "POST",
      token: pending,
      body: { currentPassword: temporary, newPassword: "my-own-new-password" },
    });
    expect(changed.status, changed.text).toBe(204);
    const after = await call(userRoute.GET, { token: admin.token, params: { id: u.actor.id! } });
    expect(after.json.mustChangePassword).toBe(false);
    expect((await call(projectsRoute.GET, { token: await newToken(u, "my-own-new-password") })).status).toBe(200);

    const [reset] = await audits("user.password_reset", u.email);
    expect(reset).toMatchObject({ outcome: "success", details: { sessionsRevoked: 1, tokensRevoked: 1 } });
    const change = (await audits("user.password_change", u.email)).find((a) => a.outcome === "success");
    expect(change!.details).toMatchObject({ afterReset: true });
    const raw = await getDb().execute(sql`select details::text as d from audit_log where action like 'user.password%'`);
    expect(JSON.stringify(raw.rows)).not.toContain(temporary);
  });
});
