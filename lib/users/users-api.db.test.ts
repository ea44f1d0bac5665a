/* Users through the REST API: create with validation, duplicates, no password hashes in responses,
 * password change, delete (their tokens die with them), audit entries. */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { call, seedUser, type TestUser } from "@/lib/auth/test-fixtures";
import { authenticateCredentials } from "@/lib/auth/credentials";
import * as usersRoute from "@/app/api/v1/users/route";
import * as userRoute from "@/app/api/v1/users/[id]/route";
import * as tokenRoute from "@/app/api/v1/auth/token/route";
import * as projectsRoute from "@/app/api/v1/projects/route";

let admin: TestUser;

beforeAll(async () => {
  admin = await seedUser("admin");
});

describe("users API", () => {
  it("creates, validates, changes and deletes users", async () => {
    const token = admin.token;
    const bad = await call(usersRoute.POST, {
      method: "POST",
      token,
      body: { email: "not-an-email", password: "short", role: "root" },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error.fields).sort()).toEqual(["email", "password", "role"]);

    const c = await call(usersRoute.POST, {
      method: "POST",
      token,
      body: { email: "Ops@Example.test", name: "Ops", password: "ops-password-1", role: "operator" },
    });
    expect(c.status).toBe(201);
    expect(c.json).toMatchObject({ email: "ops@example.test", role: "operator", disabled: false });
    const dup = await call(usersRoute.POST, {
      method: "POST",
      token,
      body: { email: "ops@example.test", password: "ops-password-2", role: "viewer" },
    });
    expect(dup.status).toBe(409);
    expect(dup.json.error.fields).toHaveProperty("email");

    const list = await call(usersRoute.GET, { token });
    expect(list.json.items.map((u: { email: string }) => u.email)).toContain("ops@example.test");
    expect(list.text).not.toMatch(/argon2|passwordHash|password_hash/);

    const pw = await call(userRoute.PATCH, {
      method: "PATCH",
      token,
      params: { id: c.json.id },
      body: { password: "new-ops-password" },
    });
    expect(pw.status).toBe(200);
    await expect(
      authenticateCredentials({ email: "ops@example.test", password: "ops-password-1" }, { purpose: "sign_in" }),
    ).rejects.toMatchObject({ code: "unauthenticated" });
    const t = await call(tokenRoute.POST, {
      method: "POST",
      body: { email: "ops@example.test", password: "new-ops-password" },
    });
    expect(t.status).toBe(201);
    expect((await call(projectsRoute.GET, { token: t.json.token })).status).toBe(200);

    expect((await call(userRoute.DELETE, { method: "DELETE", token, params: { id: c.json.id } })).status).toBe(204);
    expect((await call(projectsRoute.GET, { token: t.json.token })).status).toBe(401);
    expect((await call(userRoute.GET, { token, params: { id: c.json.id } })).status).toBe(404);

    const audit = await getDb().execute(
      sql`select action from audit_log where target_type = 'user' and target_name = 'ops@example.test' and actor_email = ${admin.email} order by created_at`,
    );
    expect((audit.rows as { action: string }[]).map((r) => r.action)).toEqual([
      "user.create",
      "user.update",
      "user.delete",
    ]);
  });
});
