/* Restoring into another environment whose folder source has another name, through the REST routes a
 * script would use, with real restic and real folders: without a map it is refused (no source named
 * "Site"), with `sourceMap` the backed-up folder lands in the mapped one (checked on disk), the preview
 * and the safety backup follow the same map, and a map to a source of another type or of another
 * environment is a 400 that names the source. */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as restoreRoute from "@/app/api/v1/backups/[id]/restore/route";
import * as previewRoute from "@/app/api/v1/backups/[id]/restore/preview/route";
import * as getRestoreRoute from "@/app/api/v1/restores/[id]/route";
import { seedRoles, call, type TestUser } from "@/lib/auth/test-fixtures";
import { createBackup } from "@/lib/backups/create-backup";
import { getDb } from "@/lib/db";
import { backups, backupSnapshots, restores } from "@/lib/db/schema";
import { stopBoss } from "@/lib/jobs/boss";
import { jobHandlers } from "@/lib/job-kinds";
import { seedDestination, seedEnvironment, waitFor } from "@/lib/jobs/test-fixtures/seed";
import { startWorker, type RunningWorker } from "@/lib/jobs/worker";
import type { Role } from "@/lib/auth/roles";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-restore-map-"));
const prodSite = path.join(tmp, "prod-site");
const stagingRoot = path.join(tmp, "staging-webroot");
let worker: RunningWorker;
let users: Record<Role, TestUser>;
let backupId: string;
let prodSiteId: string;
let stagingEnvId: string;
let webrootId: string;
let stagingDbId: string;

const post = (handler: typeof restoreRoute.POST, body: Record<string, unknown>) =>
  call(handler, { method: "POST", token: users.operator.token, params: { id: backupId }, body });

beforeAll(async () => {
  users = await seedRoles();
  fs.mkdirSync(path.join(prodSite, "docs"), { recursive: true });
  fs.writeFileSync(path.join(prodSite, "docs/page.txt"), "page from production");
  fs.mkdirSync(stagingRoot, { recursive: true });
  fs.writeFileSync(path.join(stagingRoot, "staging-only.txt"), "added in staging");
  const dest = await seedDestination(path.join(tmp, "repo"));
  const tag = crypto.randomBytes(3).toString("hex");
  const prod = await seedEnvironment({
    slug: `prod-${tag}`,
    type: "production",
    sources: [{ name: "Site", type: "directory", config: { path: prodSite } }],
    destinationIds: [dest.id],
  });
  prodSiteId = prod.sources[0]!.id;
  const staging = await seedEnvironment({
    slug: `staging-${tag}`,
    projectId: prod.env.projectId,
    sources: [
      { name: "Webroot", type: "directory", config: { path: stagingRoot } },
      { name: "Site", type: "sqlite", config: { path: path.join(tmp, "staging.db") } },
    ],
    destinationIds: [dest.id],
  });
  stagingEnvId = staging.env.id;
  webrootId = staging.sources[0]!.id;
  stagingDbId = staging.sources[1]!.id;
  worker = startWorker({ handlers: jobHandlers(), concurrency: 2, pollMs: 100, leaseSeconds: 10 });
  const b = await createBackup({ environmentId: prod.env.id, trigger: "manual", actor: users.operator.actor });
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

describe("restore into another environment with a sourceMap", () => {
  it("without a map, refuses: the target has no directory source named Site", async () => {
    const res = await post(restoreRoute.POST, { scope: "files", targetEnvironmentId: stagingEnvId });
    expect(res.status, res.text).toBe(422);
    expect(res.json.error.message).toMatch(/no source named Site \(directory\)/);
  });

  it("refuses a map to a source of another type, or of another environment, with a 400 naming it", async () => {
    const otherType = await post(restoreRoute.POST, {
      scope: "files",
      targetEnvironmentId: stagingEnvId,
      sourceMap: { [prodSiteId]: stagingDbId },
    });
    expect(otherType.status, otherType.text).toBe(400);
    expect(otherType.json.error.code).toBe("validation_failed");
    expect(otherType.json.error.message).toMatch(/"Site" is a directory source; "Site" in staging-\w+ is sqlite/);
    expect(otherType.json.error.fields).toHaveProperty(`sourceMap.${prodSiteId}`);
    // Production's own folder is not a source of staging.
    const otherEnv = await post(previewRoute.POST, {
      scope: "files",
      targetEnvironmentId: stagingEnvId,
      sourceMap: { [prodSiteId]: prodSiteId },
    });
    expect(otherEnv.status, otherEnv.text).toBe(400);
    expect(otherEnv.json.error.message).toMatch(/mapped to a source that is not in staging-\w+/);
    const count = await getDb().select().from(restores).where(eq(restores.targetEnvironmentId, stagingEnvId));
    expect(count).toHaveLength(0); // nothing was queued
  });

  it("previews and restores the folder into the mapped source, its safety backup included", async () => {
    const body = { scope: "files", targetEnvironmentId: stagingEnvId, sourceMap: { [prodSiteId]: webrootId } };
    const preview = await post(previewRoute.POST, body);
    expect(preview.status, preview.text).toBe(200);
    expect(preview.json.items).toMatchObject([
      { sourceId: webrootId, name: "Webroot", path: stagingRoot, bringsBack: 1, addedSince: 1 },
    ]);

    const res = await post(restoreRoute.POST, { ...body, safetyBackup: true });
    expect(res.status, res.text).toBe(202);
    const r = await waitFor("restore settled", async () => {
      const [row] = await getDb().select().from(restores).where(eq(restores.id, res.json.id));
      return row && !["queued", "running"].includes(row.status) ? row : undefined;
    });
    expect(r.error).toBeNull();
    expect(r.status).toBe("succeeded");
    expect(r.sourceMap).toEqual({ [prodSiteId]: webrootId });
    expect(fs.readFileSync(path.join(stagingRoot, "docs/page.txt"), "utf8")).toBe("page from production");
    expect(fs.existsSync(path.join(stagingRoot, "staging-only.txt"))).toBe(false); // mirror
    expect(fs.readFileSync(path.join(prodSite, "docs/page.txt"), "utf8")).toBe("page from production");
    // The safety backup saved the mapped folder (and only it), so Undo can bring staging-only.txt back.
    const safety = await getDb().select().from(backupSnapshots).where(eq(backupSnapshots.backupId, r.safetyBackupId!));
    expect(safety.map((s) => s.sourceId)).toEqual([webrootId]);
    const view = await call(getRestoreRoute.GET, { token: users.viewer.token, params: { id: r.id } });
    expect(view.json.sourceMap).toEqual({ [prodSiteId]: webrootId });
  }, 180_000);
});
