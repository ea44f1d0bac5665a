/* The role matrix through the real route handlers: a viewer gets 403 on every mutating endpoint and
 * nothing changes; an operator gets 403 on inventory, destinations, users and the audit log; every
 * refusal is audited as "denied". */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { seedRoles, call, type TestUser } from "@/lib/auth/test-fixtures";
import type { Role } from "@/lib/auth/roles";
import * as projectsRoute from "@/app/api/v1/projects/route";
import * as projectRoute from "@/app/api/v1/projects/[id]/route";
import * as projectEnvsRoute from "@/app/api/v1/projects/[id]/environments/route";
import * as envRoute from "@/app/api/v1/environments/[id]/route";
import * as envSourcesRoute from "@/app/api/v1/environments/[id]/sources/route";
import * as sourceRoute from "@/app/api/v1/sources/[id]/route";
import * as destinationsRoute from "@/app/api/v1/destinations/route";
import * as destinationRoute from "@/app/api/v1/destinations/[id]/route";
import * as usersRoute from "@/app/api/v1/users/route";
import * as userRoute from "@/app/api/v1/users/[id]/route";
import * as auditRoute from "@/app/api/v1/audit/route";

let users: Record<Role, TestUser>;
const ids = { project: "", env: "", source: "", dest: "" };

const TABLES = ["projects", "environments", "sources", "destinations", "users", "api_tokens"];

async function snapshot(): Promise<string> {
  const out: Record<string, unknown> = {};
  for (const t of TABLES) {
    const cols = t === "api_tokens" ? "id, revoked_at, user_id, name" : "*";
    out[t] = (await getDb().execute(sql.raw(`select ${cols} from ${t} order by id`))).rows;
  }
  return JSON.stringify(out);
}

beforeAll(async () => {
  users = await seedRoles();
  const token = users.admin.token;
  ids.project = (await call(projectsRoute.POST, { method: "POST", token, body: { name: "Acme" } })).json.id;
  ids.env = (
    await call(projectEnvsRoute.POST, {
      method: "POST",
      token,
      params: { id: ids.project },
      body: { name: "prod", type: "production" },
    })
  ).json.id;
  ids.source = (
    await call(envSourcesRoute.POST, {
      method: "POST",
      token,
      params: { id: ids.env },
      body: { name: "files", type: "directory", config: { path: "/srv/app" } },
    })
  ).json.id;
  ids.dest = (
    await call(destinationsRoute.POST, {
      method: "POST",
      token,
      body: { name: "Disk", type: "local", config: { path: "/srv/backups" } },
    })
  ).json.id;
});

type Case = {
  name: string;
  handler: Parameters<typeof call>[0];
  method: string;
  params?: Record<string, string>;
  body?: unknown;
};

function mutations(): Case[] {
  return [
    { name: "create project", handler: projectsRoute.POST, method: "POST", body: { name: "Other" } },
    {
      name: "rename project",
      handler: projectRoute.PATCH,
      method: "PATCH",
      params: { id: ids.project },
      body: { name: "Renamed" },
    },
    { name: "delete project", handler: projectRoute.DELETE, method: "DELETE", params: { id: ids.project } },
    {
      name: "create environment",
      handler: projectEnvsRoute.POST,
      method: "POST",
      params: { id: ids.project },
      body: { name: "qa", type: "staging" },
    },
    {
      name: "pause environment",
      handler: envRoute.PATCH,
      method: "PATCH",
      params: { id: ids.env },
      body: { active: false },
    },
    { name: "delete environment", handler: envRoute.DELETE, method: "DELETE", params: { id: ids.env } },
    {
      name: "create source",
      handler: envSourcesRoute.POST,
      method: "POST",
      params: { id: ids.env },
      body: { name: "x", type: "sqlite", config: { path: "/x.db" } },
    },
    {
      name: "update source",
      handler: sourceRoute.PATCH,
      method: "PATCH",
      params: { id: ids.source },
      body: { name: "y" },
    },
    { name: "delete source", handler: sourceRoute.DELETE, method: "DELETE", params: { id: ids.source } },
    {
      name: "create destination",
      handler: destinationsRoute.POST,
      method: "POST",
      body: { name: "D2", type: "local", config: { path: "/d2" } },
    },
    {
      name: "update destination",
      handler: destinationRoute.PATCH,
      method: "PATCH",
      params: { id: ids.dest },
      body: { name: "D3" },
    },
    { name: "delete destination", handler: destinationRoute.DELETE, method: "DELETE", params: { id: ids.dest } },
    {
      name: "create user",
      handler: usersRoute.POST,
      method: "POST",
      body: { email: "new@example.test", password: "long-enough-pw", role: "admin" },
    },
    {
      name: "promote self",
      handler: userRoute.PATCH,
      method: "PATCH",
      params: { id: "SELF" },
      body: { role: "admin" },
    },
    { name: "delete admin", handler: userRoute.DELETE, method: "DELETE", params: { id: "ADMIN" } },
  ];
}

describe("role matrix", () => {
  for (const role of ["viewer", "operator"] as const) {
    it(`${role}: 403 on every admin-only endpoint, nothing changes, each refusal audited`, async () => {
      const before = await snapshot();
      const cases = mutations();
      for (const c of cases) {
        const params =
          c.params?.id === "SELF"
            ? { id: users[role].actor.id! }
            : c.params?.id === "ADMIN"
              ? { id: users.admin.actor.id! }
              : c.params;
        const r = await call(c.handler, { method: c.method, token: users[role].token, params, body: c.body });
        expect(r.status, `${role} ${c.name}: ${r.text}`).toBe(403);
        expect(r.json.error.code).toBe("forbidden");
      }
      expect(await snapshot()).toBe(before);
      const denied = await getDb().execute(
        sql`select count(*)::int as n from audit_log where outcome = 'denied' and actor_email = ${users[role].email}`,
      );
      expect((denied.rows[0] as { n: number }).n).toBe(cases.length);
      // Reading admin-only lists is refused as well.
      expect((await call(usersRoute.GET, { token: users[role].token })).status).toBe(403);
      expect((await call(auditRoute.GET, { token: users[role].token })).status).toBe(403);
      expect(
        (await call(userRoute.GET, { token: users[role].token, params: { id: users.admin.actor.id! } })).status,
      ).toBe(403);
    });
  }

  it("viewer and operator can read the inventory and themselves", async () => {
    for (const role of ["viewer", "operator"] as const) {
      const token = users[role].token;
      expect((await call(projectsRoute.GET, { token })).status).toBe(200);
      expect((await call(envRoute.GET, { token, params: { id: ids.env } })).status).toBe(200);
      expect((await call(envSourcesRoute.GET, { token, params: { id: ids.env } })).status).toBe(200);
      expect((await call(destinationsRoute.GET, { token })).status).toBe(200);
      const me = await call(userRoute.GET, { token, params: { id: "me" } });
      expect(me.json).toMatchObject({ email: users[role].email, role });
      expect(me.text).not.toContain("password");
    }
  });

  it("a request without a token or session is 401 and changes nothing", async () => {
    const r = await call(projectsRoute.POST, { method: "POST", body: { name: "Nope" } });
    expect(r.status).toBe(401);
    expect((await getDb().execute(sql`select count(*)::int as n from projects where name = 'Nope'`)).rows[0]).toEqual({
      n: 0,
    });
  });
});
