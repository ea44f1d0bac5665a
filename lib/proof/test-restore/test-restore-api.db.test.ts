/* The test-restore API and schedule on the app database (PGlite and PostgreSQL), with a real worker and
 * restic: POST /backups/{id}/test-restore (operator+) → 202, GET /test-restores/{id} and the
 * environment's list; a backup without manifests passes with a warning that nothing was compared; the
 * scheduler fires once per slot, not within the interval of the last one, and not when turned off. */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import * as startRoute from "@/app/api/v1/backups/[id]/test-restore/route";
import * as getRoute from "@/app/api/v1/test-restores/[id]/route";
import * as listRoute from "@/app/api/v1/environments/[id]/test-restores/route";
import { seedRoles, call, type TestUser } from "@/lib/auth/test-fixtures";
import type { Role } from "@/lib/auth/roles";
import { createBackup } from "@/lib/backups/create-backup";
import { getDb } from "@/lib/db";
import { backups, backupSettings, testRestores } from "@/lib/db/schema";
import { stopBoss } from "@/lib/jobs/boss";
import { jobHandlers } from "@/lib/job-kinds";
import { seedDestination, seedEnvironment, waitFor } from "@/lib/jobs/test-fixtures/seed";
import { startWorker, type RunningWorker } from "@/lib/jobs/worker";
import { createTestRestore, fireDueTestRestores } from "@/lib/proof/test-restore";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-drill-api-"));
let worker: RunningWorker;
let users: Record<Role, TestUser>;
let backupId: string;
let envId: string;

beforeAll(async () => {
  users = await seedRoles();
  const site = path.join(tmp, "site");
  fs.mkdirSync(site, { recursive: true });
  fs.writeFileSync(path.join(site, "index.html"), "<h1>hi</h1>");
  const dest = await seedDestination(path.join(tmp, "repo"));
  const seeded = await seedEnvironment({
    slug: `drill-${crypto.randomBytes(3).toString("hex")}`,
    type: "production",
    sources: [{ name: "Site", type: "directory", config: { path: site } }],
    destinationIds: [dest.id],
  });
  envId = seeded.env.id;
  worker = startWorker({ handlers: jobHandlers(), concurrency: 2, pollMs: 100, leaseSeconds: 10 });
  const b = await createBackup({ environmentId: envId, trigger: "manual", actor: users.operator.actor });
  backupId = b.id;
  const done = await waitFor("backup", async () => {
    const [row] = await getDb().select().from(backups).where(eq(backups.id, b.id));
    return row && !["queued", "running"].includes(row.status) ? row : undefined;
  });
  expect(done.status).toBe("succeeded");
}, 180_000);

afterAll(async () => {
  await worker?.stop(2000);
  await stopBoss();
  fs.rmSync(tmp, { recursive: true, force: true });
});

it("starts a test restore for operators only, and reports each source's checks and duration", async () => {
  const denied = await call(startRoute.POST, { method: "POST", token: users.viewer.token, params: { id: backupId } });
  expect(denied.status).toBe(403);
  const missing = await call(startRoute.POST, {
    method: "POST",
    token: users.operator.token,
    params: { id: crypto.randomUUID() },
  });
  expect(missing.status).toBe(404);
  const res = await call(startRoute.POST, { method: "POST", token: users.operator.token, params: { id: backupId } });
  expect(res.status, res.text).toBe(202);
  expect(Object.keys(res.json).sort()).toEqual(["id", "jobId"]);
  const view = await waitFor("the test restore", async () => {
    const r = await call(getRoute.GET, { token: users.viewer.token, params: { id: res.json.id } });
    return ["queued", "running"].includes(r.json.status) ? undefined : r.json;
  });
  expect(view.status).toBe("succeeded");
  expect(view.backupId).toBe(backupId);
  expect(view.sources).toHaveLength(1);
  expect(view.sources[0].durationSeconds).toBeGreaterThan(0);
  expect(view.sources[0].checks.map((c: { name: string; status: string }) => `${c.name}=${c.status}`)).toEqual([
    "Restic read every byte=passed",
    "Files and bytes match the backup=passed",
  ]);
  // The backup job recorded the folder's manifest (verification), and the test restore matched it.
  expect(view.sources[0].checks[1].message).toBe("1 file, 11 bytes restored, as recorded.");

  const list = await call(listRoute.GET, { token: users.viewer.token, params: { id: envId }, path: "/x?limit=1" });
  expect(list.status, list.text).toBe(200);
  expect(list.json.items.map((i: { id: string }) => i.id)).toEqual([res.json.id]);
  const notFound = await call(getRoute.GET, { token: users.viewer.token, params: { id: "nope" } });
  expect(notFound.status).toBe(404);
}, 120_000);

it("fires a scheduled test restore once per slot, not within the interval, and not when turned off", async () => {
  const count = async () =>
    (await getDb().select().from(testRestores).where(eq(testRestores.environmentId, envId))).length;
  const before = await count();
  expect(await fireDueTestRestores(new Date())).toEqual([]); // one ran just now (production: weekly)
  const later = new Date(Date.now() + 8 * 86_400_000);
  const fired = await fireDueTestRestores(later);
  expect(fired).toHaveLength(1);
  const [row] = await getDb().select().from(testRestores).where(eq(testRestores.id, fired[0]!));
  expect(row!.trigger).toBe("scheduled");
  expect(row!.slot).toMatch(/^7d:\d+$/);
  // The same slot a second time (another process that also held the lease): not fired again.
  expect(await createTestRestore({ backupId, trigger: "scheduled", slot: row!.slot! })).toBeNull();
  expect(await count()).toBe(before + 1);
  await getDb()
    .update(backupSettings)
    .set({ testRestore: { enabled: false, intervalDays: 7 } })
    .where(eq(backupSettings.environmentId, envId));
  expect(await fireDueTestRestores(new Date(Date.now() + 30 * 86_400_000))).toEqual([]);
  await waitFor("the scheduled one to finish", async () => {
    const [r] = await getDb().select().from(testRestores).where(eq(testRestores.id, fired[0]!));
    return r && !["queued", "running"].includes(r.status) ? r : undefined;
  });
}, 120_000);
