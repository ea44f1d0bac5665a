/* A project's restore location (Lagoon's custom restore location), on PGlite and PostgreSQL, through
 * PATCH /api/v1/projects/{id} and a real test restore (worker + restic): a relative path, "..", a path
 * that cannot be created and a folder Lifeboat cannot write to are refused with a 400 naming the field;
 * a new folder is created and saved; a restore of the project into a folder (the test restore) is then
 * staged under it — inotify sees the scratch folder appear there — and leaves nothing behind. null goes
 * back to the system's temporary folder. */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as projectRoute from "@/app/api/v1/projects/[id]/route";
import * as startRoute from "@/app/api/v1/backups/[id]/test-restore/route";
import * as getRoute from "@/app/api/v1/test-restores/[id]/route";
import { seedRoles, call, type TestUser } from "@/lib/auth/test-fixtures";
import type { Role } from "@/lib/auth/roles";
import { createBackup } from "@/lib/backups/create-backup";
import { getDb } from "@/lib/db";
import { backups } from "@/lib/db/schema";
import { stopBoss } from "@/lib/jobs/boss";
import { jobHandlers } from "@/lib/job-kinds";
import { seedDestination, seedEnvironment, waitFor } from "@/lib/jobs/test-fixtures/seed";
import { startWorker, type RunningWorker } from "@/lib/jobs/worker";
import { stagingRootFor } from "./restore-location";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-restore-location-"));
const location = path.join(tmp, "big-disk", "restores");
let worker: RunningWorker;
let users: Record<Role, TestUser>;
let projectId: string;
let envId: string;
let backupId: string;

const patch = (body: Record<string, unknown>) =>
  call(projectRoute.PATCH, { method: "PATCH", token: users.admin.token, params: { id: projectId }, body });

beforeAll(async () => {
  users = await seedRoles();
  const site = path.join(tmp, "site");
  fs.mkdirSync(site, { recursive: true });
  fs.writeFileSync(path.join(site, "index.html"), "<h1>hi</h1>");
  const dest = await seedDestination(path.join(tmp, "repo"));
  const seeded = await seedEnvironment({
    slug: `loc-${crypto.randomBytes(3).toString("hex")}`,
    sources: [{ name: "Site", type: "directory", config: { path: site } }],
    destinationIds: [dest.id],
  });
  envId = seeded.env.id;
  projectId = seeded.env.projectId;
  worker = startWorker({ handlers: jobHandlers(), concurrency: 2, pollMs: 100, leaseSeconds: 10 });
  const b = await createBackup({ environmentId: envId, trigger: "manual", actor: users.operator.actor });
  backupId = b.id;
  const done = await waitFor("backup", async () => {
    const [row] = await getDb().select().from(backups).where(eq(backups.id, b.id));
    return row && !["queued", "running"].includes(row.status) ? row : undefined;
  });
  expect(done.status).toBe("succeeded");
}, 120_000);

afterAll(async () => {
  await worker?.stop(2000);
  await stopBoss();
  fs.chmodSync(path.join(tmp, "read-only"), 0o755);
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("project restore location", () => {
  it("refuses what cannot be a restore location, with the field named", async () => {
    const readOnly = path.join(tmp, "read-only");
    fs.mkdirSync(readOnly, { mode: 0o555 });
    fs.writeFileSync(path.join(tmp, "a-file"), "");
    const cases: [string, RegExp][] = [
      ["relative/path", /absolute/],
      [`${tmp}/../etc`, /\.\./],
      [path.join(tmp, "a-file", "below"), /Could not create/],
      ...(process.getuid?.() === 0 ? [] : ([[readOnly, /cannot write/]] as [string, RegExp][])),
    ];
    for (const [restoreLocation, message] of cases) {
      const res = await patch({ restoreLocation });
      expect(res.status, restoreLocation).toBe(400);
      expect(res.json.error.fields?.restoreLocation ?? res.json.error.message).toMatch(message);
    }
    const got = await call(projectRoute.GET, { token: users.viewer.token, params: { id: projectId } });
    expect(got.json.restoreLocation).toBeNull();
  });

  it("creates and saves a new folder, and a folder restore of the project is staged under it", async () => {
    const res = await patch({ restoreLocation: `${location}/` });
    expect(res.status, res.text).toBe(200);
    expect(res.json.restoreLocation).toBe(location);
    expect(fs.statSync(location).isDirectory()).toBe(true);
    expect(await stagingRootFor(envId)).toBe(location);

    const seen: string[] = [];
    const watcher = fs.watch(location, (_, name) => name && seen.push(String(name)));
    try {
      const start = await call(startRoute.POST, {
        method: "POST",
        token: users.operator.token,
        params: { id: backupId },
      });
      expect(start.status, start.text).toBe(202);
      const view = await waitFor("the test restore", async () => {
        const r = await call(getRoute.GET, { token: users.viewer.token, params: { id: start.json.id } });
        return ["queued", "running"].includes(r.json.status) ? undefined : r.json;
      });
      expect(view.status).toBe("succeeded");
    } finally {
      watcher.close();
    }
    expect(seen.some((n) => n.startsWith("lifeboat_test_"))).toBe(true);
    // The scratch folder is dropped after the result is recorded (the job's cleanup), so wait for it.
    await waitFor("the scratch folder dropped", async () => (fs.readdirSync(location).length === 0 ? true : undefined));
    expect(fs.readdirSync(location)).toEqual([]);
  }, 120_000);

  it("null goes back to the system's temporary folder", async () => {
    const res = await patch({ restoreLocation: null });
    expect(res.status, res.text).toBe(200);
    expect(res.json.restoreLocation).toBeNull();
    expect(await stagingRootFor(envId)).toBe(os.tmpdir());
  });
});
