/* The probe's findings on the REST API, through the real route handlers and database (issue 14): a NUL
 * byte in any stored string is a 400 naming the field (it was a 500 that logged the failed SQL), bodies
 * are bounded before being read whole (413, also chunked, also on the unauthenticated token endpoint),
 * retention counts must be numbers and durations sane, restore paths cannot hold "..", source names
 * are unique ignoring case, and malformed source URLs are refused. */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { call, seedRoles, type TestUser } from "@/lib/auth/test-fixtures";
import type { Role } from "@/lib/auth/roles";
import * as projectsRoute from "@/app/api/v1/projects/route";
import * as projectEnvsRoute from "@/app/api/v1/projects/[id]/environments/route";
import * as envSourcesRoute from "@/app/api/v1/environments/[id]/sources/route";
import * as sourceRoute from "@/app/api/v1/sources/[id]/route";
import * as settingsRoute from "@/app/api/v1/environments/[id]/backup-settings/route";
import * as restoreRoute from "@/app/api/v1/backups/[id]/restore/route";
import * as auditRoute from "@/app/api/v1/audit/route";
import * as tokenRoute from "@/app/api/v1/auth/token/route";
import * as usersRoute from "@/app/api/v1/users/route";

let users: Record<Role, TestUser>;
let environmentId = "";
let sourceId = "";
const NUL = "\u0000";

beforeAll(async () => {
  users = await seedRoles();
  const p = await call(projectsRoute.POST, { method: "POST", token: users.admin.token, body: { name: "Probe" } });
  expect(p.status, p.text).toBe(201);
  const e = await call(projectEnvsRoute.POST, {
    method: "POST",
    token: users.admin.token,
    params: { id: p.json.id },
    body: { name: "staging", type: "staging" },
  });
  expect(e.status, e.text).toBe(201);
  environmentId = e.json.id;
  const s = await call(envSourcesRoute.POST, {
    method: "POST",
    token: users.admin.token,
    params: { id: environmentId },
    body: { name: "files", type: "directory", config: { path: "/srv/files" } },
  });
  expect(s.status, s.text).toBe(201);
  sourceId = s.json.id;
});

function expectNulRefused(r: Awaited<ReturnType<typeof call>>, field: string) {
  expect(r.status, r.text).toBe(400);
  expect(r.json.error.code).toBe("validation_failed");
  expect(r.json.error.message).toContain("NUL character");
  expect(r.json.error.fields).toHaveProperty(field);
}

describe("NUL bytes", () => {
  const source = (over: Record<string, unknown>) => ({
    name: "db",
    type: "postgres",
    config: { host: "db.internal", database: "shop", user: "app" },
    ...over,
  });

  it("are a 400 naming the field, wherever they are stored", async () => {
    const admin = users.admin.token;
    const cases: [string, Promise<Awaited<ReturnType<typeof call>>>][] = [
      ["name", call(projectsRoute.POST, { method: "POST", token: admin, body: { name: `a${NUL}b` } })],
      [
        "name",
        call(envSourcesRoute.POST, {
          method: "POST",
          token: admin,
          params: { id: environmentId },
          body: source({ name: `db${NUL}` }),
        }),
      ],
      [
        "config.host",
        call(envSourcesRoute.POST, {
          method: "POST",
          token: admin,
          params: { id: environmentId },
          body: source({ config: { host: `h${NUL}`, database: "shop", user: "app" } }),
        }),
      ],
      [
        "config.exclude.1",
        call(sourceRoute.PATCH, {
          method: "PATCH",
          token: admin,
          params: { id: sourceId },
          body: { config: { path: "/srv/files", exclude: ["*.tmp", `x${NUL}`] } },
        }),
      ],
      [
        "config.path",
        call(sourceRoute.PATCH, {
          method: "PATCH",
          token: admin,
          params: { id: sourceId },
          body: { config: { path: `/srv/${NUL}files` } },
        }),
      ],
      [
        "hooks.pre.command",
        call(settingsRoute.PUT, {
          method: "PUT",
          token: admin,
          params: { id: environmentId },
          body: { hooks: { pre: { command: `echo ${NUL}` } } },
        }),
      ],
      [
        "paths.0.path",
        call(restoreRoute.POST, {
          method: "POST",
          token: users.operator.token,
          params: { id: randomUUID() },
          body: { scope: "paths", paths: [{ sourceId, path: `/a${NUL}` }] },
        }),
      ],
      ["actor", call(auditRoute.GET, { token: admin, path: `/api/v1/audit?actor=x%00y` })],
      [
        "password",
        call(usersRoute.POST, {
          method: "POST",
          token: admin,
          body: { email: "nul@example.test", password: `long-enough-pw${NUL}`, role: "viewer" },
        }),
      ],
    ];
    for (const [field, pending] of cases) expectNulRefused(await pending, field);
  });
});

describe("request bodies", () => {
  it("over 1 MiB are refused with 413 before being read whole — declared or chunked", async () => {
    const big = JSON.stringify({ email: "a@b.c", password: "x".repeat(2 * 1024 * 1024) });
    const declared = await tokenRoute.POST(
      new Request("http://127.0.0.1/api/v1/auth/token", {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": String(big.length) },
        body: big,
      }),
    );
    expect(declared.status).toBe(413);
    expect((await declared.json()).error.message).toMatch(/too large/);

    // A chunked body that never ends: refused after ~1 MiB, never buffered further.
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
      },
    });
    const chunked = await tokenRoute.POST(
      new Request("http://127.0.0.1/api/v1/auth/token", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: endless,
        duplex: "half",
      } as RequestInit),
    );
    expect(chunked.status).toBe(413);
    expect(pulled).toBeLessThan(4 * 1024 * 1024);
  });
});

describe("validation the probe found missing", () => {
  it('refuses {"keepLast":"3"} and absurd keepWithin', async () => {
    for (const retention of [{ keepLast: "3" }, { keepWithin: "9999999999y" }]) {
      const r = await call(settingsRoute.PUT, {
        method: "PUT",
        token: users.admin.token,
        params: { id: environmentId },
        body: { retention },
      });
      expect(r.status, r.text).toBe(400);
      expect(Object.keys(r.json.error.fields)[0]).toMatch(/^retention\.(keepLast|keepWithin)$/);
    }
  });

  it('refuses a restore path with ".." up front (400, not 202)', async () => {
    const r = await call(restoreRoute.POST, {
      method: "POST",
      token: users.operator.token,
      params: { id: randomUUID() },
      body: { scope: "paths", paths: [{ sourceId, path: "../../etc/passwd" }] },
    });
    expect(r.status, r.text).toBe(400);
    expect(r.json.error.fields["paths.0.path"]).toMatch(/\.\./);
  });

  it("refuses two sources whose names differ only in case", async () => {
    const dup = await call(envSourcesRoute.POST, {
      method: "POST",
      token: users.admin.token,
      params: { id: environmentId },
      body: { name: "FILES", type: "directory", config: { path: "/srv/other" } },
    });
    expect(dup.status, dup.text).toBe(409);
    expect(dup.json.error.message).toContain('"files"');
    const other = await call(envSourcesRoute.POST, {
      method: "POST",
      token: users.admin.token,
      params: { id: environmentId },
      body: { name: "Uploads", type: "directory", config: { path: "/srv/uploads" } },
    });
    expect(other.status, other.text).toBe(201);
    const rename = await call(sourceRoute.PATCH, {
      method: "PATCH",
      token: users.admin.token,
      params: { id: other.json.id },
      body: { name: "Files" },
    });
    expect(rename.status, rename.text).toBe(409);
  });

  it("refuses malformed source URLs", async () => {
    for (const url of ["postgres://u:x@[bad/db", "postgres://u:x@db.example:99999/db", "postgres://u:x@db:0/db"]) {
      const r = await call(envSourcesRoute.POST, {
        method: "POST",
        token: users.admin.token,
        params: { id: environmentId },
        body: { name: `url ${url.length}`, type: "postgres", config: {}, secrets: { url } },
      });
      expect(r.status, `${url}: ${r.text}`).toBe(400);
      expect(r.json.error.fields).toHaveProperty("secrets.url");
      expect(r.text).not.toContain(":x@"); // the URL (its password) is not echoed back
    }
  });
});
