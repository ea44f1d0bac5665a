/* The "Keep all" and "Keep the N most recent" presets end to end (worker + real restic), on PGlite and
 * PostgreSQL: saved through PUT backup-settings, previewed through …/preview, and acted on by the
 * retention job that runs after every backup. Keep all forgets nothing — not the scheduled backups, not
 * the manual ones over the cap — and restic still lists every snapshot; keep-last 2 then leaves exactly
 * the two most recent scheduled backups (plus the manual ones its cap allows) in the repository. */
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as settingsRoute from "@/app/api/v1/environments/[id]/backup-settings/route";
import * as previewRoute from "@/app/api/v1/environments/[id]/backup-settings/preview/route";
import { call, seedRoles, type TestUser } from "@/lib/auth/test-fixtures";
import type { Role } from "@/lib/auth/roles";
import { createBackup } from "@/lib/backups/create-backup";
import { getDb } from "@/lib/db";
import { backups, jobs } from "@/lib/db/schema";
import { loadDestinationRepo } from "@/lib/destinations/load-destination-repo";
import { stopBoss } from "@/lib/jobs/boss";
import { jobHandlers } from "@/lib/job-kinds";
import { seedDestination, seedEnvironment, waitFor } from "@/lib/jobs/test-fixtures/seed";
import { startWorker, type RunningWorker } from "@/lib/jobs/worker";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-keep-"));
const data = path.join(tmp, "data");
let worker: RunningWorker;
let users: Record<Role, TestUser>;
let envId: string;
let destId: string;
let made = 0;

async function resticSnapshots(): Promise<number> {
  const repo = await loadDestinationRepo(destId);
  const out = execFileSync("restic", ["--no-cache", "-r", repo.url, "snapshots", "--json"], {
    env: { ...process.env, RESTIC_PASSWORD: repo.password, RESTIC_PASSWORD_FILE: "", RESTIC_REPOSITORY: "" },
  });
  return (JSON.parse(out.toString()) as unknown[]).length;
}

/** One backup, then the retention job it queues, both finished. */
async function backUp(trigger: "scheduled" | "manual") {
  fs.writeFileSync(path.join(data, "counter.txt"), `backup ${++made}`);
  const b = await createBackup({ environmentId: envId, trigger, actor: users.operator.actor });
  const done = await waitFor("backup", async () => {
    const [row] = await getDb().select().from(backups).where(eq(backups.id, b.id));
    return row && !["queued", "running"].includes(row.status) ? row : undefined;
  });
  expect(done.status).toBe("succeeded");
  await waitFor("retention", async () => {
    const list = await getDb()
      .select()
      .from(jobs)
      .where(and(eq(jobs.kind, "retention"), eq(jobs.subjectId, envId)));
    const open = list.filter((j) => ["queued", "running"].includes(j.status));
    return list.length >= made && !open.length ? list : undefined;
  });
}

const liveBackups = () =>
  getDb()
    .select()
    .from(backups)
    .where(and(eq(backups.environmentId, envId), isNull(backups.deletedAt), inArray(backups.status, ["succeeded"])));

async function put(body: Record<string, unknown>) {
  const res = await call(settingsRoute.PUT, {
    method: "PUT",
    token: users.admin.token,
    params: { id: envId },
    body: { destinationIds: [destId], ...body },
  });
  expect(res.status, res.text).toBe(200);
  return res.json;
}

beforeAll(async () => {
  users = await seedRoles();
  fs.mkdirSync(data, { recursive: true });
  const dest = await seedDestination(path.join(tmp, "repo"));
  destId = dest.id;
  const { env } = await seedEnvironment({
    slug: `keep-${crypto.randomBytes(3).toString("hex")}`,
    sources: [{ name: "Data", type: "directory", config: { path: data } }],
    destinationIds: [dest.id],
  });
  envId = env.id;
  worker = startWorker({ handlers: jobHandlers(), concurrency: 2, pollMs: 100, leaseSeconds: 10 });
}, 60_000);

afterAll(async () => {
  await worker?.stop(2000);
  await stopBoss();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("retention presets", () => {
  it("refuses a count on another preset and a keep-last of 0", async () => {
    for (const retention of [
      { preset: "keep-all", count: 3 },
      { preset: "keep-last", count: 0 },
    ]) {
      const res = await call(settingsRoute.PUT, {
        method: "PUT",
        token: users.admin.token,
        params: { id: envId },
        body: { retention },
      });
      expect(res.status, JSON.stringify(retention)).toBe(400);
    }
  });

  it("keep all never forgets a backup, manual ones over the cap included", async () => {
    const view = await put({ retention: { preset: "keep-all" }, maxManualBackups: 1 });
    expect(view.retention).toEqual({ preset: "keep-all" });
    for (const t of ["scheduled", "scheduled", "scheduled", "manual", "manual"] as const) await backUp(t);
    expect(await liveBackups()).toHaveLength(5);
    expect(await resticSnapshots()).toBe(5);
    const preview = await call(previewRoute.POST, {
      method: "POST",
      token: users.admin.token,
      params: { id: envId },
      body: { retention: { preset: "keep-all" }, maxManualBackups: 1 },
    });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.json.remove).toEqual([]);
    expect(preview.json.keep).toHaveLength(5);
  }, 240_000);

  it("keep the 2 most recent: the preview and the retention job leave exactly those", async () => {
    const preview = await call(previewRoute.POST, {
      method: "POST",
      token: users.admin.token,
      params: { id: envId },
      body: { retention: { preset: "keep-last", count: 2 }, maxManualBackups: 1 },
    });
    expect(preview.status, preview.text).toBe(200);
    // 3 scheduled → the oldest goes; 2 manual over a cap of 1 → the older goes.
    expect(preview.json.remove).toHaveLength(2);
    const view = await put({ retention: { preset: "keep-last", count: 2 }, maxManualBackups: 1 });
    expect(view.retention).toEqual({ preset: "keep-last", count: 2 });
    expect(view.retentionDescription).toBe("last 2");
    await backUp("scheduled"); // now 4 scheduled: the 2 newest stay
    const left = await liveBackups();
    expect(left.filter((b) => b.trigger === "scheduled")).toHaveLength(2);
    expect(left.filter((b) => b.trigger === "manual")).toHaveLength(1);
    expect(await resticSnapshots()).toBe(3);
  }, 120_000);
});
