/* "Delete" removes a backup everywhere (real restic, db-pglite and db-postgres): a backup held on a
 * local primary and two local copy targets (the copy jobs ran) is deleted through
 * DELETE /api/v1/backups/{id}; the bare restic CLI with each destination's password then finds no
 * snapshot tagged with it in any of the three, the copy rows are forgotten and GET answers 404. A copy
 * target that cannot be read makes the delete fail naming it, the backup stays listed with what still
 * holds it (only that copy), and a retry once it is readable again finishes. A copy queued or running
 * at the time of the delete: delete-queued-copy.db.test.ts. */
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as backupRoute from "@/app/api/v1/backups/[id]/route";
import * as settingsRoute from "@/app/api/v1/environments/[id]/backup-settings/route";
import { call, seedRoles, type TestUser } from "@/lib/auth/test-fixtures";
import { createBackup } from "@/lib/backups/create-backup";
import { getDb } from "@/lib/db";
import { backupCopies, backups, jobs } from "@/lib/db/schema";
import { jobHandlers } from "@/lib/job-kinds";
import { stopBoss } from "@/lib/jobs/boss";
import { seedDestination, seedEnvironment, waitFor } from "@/lib/jobs/test-fixtures/seed";
import { type RunningWorker, startWorker } from "@/lib/jobs/worker";
import { openSecret } from "@/lib/secrets";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-delete-all-"));
let worker: RunningWorker;
let admin: TestUser;

const idle = (kind: "copy" | "retention") =>
  waitFor(`${kind} jobs`, async () => {
    const js = await getDb().select().from(jobs).where(eq(jobs.kind, kind));
    return js.every((j) => !["queued", "running"].includes(j.status)) || undefined;
  });

/** Snapshots tagged with this backup in a repository, listed by the bare CLI. */
function taggedSnapshots(repo: string, passwordEnc: string, backupId: string): unknown[] {
  const out = execFileSync("restic", ["-r", repo, "--no-cache", "snapshots", "--json", "--tag", `backup:${backupId}`], {
    env: { PATH: process.env.PATH, RESTIC_PASSWORD: openSecret(passwordEnc) } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
  });
  return JSON.parse(out) as unknown[];
}

beforeAll(async () => {
  admin = (await seedRoles()).admin;
  worker = startWorker({ handlers: jobHandlers(), concurrency: 2, pollMs: 100, leaseSeconds: 30 });
}, 60_000);
afterAll(async () => {
  await worker?.stop(2000);
  await stopBoss();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("deleting a backup held on a primary and two copies", () => {
  it("forgets it in all three, and a failing copy target leaves it listed until a retry", async () => {
    const tag = crypto.randomBytes(3).toString("hex");
    const places = {
      primary: await seedDestination(path.join(tmp, "primary"), `primary-${tag}`),
      dc2: await seedDestination(path.join(tmp, "dc2"), `dc2-${tag}`),
      cloud: await seedDestination(path.join(tmp, "cloud"), `cloud-${tag}`),
    };
    const dir = path.join(tmp, "site");
    fs.mkdirSync(dir, { recursive: true });
    const { env } = await seedEnvironment({
      slug: `delall-${tag}`,
      sources: [{ name: "site files", type: "directory", config: { path: dir } }],
      destinationIds: [places.primary.id],
      retention: { keepLast: 10 },
    });
    const put = await call(settingsRoute.PUT, {
      method: "PUT",
      token: admin.token,
      params: { id: env.id },
      body: {
        retention: { keepLast: 10 },
        destinationIds: [places.primary.id],
        copies: [{ destinationId: places.dc2.id }, { destinationId: places.cloud.id }],
      },
    });
    expect(put.status, put.text).toBe(200);

    const backupOnce = async () => {
      fs.writeFileSync(path.join(dir, "day.txt"), crypto.randomBytes(32).toString("hex"));
      const b = await createBackup({ environmentId: env.id, trigger: "scheduled" });
      await waitFor(`copies of ${b.id}`, async () => {
        const cs = await getDb().select().from(backupCopies).where(eq(backupCopies.backupId, b.id));
        return (cs.length === 2 && cs.every((c) => c.status === "succeeded")) || undefined;
      });
      await idle("copy");
      await idle("retention");
      return b.id;
    };
    const all = Object.values(places);
    const held = (id: string) => all.map((d) => taggedSnapshots(d.config.path as string, d.repoPasswordEnc, id).length);

    // 1. Held in three places; Delete removes it from all three.
    const first = await backupOnce();
    const view = await call(backupRoute.GET, { token: admin.token, params: { id: first } });
    expect(view.json.heldIn.map((h: { role: string }) => h.role)).toEqual(["primary", "copy", "copy"]);
    expect(held(first)).toEqual([1, 1, 1]);

    const del = await call(backupRoute.DELETE, { method: "DELETE", token: admin.token, params: { id: first } });
    expect(del.status, del.text).toBe(204);
    expect(held(first)).toEqual([0, 0, 0]);
    expect((await call(backupRoute.GET, { token: admin.token, params: { id: first } })).status).toBe(404);
    const copyRows = await getDb().select().from(backupCopies).where(eq(backupCopies.backupId, first));
    expect(copyRows.every((c) => c.forgottenAt !== null)).toBe(true);

    // 2. The "cloud" copy cannot be read (its config replaced): the delete fails naming it; the
    // backup stays listed, held only there; once readable again, a retry removes it.
    const second = await backupOnce();
    const configPath = path.join(places.cloud.config.path as string, "config");
    const config = fs.readFileSync(configPath);
    fs.writeFileSync(configPath, "not a restic config");
    const failed = await call(backupRoute.DELETE, { method: "DELETE", token: admin.token, params: { id: second } });
    expect(failed.status, failed.text).toBe(422);
    expect(failed.json.error.message).toContain(`"cloud-${tag}"`);
    const left = await call(backupRoute.GET, { token: admin.token, params: { id: second } });
    expect(left.status).toBe(200);
    expect(left.json.heldIn).toEqual([
      { destinationId: places.cloud.id, destinationName: `cloud-${tag}`, role: "copy" },
    ]);
    expect(left.json.onlyOnCopies).toBe(true);
    fs.writeFileSync(configPath, config);
    expect(held(second)).toEqual([0, 0, 1]);

    const retry = await call(backupRoute.DELETE, { method: "DELETE", token: admin.token, params: { id: second } });
    expect(retry.status, retry.text).toBe(204);
    expect(held(second)).toEqual([0, 0, 0]);
    const [row] = await getDb().select().from(backups).where(eq(backups.id, second));
    expect(row!.deletedAt).toBeTruthy();
  }, 300_000);
});
