/* The REST API v1 inventory end to end through the real route handlers and database: create/read/update/
 * delete, secrets sealed in rows and absent from every response, 400 with field messages for bad input,
 * refusals naming what is in use, audit entries. */
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
import * as auditRoute from "@/app/api/v1/audit/route";

const DB_PASSWORD = "pg-Pa55word-that-must-never-leak";
const S3_SECRET = "s3-SECRET-access-key-never-leak";
const S3_KEY_ID = "AKIA-KEYID-never-leak";
const SECRETS = [DB_PASSWORD, S3_SECRET, S3_KEY_ID];

let users: Record<Role, TestUser>;
const responses: string[] = [];

async function api(...args: Parameters<typeof call>) {
  const r = await call(...args);
  responses.push(r.text);
  expect(r.status, r.text).toBeLessThan(500);
  return r;
}

async function rawRows(table: string): Promise<string> {
  const r = await getDb().execute(sql.raw(`select * from ${table}`));
  return JSON.stringify(r.rows);
}

beforeAll(async () => {
  users = await seedRoles();
});

describe("REST inventory", () => {
  let projectId = "";
  let envId = "";
  let sourceId = "";
  let destId = "";

  it("creates a project, environment, PostgreSQL source and S3 destination", async () => {
    const token = users.admin.token;
    const p = await api(projectsRoute.POST, { method: "POST", token, body: { name: "Acme Shop" } });
    expect(p.status).toBe(201);
    expect(p.json).toMatchObject({ name: "Acme Shop", slug: "acme-shop" });
    projectId = p.json.id;

    const e = await api(projectEnvsRoute.POST, {
      method: "POST",
      token,
      params: { id: projectId },
      body: { name: "Production", type: "production", timezone: "Europe/Berlin" },
    });
    expect(e.status).toBe(201);
    expect(e.json).toMatchObject({
      projectId,
      slug: "production",
      type: "production",
      active: true,
      timezone: "Europe/Berlin",
    });
    envId = e.json.id;

    const s = await api(envSourcesRoute.POST, {
      method: "POST",
      token,
      params: { id: envId },
      body: {
        name: "main db",
        type: "postgres",
        config: { host: "127.0.0.1", database: "shop", user: "shop" },
        secrets: { password: DB_PASSWORD },
      },
    });
    expect(s.status).toBe(201);
    expect(s.json).toMatchObject({
      name: "main db",
      type: "postgres",
      hasSecret: true,
      secretKeys: ["password"],
      config: { port: 5432 },
    });
    sourceId = s.json.id;

    const d = await api(destinationsRoute.POST, {
      method: "POST",
      token,
      body: {
        name: "Offsite",
        type: "s3",
        config: { endpoint: "https://s3.example.test", bucket: "acme-backups" },
        secrets: { accessKeyId: S3_KEY_ID, secretAccessKey: S3_SECRET },
      },
    });
    expect(d.status).toBe(201);
    expect(d.json).toMatchObject({ name: "Offsite", type: "s3", hasSecret: true });
    destId = d.json.id;

    const lists = [
      await api(projectsRoute.GET, { token: users.viewer.token }),
      await api(projectEnvsRoute.GET, { token: users.viewer.token, params: { id: projectId } }),
      await api(envSourcesRoute.GET, { token: users.viewer.token, params: { id: envId } }),
      await api(sourceRoute.GET, { token: users.viewer.token, params: { id: sourceId } }),
      await api(destinationsRoute.GET, { token: users.viewer.token }),
      await api(destinationRoute.GET, { token: users.viewer.token, params: { id: destId } }),
    ];
    for (const l of lists) expect(l.status).toBe(200);
    expect(lists[0]!.json.items).toEqual([expect.objectContaining({ id: projectId, environmentCount: 1 })]);
    expect(lists[2]!.json.items).toHaveLength(1);
  });

  it("keeps secrets as ciphertext in the rows and out of every response", async () => {
    const sourcesRaw = await rawRows("sources");
    const destRaw = await rawRows("destinations");
    for (const s of SECRETS) {
      expect(sourcesRaw).not.toContain(s);
      expect(destRaw).not.toContain(s);
    }
    expect(sourcesRaw).toMatch(/v1:[0-9a-f]{8}:/);
    const [row] = (
      await getDb().execute(sql`select repo_password_enc, secrets_enc from destinations where id = ${destId}`)
    ).rows as {
      repo_password_enc: string;
      secrets_enc: string;
    }[];
    expect(row!.repo_password_enc).toMatch(/^v1:/);
    expect(row!.secrets_enc).toMatch(/^v1:/);
    const audit = await rawRows("audit_log");
    for (const s of SECRETS) expect(audit).not.toContain(s);
  });

  it("merges secret updates and validates config per type", async () => {
    const token = users.admin.token;
    const ok = await api(sourceRoute.PATCH, {
      method: "PATCH",
      token,
      params: { id: sourceId },
      body: { config: { host: "db.internal", database: "shop", user: "shop", port: 6432 } },
    });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ config: { host: "db.internal", port: 6432 }, hasSecret: true });
    const bad = await api(sourceRoute.PATCH, {
      method: "PATCH",
      token,
      params: { id: sourceId },
      body: { config: { host: "x", database: "shop", user: "u", port: 70000 } },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("validation_failed");
    expect(bad.json.error.fields).toHaveProperty("config.port");
    const missing = await api(sourceRoute.PATCH, {
      method: "PATCH",
      token,
      params: { id: sourceId },
      body: { config: { port: 5432 } },
    });
    expect(missing.status).toBe(400);
    expect(Object.keys(missing.json.error.fields)).toEqual(
      expect.arrayContaining(["config.host", "config.database", "config.user"]),
    );
  });

  it("answers bad input with 400 and field messages, never 500", async () => {
    const token = users.admin.token;
    const cases = [
      await api(projectsRoute.POST, {
        method: "POST",
        token,
        rawBody: "{not json",
        headers: { "content-type": "application/json" },
      }),
      await api(projectsRoute.POST, { method: "POST", token, body: { name: "" } }),
      await api(projectsRoute.POST, { method: "POST", token, body: { name: 42 } }),
      await api(projectsRoute.POST, { method: "POST", token, body: ["array"] }),
      await api(projectsRoute.POST, { method: "POST", token, body: { name: "X", slug: "Not A Slug!" } }),
      await api(projectEnvsRoute.POST, {
        method: "POST",
        token,
        params: { id: projectId },
        body: { name: "qa", type: "qa" },
      }),
      await api(projectEnvsRoute.POST, {
        method: "POST",
        token,
        params: { id: projectId },
        body: { name: "qa", type: "staging", timezone: "Mars/Olympus" },
      }),
      await api(envSourcesRoute.POST, {
        method: "POST",
        token,
        params: { id: envId },
        body: { name: "files", type: "directory", config: { path: "relative/path" } },
      }),
      await api(envSourcesRoute.POST, {
        method: "POST",
        token,
        params: { id: envId },
        body: { name: "x", type: "oracle", config: {} },
      }),
      await api(envSourcesRoute.POST, {
        method: "POST",
        token,
        params: { id: envId },
        body: { name: "db2", type: "mysql", config: {} },
      }),
      await api(destinationsRoute.POST, {
        method: "POST",
        token,
        body: { name: "s3 without keys", type: "s3", config: { endpoint: "https://s3.example.test", bucket: "b1b" } },
      }),
      await api(auditRoute.GET, { token, path: "/api/v1/audit?limit=abc" }),
    ];
    for (const c of cases) {
      expect(c.status, c.text).toBe(400);
      expect(c.json.error.code).toBe("validation_failed");
      expect(typeof c.json.error.message).toBe("string");
    }
    expect(cases[1]!.json.error.fields).toHaveProperty("name");
    expect(cases[4]!.json.error.fields).toHaveProperty("slug");
    expect(cases[5]!.json.error.fields).toHaveProperty("type");
    expect(cases[6]!.json.error.fields).toHaveProperty("timezone");
    expect(cases[7]!.json.error.fields).toHaveProperty("config.path");
    expect(cases[9]!.json.error.fields).toHaveProperty("config.host");
    expect(cases[10]!.json.error.fields).toHaveProperty("secrets");

    const notFound = [
      await api(projectRoute.GET, { token, params: { id: "00000000-0000-4000-8000-000000000000" } }),
      await api(projectRoute.GET, { token, params: { id: "not-a-uuid" } }),
      await api(envRoute.PATCH, { method: "PATCH", token, params: { id: "nope" }, body: { active: false } }),
      await api(sourceRoute.DELETE, {
        method: "DELETE",
        token,
        params: { id: "00000000-0000-4000-8000-000000000000" },
      }),
    ];
    for (const n of notFound) expect(n.status).toBe(404);

    const dup = await api(projectsRoute.POST, { method: "POST", token, body: { name: "acme shop" } });
    expect(dup.status).toBe(409);
    expect(dup.json.error.fields).toHaveProperty("slug");
    const unauth = await api(projectsRoute.GET, {});
    expect(unauth.status).toBe(401);
    const badToken = await api(projectsRoute.GET, { token: "lb_bogus" });
    expect(badToken.status).toBe(401);
  });

  it("refuses to delete what is in use and says what uses it", async () => {
    const token = users.admin.token;
    const e2 = await api(projectEnvsRoute.POST, {
      method: "POST",
      token,
      params: { id: projectId },
      body: { name: "Staging", type: "staging" },
    });
    expect(e2.status).toBe(201);
    const p = await api(projectRoute.DELETE, { method: "DELETE", token, params: { id: projectId } });
    expect(p.status).toBe(409);
    expect(p.json.error.message).toBe(
      "Project Acme Shop still has 2 environments: Production, Staging. Delete them first.",
    );
    const e = await api(envRoute.DELETE, { method: "DELETE", token, params: { id: envId } });
    expect(e.status).toBe(409);
    expect(e.json.error.message).toContain("Environment Production still has 1 source: main db");

    // A destination referenced by backup settings and a project default.
    await getDb().execute(
      sql`insert into backup_settings (environment_id, destination_ids) values (${envId}, ${JSON.stringify([destId])}::jsonb)`,
    );
    await api(projectRoute.PATCH, {
      method: "PATCH",
      token,
      params: { id: projectId },
      body: { defaultDestinationId: destId },
    });
    const d = await api(destinationRoute.DELETE, { method: "DELETE", token, params: { id: destId } });
    expect(d.status).toBe(409);
    expect(d.json.error.message).toContain("Acme Shop/Production");
    expect(d.json.error.message).toContain("default of 1 project: Acme Shop");
    expect(d.json.error.message).toContain("is the default destination");

    // Emptying the project step by step then works.
    expect((await api(envRoute.DELETE, { method: "DELETE", token, params: { id: e2.json.id } })).status).toBe(204);
    expect((await api(sourceRoute.DELETE, { method: "DELETE", token, params: { id: sourceId } })).status).toBe(204);
    expect((await api(envRoute.DELETE, { method: "DELETE", token, params: { id: envId } })).status).toBe(204);
    expect(
      (
        await api(projectRoute.PATCH, {
          method: "PATCH",
          token,
          params: { id: projectId },
          body: { defaultDestinationId: null },
        })
      ).status,
    ).toBe(200);
    const local = await api(destinationsRoute.POST, {
      method: "POST",
      token,
      body: {
        name: "Local",
        type: "local",
        config: { path: `${process.env.LIFEBOAT_DATA_DIR}/repositories/lb` },
        isDefault: true,
      },
    });
    expect(local.json.isDefault).toBe(true);
    expect((await api(destinationRoute.GET, { token, params: { id: destId } })).json.isDefault).toBe(false);
    expect((await api(destinationRoute.DELETE, { method: "DELETE", token, params: { id: destId } })).status).toBe(204);
    expect((await api(projectRoute.DELETE, { method: "DELETE", token, params: { id: projectId } })).status).toBe(204);
  });

  it("wrote an audit entry for every change, including refusals", async () => {
    const r = await api(auditRoute.GET, { token: users.admin.token, path: "/api/v1/audit?limit=200" });
    expect(r.status).toBe(200);
    const actions = (r.json.items as { action: string; outcome: string; actorEmail: string }[]).map(
      (i) => `${i.action}:${i.outcome}`,
    );
    for (const a of [
      "project.create:success",
      "environment.create:success",
      "source.create:success",
      "destination.create:success",
      "source.update:success",
      "project.delete:failure",
      "environment.delete:failure",
      "destination.delete:failure",
      "environment.delete:success",
      "source.delete:success",
      "destination.delete:success",
      "project.delete:success",
    ]) {
      expect(actions).toContain(a);
    }
    expect(r.json.items.every((i: { actorEmail: string }) => i.actorEmail.length > 0)).toBe(true);
    const filtered = await api(auditRoute.GET, {
      token: users.admin.token,
      path: "/api/v1/audit?action=project.&outcome=failure",
    });
    expect(filtered.json.items.map((i: { action: string }) => i.action)).toEqual(["project.delete"]);
    const page1 = await api(auditRoute.GET, { token: users.admin.token, path: "/api/v1/audit?limit=3" });
    expect(page1.json.items).toHaveLength(3);
    const page2 = await api(auditRoute.GET, {
      token: users.admin.token,
      path: `/api/v1/audit?limit=3&cursor=${page1.json.nextCursor}`,
    });
    expect(page2.json.items[0].id).not.toBe(page1.json.items[2].id);
  });

  it("never put a secret in any response body", () => {
    expect(responses.length).toBeGreaterThan(30);
    for (const body of responses) for (const s of SECRETS) expect(body).not.toContain(s);
  });
});
