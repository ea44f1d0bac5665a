/* Scoped API tokens through the real route handlers and database (API.md "Auth"): a read-only token may
 * only GET (403 with a clear message otherwise), a token limited to a project reaches that project's
 * environments and sources only (others 404, project-less endpoints 403, the projects list filtered),
 * a restore (or its preview) of that project's backup into another project's environment is the same 404
 * (the body's target is in scope, not only the URL), an expired token is a 401 "token expired", and the
 * token value appears only in the 201. */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { call, seedRoles, type TestUser } from "@/lib/auth/test-fixtures";
import type { Role } from "@/lib/auth/roles";
import * as tokenRoute from "@/app/api/v1/auth/token/route";
import * as projectsRoute from "@/app/api/v1/projects/route";
import * as projectRoute from "@/app/api/v1/projects/[id]/route";
import * as projectEnvsRoute from "@/app/api/v1/projects/[id]/environments/route";
import * as envRoute from "@/app/api/v1/environments/[id]/route";
import * as envSourcesRoute from "@/app/api/v1/environments/[id]/sources/route";
import * as envBackupsRoute from "@/app/api/v1/environments/[id]/backups/route";
import * as sourceRoute from "@/app/api/v1/sources/[id]/route";
import * as destinationsRoute from "@/app/api/v1/destinations/route";
import * as auditRoute from "@/app/api/v1/audit/route";
import * as restoreRoute from "@/app/api/v1/backups/[id]/restore/route";
import * as previewRoute from "@/app/api/v1/backups/[id]/restore/preview/route";
import { backups } from "@/lib/db/schema";

let users: Record<Role, TestUser>;
const ids = { a: "", b: "", envA: "", envB: "", srcA: "", srcB: "" };

async function newToken(who: TestUser, scope: Record<string, unknown>) {
  const r = await call(tokenRoute.POST, {
    method: "POST",
    path: "/api/v1/auth/token",
    body: { email: who.email, password: who.password, name: `scoped-${Math.random()}`, ...scope },
  });
  expect(r.status, r.text).toBe(201);
  expect(Object.keys(r.json).sort()).toEqual(["id", "token"]);
  return r.json as { token: string; id: string };
}

async function seedProject(name: string, token: string) {
  const p = await call(projectsRoute.POST, { method: "POST", path: "/api/v1/projects", token, body: { name } });
  const e = await call(projectEnvsRoute.POST, {
    method: "POST",
    path: `/api/v1/projects/${p.json.id}/environments`,
    token,
    params: { id: p.json.id },
    body: { name: "Production", type: "production" },
  });
  const s = await call(envSourcesRoute.POST, {
    method: "POST",
    path: `/api/v1/environments/${e.json.id}/sources`,
    token,
    params: { id: e.json.id },
    body: { name: "files", type: "directory", config: { path: "/srv/app" } },
  });
  expect(s.status, s.text).toBe(201);
  return { project: p.json.id as string, env: e.json.id as string, source: s.json.id as string };
}

beforeAll(async () => {
  users = await seedRoles();
  const a = await seedProject("Scope Alpha", users.admin.token);
  const b = await seedProject("Scope Beta", users.admin.token);
  Object.assign(ids, { a: a.project, b: b.project, envA: a.env, envB: b.env, srcA: a.source, srcB: b.source });
});

describe("a read-only token", () => {
  it("reads, and is refused every change with a 403 that says why", async () => {
    const { token } = await newToken(users.admin, { readOnly: true });
    const list = await call(projectsRoute.GET, { path: "/api/v1/projects", token });
    expect(list.status).toBe(200);
    expect(list.json.items.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining([ids.a, ids.b]));
    const post = await call(projectsRoute.POST, {
      method: "POST",
      path: "/api/v1/projects",
      token,
      body: { name: "Never made" },
    });
    expect(post.status).toBe(403);
    expect(post.json.error.message).toMatch(/read-only/);
    const patch = await call(envRoute.PATCH, {
      method: "PATCH",
      path: `/api/v1/environments/${ids.envA}`,
      token,
      params: { id: ids.envA },
      body: { active: false },
    });
    expect(patch.status).toBe(403);
    const env = await getDb().execute(sql`select active from environments where id = ${ids.envA}`);
    expect((env.rows[0] as { active: boolean }).active).toBe(true);
    const made = await getDb().execute(sql`select count(*)::int as n from projects where name = 'Never made'`);
    expect((made.rows[0] as { n: number }).n).toBe(0);
    const denied = await getDb().execute(
      sql`select count(*)::int as n from audit_log where outcome = 'denied' and details->>'reason' = 'token_scope'`,
    );
    expect((denied.rows[0] as { n: number }).n).toBeGreaterThanOrEqual(2);
  });
});

describe("a token limited to one project", () => {
  it("sees and changes only that project's things", async () => {
    // An admin's token: only the project limit stands between it and project B.
    const { token } = await newToken(users.admin, { projectIds: [ids.a] });
    const list = await call(projectsRoute.GET, { path: "/api/v1/projects", token });
    expect(list.json.items.map((p: { id: string }) => p.id)).toEqual([ids.a]);

    const get = (handler: typeof projectRoute.GET, path: string, id: string) =>
      call(handler, { path, token, params: { id } });
    expect((await get(projectRoute.GET, `/api/v1/projects/${ids.a}`, ids.a)).status).toBe(200);
    expect((await get(projectRoute.GET, `/api/v1/projects/${ids.b}`, ids.b)).status).toBe(404);
    expect((await get(envRoute.GET, `/api/v1/environments/${ids.envA}`, ids.envA)).status).toBe(200);
    expect((await get(envRoute.GET, `/api/v1/environments/${ids.envB}`, ids.envB)).status).toBe(404);
    expect((await get(sourceRoute.GET, `/api/v1/sources/${ids.srcA}`, ids.srcA)).status).toBe(200);
    expect((await get(sourceRoute.GET, `/api/v1/sources/${ids.srcB}`, ids.srcB)).status).toBe(404);
    expect((await get(envBackupsRoute.GET, `/api/v1/environments/${ids.envA}/backups`, ids.envA)).status).toBe(200);
    const otherBackups = await get(envBackupsRoute.GET, `/api/v1/environments/${ids.envB}/backups`, ids.envB);
    expect(otherBackups.status).toBe(404);
    expect(otherBackups.json.error.message).toMatch(/outside the projects this API token is limited to/);
    expect((await get(projectEnvsRoute.GET, `/api/v1/projects/${ids.b}/environments`, ids.b)).status).toBe(404);

    // Changes inside the project work; outside they do not.
    const inA = await call(envSourcesRoute.POST, {
      method: "POST",
      path: `/api/v1/environments/${ids.envA}/sources`,
      token,
      params: { id: ids.envA },
      body: { name: "uploads", type: "directory", config: { path: "/srv/uploads" } },
    });
    expect(inA.status, inA.text).toBe(201);
    const inB = await call(envSourcesRoute.POST, {
      method: "POST",
      path: `/api/v1/environments/${ids.envB}/sources`,
      token,
      params: { id: ids.envB },
      body: { name: "uploads", type: "directory", config: { path: "/srv/uploads" } },
    });
    expect(inB.status).toBe(404);
    const rows = await getDb().execute(
      sql`select count(*)::int as n from sources where environment_id = ${ids.envB} and name = 'uploads'`,
    );
    expect((rows.rows[0] as { n: number }).n).toBe(0);

    // Endpoints that belong to no project are refused outright.
    const dests = await call(destinationsRoute.GET, { path: "/api/v1/destinations", token });
    expect(dests.status).toBe(403);
    expect(dests.json.error.message).toMatch(/not part of a project/);
    expect((await call(auditRoute.GET, { path: "/api/v1/audit", token })).status).toBe(403);
    const create = await call(projectsRoute.POST, {
      method: "POST",
      path: "/api/v1/projects",
      token,
      body: { name: "Scoped new" },
    });
    expect(create.status).toBe(403);
  });

  it("cannot be made for a project that does not exist", async () => {
    const r = await call(tokenRoute.POST, {
      method: "POST",
      path: "/api/v1/auth/token",
      body: {
        email: users.viewer.email,
        password: users.viewer.password,
        projectIds: ["00000000-0000-4000-8000-000000000000"],
      },
    });
    expect(r.status).toBe(400);
    expect(r.json.error.fields).toHaveProperty("projectIds.0");
  });
});

describe("an expiring token", () => {
  it("works until it expires, then is a 401 'token expired'", async () => {
    const soon = new Date(Date.now() + 60_000).toISOString();
    const { token, id } = await newToken(users.viewer, { expiresAt: soon });
    expect((await call(projectsRoute.GET, { path: "/api/v1/projects", token })).status).toBe(200);
    await getDb().execute(sql`update api_tokens set expires_at = now() - interval '1 second' where id = ${id}`);
    const r = await call(projectsRoute.GET, { path: "/api/v1/projects", token });
    expect(r.status).toBe(401);
    expect(r.json.error.message).toMatch(/token expired/);
  });

  it("refuses an expiry in the past or in a wrong format with a 400", async () => {
    for (const expiresAt of ["2001-01-01T00:00:00Z", "next tuesday"]) {
      const r = await call(tokenRoute.POST, {
        method: "POST",
        path: "/api/v1/auth/token",
        body: { email: users.viewer.email, password: users.viewer.password, expiresAt },
      });
      expect(r.status, expiresAt).toBe(400);
      expect(r.json.error.fields).toHaveProperty("expiresAt");
    }
  });

  it("lists its scope (never its value) among the owner's tokens", async () => {
    const at = new Date(Date.now() + 86_400_000).toISOString();
    const made = await newToken(users.operator, { readOnly: true, projectIds: [ids.b], expiresAt: at });
    const list = await call(tokenRoute.GET, { path: "/api/v1/auth/token", token: users.operator.token });
    const row = list.json.items.find((t: { id: string }) => t.id === made.id);
    expect(row).toMatchObject({ readOnly: true, projectIds: [ids.b], expiresAt: at });
    expect(list.text).not.toContain(made.token);
  });
});

describe("a token limited to one project, restoring", () => {
  it("is refused a target environment of another project (or an unknown one) with the scope's 404", async () => {
    const [b] = await getDb()
      .insert(backups)
      .values({ environmentId: ids.envA, status: "succeeded", trigger: "manual" })
      .returning();
    const { token } = await newToken(users.admin, { projectIds: [ids.a] });
    const post = (route: typeof restoreRoute.POST, path: string, targetEnvironmentId: string) =>
      call(route, { method: "POST", path, token, params: { id: b!.id }, body: { scope: "full", targetEnvironmentId } });
    const restorePath = `/api/v1/backups/${b!.id}/restore`;
    const before = await getDb().execute(sql`select count(*)::int as n from restores`);

    for (const target of [ids.envB, "00000000-0000-4000-8000-000000000000"]) {
      const r = await post(restoreRoute.POST, restorePath, target);
      expect(r.status, r.text).toBe(404);
      expect(r.json.error.message).toMatch(/outside the projects this API token is limited to/);
      const p = await post(previewRoute.POST, `${restorePath}/preview`, target);
      expect(p.status, p.text).toBe(404);
      expect(p.json.error.message).toMatch(/outside the projects this API token is limited to/);
    }
    const after = await getDb().execute(sql`select count(*)::int as n from restores`);
    expect((after.rows[0] as { n: number }).n).toBe((before.rows[0] as { n: number }).n);
    const denied = await getDb().execute(
      sql`select count(*)::int as n from audit_log where action = 'restore.create' and outcome = 'denied'
          and details->>'reason' = 'token_scope' and target_id = ${b!.id}`,
    );
    expect((denied.rows[0] as { n: number }).n).toBe(2);

    // Its own project's environment passes the scope (and reaches lib/restores: no snapshots, 4xx).
    const own = await post(restoreRoute.POST, restorePath, ids.envA);
    expect(own.status).not.toBe(404);
    expect(own.status).toBeLessThan(500);
    // An unscoped admin token is not narrowed: lib/restores's own same-project rule answers.
    const wide = await call(restoreRoute.POST, {
      method: "POST",
      path: restorePath,
      token: users.admin.token,
      params: { id: b!.id },
      body: { scope: "full", targetEnvironmentId: ids.envB },
    });
    expect(wide.status, wide.text).toBe(422);
    expect(wide.json.error.message).toMatch(/belongs to another project/);
  });
});
