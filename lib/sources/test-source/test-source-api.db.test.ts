/* Test connection through the REST routes: admins test typed settings (validated like a save), a saved
 * source's stored password is used unless a new one is typed, operators may test saved sources, viewers
 * neither; every test is audited without secrets. Real MariaDB and real folders behind it. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { call, seedRoles, type TestUser } from "@/lib/auth/test-fixtures";
import type { Role } from "@/lib/auth/roles";
import { MARIADB } from "@/test/support/local-services";
import * as projectsRoute from "@/app/api/v1/projects/route";
import * as projectEnvsRoute from "@/app/api/v1/projects/[id]/environments/route";
import * as envSourcesRoute from "@/app/api/v1/environments/[id]/sources/route";
import * as envTestRoute from "@/app/api/v1/environments/[id]/sources/test/route";
import * as sourceTestRoute from "@/app/api/v1/sources/[id]/test/route";

let users: Record<Role, TestUser>;
let envId = "";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lb-srctest-api-"));
const maria = { host: MARIADB.host, port: MARIADB.port, user: MARIADB.user, database: "mysql" };

beforeAll(async () => {
  users = await seedRoles();
  const token = users.admin.token;
  const p = await call(projectsRoute.POST, { method: "POST", token, body: { name: "Test conn" } });
  const e = await call(projectEnvsRoute.POST, {
    method: "POST",
    token,
    params: { id: p.json.id },
    body: { name: "prod", type: "production" },
  });
  envId = e.json.id;
  fs.writeFileSync(path.join(dir, "a.txt"), "hello");
});

const test = (token: string, body: unknown) =>
  call(envTestRoute.POST, { method: "POST", token, params: { id: envId }, body });

describe("POST /environments/{id}/sources/test", () => {
  it("is for admins, and validates like a save", async () => {
    const body = { type: "directory", config: { path: dir } };
    expect((await test(users.viewer.token, body)).status).toBe(403);
    expect((await test(users.operator.token, body)).status).toBe(403);
    const bad = await test(users.admin.token, { type: "postgres", config: { port: 5432 } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error.fields).sort()).toEqual(["config.database", "config.host", "config.user"]);
    const rel = await test(users.admin.token, { type: "directory", config: { path: "relative/path" } });
    expect(rel.json.error.fields["config.path"]).toMatch(/absolute path/);
  });

  it("answers a good folder with its count and size, a missing one with the failed step", async () => {
    const good = await test(users.admin.token, { type: "directory", name: "files", config: { path: dir } });
    expect(good.status).toBe(200);
    expect(good.json).toMatchObject({ ok: true, facts: { fileCount: 1, sizeBytes: 5 } });
    const gone = await test(users.admin.token, { type: "directory", config: { path: path.join(dir, "missing") } });
    expect(gone.status).toBe(200);
    expect(gone.json.ok).toBe(false);
    expect(gone.json.checks[0]).toMatchObject({ id: "path", status: "failed" });
  });

  it("uses a saved source's stored password unless another one is typed (or it is cleared)", async () => {
    const created = await call(envSourcesRoute.POST, {
      method: "POST",
      token: users.admin.token,
      params: { id: envId },
      body: { name: "shop", type: "mysql", config: maria, secrets: { password: "stored-wrong-password" } },
    });
    expect(created.status, created.text).toBe(201);
    const sourceId = created.json.id as string;
    const stored = await test(users.admin.token, { sourceId, type: "mysql", config: maria });
    const status = (r: typeof stored, id: string) =>
      (r.json.checks as { id: string; status: string }[]).find((c) => c.id === id)?.status;
    expect(status(stored, "credentials")).toBe("failed");
    const cleared = await test(users.admin.token, {
      sourceId,
      type: "mysql",
      config: maria,
      secrets: { password: "" },
    });
    expect(cleared.json.ok, cleared.text).toBe(true);
    const wrongType = await test(users.admin.token, { sourceId, type: "postgres", config: maria });
    expect(wrongType.status).toBe(422);

    // Operators may test the saved source as it is stored; viewers may not.
    expect(
      (await call(sourceTestRoute.POST, { method: "POST", token: users.viewer.token, params: { id: sourceId } }))
        .status,
    ).toBe(403);
    const saved = await call(sourceTestRoute.POST, {
      method: "POST",
      token: users.operator.token,
      params: { id: sourceId },
    });
    expect(saved.status).toBe(200);
    expect(status(saved, "credentials")).toBe("failed");

    const audit = await getDb().execute(
      sql`select outcome, details::text as d from audit_log where action = 'source.test' order by created_at`,
    );
    const rows = audit.rows as { outcome: string; d: string }[];
    expect(rows.map((r) => r.outcome)).toEqual(["success", "failure", "failure", "success", "failure"]);
    expect(JSON.stringify(rows)).not.toContain("stored-wrong-password");
  });
});
