/* A backup stays listed while a copy still holds it (real restic, local primary + local copy target):
 * the primary's retention (keep-last 1) forgets backup 1 there, the copy (keep-last 2) still holds it →
 * it is listed "only on copies", restores byte-exact from the copy (and says so), and disappears once
 * the copy's retention forgets it too. Runs on db-pglite and db-postgres. */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as backupRoute from "@/app/api/v1/backups/[id]/route";
import * as restoreRoute from "@/app/api/v1/backups/[id]/restore/route";
import * as settingsRoute from "@/app/api/v1/environments/[id]/backup-settings/route";
import * as restoreGetRoute from "@/app/api/v1/restores/[id]/route";
import { call, seedRoles, type TestUser } from "@/lib/auth/test-fixtures";
import { createBackup } from "@/lib/backups/create-backup";
import { getDb } from "@/lib/db";
import { backupCopies, backups, backupSnapshots, jobs } from "@/lib/db/schema";
import { jobHandlers } from "@/lib/job-kinds";
import { stopBoss } from "@/lib/jobs/boss";
import { seedDestination, seedEnvironment, waitFor } from "@/lib/jobs/test-fixtures/seed";
import { type RunningWorker, startWorker } from "@/lib/jobs/worker";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-copyhold-"));
let worker: RunningWorker;
let admin: TestUser;

const idle = (kind: "copy" | "retention") =>
  waitFor(`${kind} jobs`, async () => {
    const js = await getDb().select().from(jobs).where(eq(jobs.kind, kind));
    return js.every((j) => !["queued", "running"].includes(j.status)) || undefined;
  });

beforeAll(async () => {
  admin = (await seedRoles()).admin;
  worker = startWorker({ handlers: jobHandlers(), concurrency: 2, pollMs: 100, leaseSeconds: 30 });
}, 60_000);
afterAll(async () => {
  await worker?.stop(2000);
  await stopBoss();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("a backup held only in a copy", () => {
  it("stays listed and restorable from the copy until the copy forgets it too", async () => {
    const tag = crypto.randomBytes(3).toString("hex");
    const primary = await seedDestination(path.join(tmp, "primary"), `primary-${tag}`);
    const copy = await seedDestination(path.join(tmp, "copy"), `offsite-${tag}`);
    const dir = path.join(tmp, "site");
    fs.mkdirSync(dir, { recursive: true });
    const { env } = await seedEnvironment({
      slug: `copyhold-${tag}`,
      sources: [{ name: "site files", type: "directory", config: { path: dir } }],
      destinationIds: [primary.id],
      retention: { keepLast: 1 },
    });
    const put = await call(settingsRoute.PUT, {
      method: "PUT",
      token: admin.token,
      params: { id: env.id },
      body: {
        retention: { keepLast: 1 },
        destinationIds: [primary.id],
        copies: [{ destinationId: copy.id, retention: { keepLast: 2 }, alertBehindHours: 12 }],
      },
    });
    expect(put.status, put.text).toBe(200);
    expect(put.json.copies[0].alertBehindHours).toBe(12);

    const ids: string[] = [];
    const contents: string[] = [];
    const backupOnce = async (i: number) => {
      contents.push(`day ${i} ${crypto.randomBytes(16).toString("hex")}`);
      fs.writeFileSync(path.join(dir, "day.txt"), contents[i]!);
      const b = await createBackup({ environmentId: env.id, trigger: "scheduled" });
      await waitFor(`copy of ${b.id}`, async () => {
        const [c] = await getDb().select().from(backupCopies).where(eq(backupCopies.backupId, b.id));
        return c?.status === "succeeded" || undefined;
      });
      await idle("copy");
      await idle("retention");
      ids.push(b.id);
    };
    await backupOnce(0);
    await backupOnce(1);

    // The primary forgot backup 0; the copy still holds it: listed, only on the copy.
    const [snap0] = await getDb().select().from(backupSnapshots).where(eq(backupSnapshots.backupId, ids[0]!));
    expect(snap0!.forgottenAt).toBeTruthy();
    const view = await call(backupRoute.GET, { token: admin.token, params: { id: ids[0]! } });
    expect(view.status, view.text).toBe(200);
    expect(view.json.onlyOnCopies).toBe(true);
    expect(view.json.heldIn).toEqual([{ destinationId: copy.id, destinationName: `offsite-${tag}`, role: "copy" }]);

    // Restore backup 0: read from the copy, byte-exact, and the restore says so.
    fs.writeFileSync(path.join(dir, "day.txt"), "changed");
    const started = await call(restoreRoute.POST, {
      method: "POST",
      token: admin.token,
      params: { id: ids[0]! },
      body: { scope: "full", safetyBackup: false },
    });
    expect(started.status, started.text).toBe(202);
    const done = await waitFor("restore", async () => {
      const r = await call(restoreGetRoute.GET, { token: admin.token, params: { id: started.json.id } });
      return r.json && !["queued", "running"].includes(r.json.status) ? r.json : undefined;
    });
    expect(done.status, JSON.stringify(done.error)).toBe("succeeded");
    expect(done.restoredFromCopy.message).toMatch(
      /^Not in the primary any more .*: restored site files from copy offsite-/,
    );
    expect(fs.readFileSync(path.join(dir, "day.txt"), "utf8")).toBe(contents[0]);

    // Two more backups: the copy's keep-last 2 forgets backup 0 there too → gone.
    await backupOnce(2);
    await backupOnce(3);
    const [row0] = await getDb().select().from(backups).where(eq(backups.id, ids[0]!));
    expect(row0!.deletedAt).toBeTruthy();
    expect((await call(backupRoute.GET, { token: admin.token, params: { id: ids[0]! } })).status).toBe(404);
    // Backup 2 lives on in the copy only; backup 3 on both.
    const v3 = await call(backupRoute.GET, { token: admin.token, params: { id: ids[3]! } });
    expect(v3.json.heldIn.map((h: { role: string }) => h.role)).toEqual(["primary", "copy"]);
    expect(v3.json.onlyOnCopies).toBe(false);
  }, 300_000);
});
