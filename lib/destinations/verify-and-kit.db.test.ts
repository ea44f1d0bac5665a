/* Destination verify and recovery kit through the route handlers with real restic on a local folder:
 * verify initialises the empty repository and records it; the kit needs the admin's own password,
 * is audited, and its repository + password + env open the repository with the bare restic CLI. */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { call, seedRoles, type TestUser } from "@/lib/auth/test-fixtures";
import type { Role } from "@/lib/auth/roles";
import * as destinationsRoute from "@/app/api/v1/destinations/route";
import * as destinationRoute from "@/app/api/v1/destinations/[id]/route";
import * as verifyRoute from "@/app/api/v1/destinations/[id]/verify/route";
import * as kitRoute from "@/app/api/v1/destinations/[id]/recovery-kit/route";
import { loadDestinationSpec } from "./load-destination-spec";

let users: Record<Role, TestUser>;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lb-dest-"));
let destId = "";

beforeAll(async () => {
  users = await seedRoles();
  const d = await call(destinationsRoute.POST, {
    method: "POST",
    token: users.admin.token,
    body: { name: "Here", type: "local", config: { path: path.join(dir, "repo") } },
  });
  expect(d.status).toBe(201);
  destId = d.json.id;
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("destination verify", () => {
  it("is admin only", async () => {
    for (const role of ["viewer", "operator"] as const) {
      expect(
        (await call(verifyRoute.POST, { method: "POST", token: users[role].token, params: { id: destId } })).status,
      ).toBe(403);
    }
  });

  it("initialises an empty local repository and records it", async () => {
    // Adding the destination created its repository; take it away so verify finds an empty place.
    expect(fs.existsSync(path.join(dir, "repo", "config"))).toBe(true);
    fs.rmSync(path.join(dir, "repo"), { recursive: true, force: true });
    const r = await call(verifyRoute.POST, { method: "POST", token: users.admin.token, params: { id: destId } });
    expect(r.status, r.text).toBe(200);
    expect(r.json).toMatchObject({ ok: true, initialized: true });
    expect(fs.existsSync(path.join(dir, "repo", "config"))).toBe(true);
    const view = await call(destinationRoute.GET, { token: users.viewer.token, params: { id: destId } });
    expect(view.json.initializedAt).not.toBeNull();
    const spec = await loadDestinationSpec(destId);
    expect(r.text).not.toContain(spec.repoPassword);
    expect(view.text).not.toContain(spec.repoPassword);
  });

  it("verifying again keeps the repository's creation time", async () => {
    const before = (await call(destinationRoute.GET, { token: users.viewer.token, params: { id: destId } })).json;
    await new Promise((r) => setTimeout(r, 20));
    const r = await call(verifyRoute.POST, { method: "POST", token: users.admin.token, params: { id: destId } });
    expect(r.json).toMatchObject({ ok: true, initialized: true });
    const after = (await call(destinationRoute.GET, { token: users.viewer.token, params: { id: destId } })).json;
    expect(before.initializedAt).not.toBeNull();
    expect(after.initializedAt).toBe(before.initializedAt);
  });

  it("reports a problem as 200 {ok:false} with a message", async () => {
    const bad = await call(destinationsRoute.POST, {
      method: "POST",
      token: users.admin.token,
      body: { name: "Not a repo", type: "local", config: { path: dir } }, // has files, no restic config
    });
    fs.writeFileSync(path.join(dir, "stray.txt"), "x");
    const r = await call(verifyRoute.POST, {
      method: "POST",
      token: users.admin.token,
      params: { id: bad.json.id },
      body: { init: false },
    });
    expect(r.status).toBe(200);
    expect(r.json.ok).toBe(false);
    expect(typeof r.json.problem).toBe("string");
    expect(r.json.message.length).toBeGreaterThan(10);
  });
});

describe("recovery kit", () => {
  it("refuses non-admins and a wrong password, and audits each attempt", async () => {
    expect(
      (
        await call(kitRoute.POST, {
          method: "POST",
          token: users.operator.token,
          params: { id: destId },
          body: { password: users.operator.password },
        })
      ).status,
    ).toBe(403);
    const wrong = await call(kitRoute.POST, {
      method: "POST",
      token: users.admin.token,
      params: { id: destId },
      body: { password: "not-my-password" },
    });
    expect(wrong.status).toBe(403);
    expect(wrong.json.error.fields).toHaveProperty("password");
    const spec = await loadDestinationSpec(destId);
    expect(wrong.text).not.toContain(spec.repoPassword);
    const missing = await call(kitRoute.POST, {
      method: "POST",
      token: users.admin.token,
      params: { id: destId },
      body: {},
    });
    expect(missing.status).toBe(400);
    const audit = await getDb().execute(
      sql`select outcome from audit_log where action = 'destination.recovery_kit' order by created_at`,
    );
    expect(audit.rows).toEqual([{ outcome: "failure" }]);
  });

  it("gives an admin who re-enters their password everything restic needs", async () => {
    const r = await call(kitRoute.POST, {
      method: "POST",
      token: users.admin.token,
      params: { id: destId },
      body: { password: users.admin.password },
    });
    expect(r.status, r.text).toBe(200);
    const spec = await loadDestinationSpec(destId);
    expect(r.json.password).toBe(spec.repoPassword);
    expect(r.json.repository).toBe(path.join(dir, "repo"));
    expect(r.json.commands.length).toBeGreaterThan(0);
    const out = spawnSync("restic", ["snapshots", "--json", "--no-cache"], {
      env: { PATH: process.env.PATH, ...r.json.env },
      encoding: "utf8",
    });
    expect(out.status, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual([]);
    const audit = await getDb().execute(
      sql`select outcome, actor_email from audit_log where action = 'destination.recovery_kit' and outcome = 'success'`,
    );
    expect(audit.rows).toEqual([{ outcome: "success", actor_email: users.admin.email }]);
  });
});
