/* Re-key end to end (db-pglite and db-postgres), real restic and the embedded worker: an environment
 * backs up twice into a local primary that is copied to a local copy target; both destinations are
 * re-keyed through POST /destinations/{id}/rekey. Then: the destination's repository is the new one (the
 * recovery kit names it), `restic cat config` ids differ and the old password does not open the new
 * repository (another master key), the new one holds exactly one key; backup_snapshots and backup_copies
 * rows hold the new repositories' snapshot ids (every one listed there by the bare CLI, with restic's
 * `original` = the old id); every backup restores byte-exact through the API from the new repository;
 * the old repository is kept until deleteAfter (a sweep one day later leaves it) and deleted by the sweep
 * after the keep period (audited). Also: 403 for an operator and for a wrong admin password, 400 for
 * keepOldDays 91, and GET's states none → switched → done. */
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as restoreRoute from "@/app/api/v1/backups/[id]/restore/route";
import * as kitRoute from "@/app/api/v1/destinations/[id]/recovery-kit/route";
import * as rekeyRoute from "@/app/api/v1/destinations/[id]/rekey/route";
import * as settingsRoute from "@/app/api/v1/environments/[id]/backup-settings/route";
import * as restoreGetRoute from "@/app/api/v1/restores/[id]/route";
import { call, seedRoles, type TestUser } from "@/lib/auth/test-fixtures";
import { createBackup } from "@/lib/backups/create-backup";
import { getDb } from "@/lib/db";
import {
  auditLog,
  backupCopies,
  backups,
  backupSnapshots,
  destinations,
  jobs,
  repositoryRekeys,
} from "@/lib/db/schema";
import { jobHandlers } from "@/lib/job-kinds";
import { stopBoss } from "@/lib/jobs/boss";
import { seedDestination, seedEnvironment, waitFor } from "@/lib/jobs/test-fixtures/seed";
import { type RunningWorker, startWorker } from "@/lib/jobs/worker";
import { openSecret } from "@/lib/secrets";
import { sweepRekeyedRepositories } from "./delete-old-repository";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-rekey-"));
let worker: RunningWorker;
let admin: TestUser;
let operator: TestUser;

/** The bare restic CLI on a local repository with a password; null when the password does not open it. */
function restic(repo: string, password: string, args: string[]): string | null {
  try {
    return execFileSync("restic", ["-r", repo, "--no-cache", ...args], {
      env: { PATH: process.env.PATH, HOME: tmp, RESTIC_PASSWORD: password } as unknown as NodeJS.ProcessEnv,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (e) {
    if (/wrong password/.test(String((e as { stderr?: string }).stderr))) return null;
    throw e;
  }
}

async function kitOf(id: string): Promise<{ repository: string; password: string }> {
  const kit = await call(kitRoute.POST, {
    method: "POST",
    token: admin.token,
    params: { id },
    body: { password: admin.password },
  });
  expect(kit.status).toBe(200);
  return kit.json;
}

async function settledBackup(id: string) {
  return waitFor(`backup ${id}`, async () => {
    const [b] = await getDb().select().from(backups).where(eq(backups.id, id));
    return b && !["queued", "running"].includes(b.status) ? b : undefined;
  });
}

async function jobsSettled(kind: "copy" | "retention") {
  return waitFor(`${kind} jobs`, async () => {
    const js = await getDb().select().from(jobs).where(eq(jobs.kind, kind));
    return js.every((j) => !["queued", "running"].includes(j.status));
  });
}

async function rekey(id: string) {
  const r = await call(rekeyRoute.POST, {
    method: "POST",
    token: admin.token,
    params: { id },
    body: { adminPassword: admin.password, keepOldDays: 3 },
  });
  expect(r.status, r.text).toBe(202);
  const row = await waitFor(
    `re-key of ${id}`,
    async () => {
      const [x] = await getDb().select().from(repositoryRekeys).where(eq(repositoryRekeys.id, r.json.id));
      return x && !["queued", "running"].includes(x.status) ? x : undefined;
    },
    240_000,
  );
  expect(row.status, JSON.stringify(row.error)).toBe("switched");
  return row;
}

beforeAll(async () => {
  const roles = await seedRoles();
  admin = roles.admin;
  operator = roles.operator;
  worker = startWorker({ handlers: jobHandlers(), concurrency: 2, pollMs: 100, leaseSeconds: 30 });
});

afterAll(async () => {
  await worker?.stop(2000);
  await stopBoss();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("re-key repository", () => {
  it("copies every snapshot into a new repository with a new master key, switches rows, deletes the old one later", async () => {
    const tag = crypto.randomBytes(3).toString("hex");
    const primaryPath = path.join(tmp, "primary");
    const copyPath = path.join(tmp, "copy");
    const primary = await seedDestination(primaryPath, `primary-${tag}`);
    const copy = await seedDestination(copyPath, `copy-${tag}`);
    await getDb().update(destinations).set({ isDefault: false }).where(eq(destinations.id, copy.id));
    const dir = path.join(tmp, "site");
    fs.mkdirSync(dir, { recursive: true });
    const { env } = await seedEnvironment({
      slug: `rekey-${tag}`,
      sources: [{ name: "site files", type: "directory", config: { path: dir } }],
      destinationIds: [primary.id],
      retention: { keepLast: 10 },
    });
    const put = await call(settingsRoute.PUT, {
      method: "PUT",
      token: admin.token,
      params: { id: env.id },
      body: { retention: { keepLast: 10 }, destinationIds: [primary.id], copies: [{ destinationId: copy.id }] },
    });
    expect(put.status, put.text).toBe(200);

    // Before the first re-key: state none, and the refusals.
    const none = await call(rekeyRoute.GET, { token: admin.token, params: { id: primary.id } });
    expect(none.json).toMatchObject({ state: "none", location: primaryPath, oldLocation: null, latest: null });
    const asOperator = await call(rekeyRoute.POST, {
      method: "POST",
      token: operator.token,
      params: { id: primary.id },
      body: { adminPassword: operator.password },
    });
    expect(asOperator.status).toBe(403);
    const wrong = await call(rekeyRoute.POST, {
      method: "POST",
      token: admin.token,
      params: { id: primary.id },
      body: { adminPassword: "not mine" },
    });
    expect(wrong.status).toBe(403);
    const tooLong = await call(rekeyRoute.POST, {
      method: "POST",
      token: admin.token,
      params: { id: primary.id },
      body: { adminPassword: admin.password, keepOldDays: 91 },
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.error.fields.keepOldDays).toBeTruthy();

    // Two backups, each copied.
    const states: Record<string, Buffer>[] = [];
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      fs.writeFileSync(path.join(dir, "a.txt"), `version ${i}`);
      fs.writeFileSync(path.join(dir, `day-${i}.bin`), crypto.randomBytes(200_000 + i));
      const b = await createBackup({ environmentId: env.id, trigger: "scheduled" });
      expect((await settledBackup(b.id)).status).toBe("succeeded");
      await jobsSettled("copy");
      ids.push(b.id);
      states.push(Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f))])));
    }
    await jobsSettled("retention");
    const oldPrimary = await kitOf(primary.id);
    const oldCopy = await kitOf(copy.id);
    const oldPrimaryConfig = JSON.parse(restic(primaryPath, oldPrimary.password, ["cat", "config"])!);
    const rowsBefore = await getDb()
      .select()
      .from(backupSnapshots)
      .where(eq(backupSnapshots.destinationId, primary.id));
    expect(rowsBefore.filter((r) => r.snapshotId)).toHaveLength(2);
    const copyRowsBefore = await getDb().select().from(backupCopies).where(eq(backupCopies.destinationId, copy.id));
    expect(copyRowsBefore.map((r) => r.status)).toEqual(["succeeded", "succeeded"]);

    const row = await rekey(primary.id);
    const copyRow = await rekey(copy.id);

    // The destination's repository is the new one, with a new master key.
    const newPrimary = await kitOf(primary.id);
    expect(newPrimary.repository).not.toBe(oldPrimary.repository);
    expect(newPrimary.repository).toMatch(new RegExp(`^${primaryPath}-rekey-\\d{8}-\\d{4}$`));
    expect(newPrimary.password).not.toBe(oldPrimary.password);
    const newConfig = JSON.parse(restic(newPrimary.repository, newPrimary.password, ["cat", "config"])!);
    expect(newConfig.id).not.toBe(oldPrimaryConfig.id);
    expect(newConfig.chunker_polynomial).toBe(oldPrimaryConfig.chunker_polynomial);
    expect(row.oldRepositoryId).toBe(oldPrimaryConfig.id);
    expect(row.newRepositoryId).toBe(newConfig.id);
    expect(restic(newPrimary.repository, oldPrimary.password, ["cat", "config"])).toBeNull();
    expect(JSON.parse(restic(newPrimary.repository, newPrimary.password, ["key", "list", "--json"])!)).toHaveLength(1);
    const newCopy = await kitOf(copy.id);
    expect(restic(newCopy.repository, oldCopy.password, ["cat", "config"])).toBeNull();

    // Rows point at the new snapshot ids; each one's original is the old id.
    const newSnaps: { id: string; original: string }[] = JSON.parse(
      restic(newPrimary.repository, newPrimary.password, ["snapshots", "--json"])!,
    );
    expect(newSnaps).toHaveLength(2);
    const rowsAfter = await getDb().select().from(backupSnapshots).where(eq(backupSnapshots.destinationId, primary.id));
    for (const r of rowsAfter.filter((x) => x.snapshotId)) {
      const before = rowsBefore.find((b) => b.id === r.id)!;
      const s = newSnaps.find((n) => n.id === r.snapshotId);
      expect(s, `row ${r.id} points into the new repository`).toBeTruthy();
      expect(s!.original.startsWith(before.snapshotId!.slice(0, 8))).toBe(true);
    }
    const newCopySnaps: { id: string }[] = JSON.parse(
      restic(newCopy.repository, newCopy.password, ["snapshots", "--json"])!,
    );
    const copyRowsAfter = await getDb().select().from(backupCopies).where(eq(backupCopies.destinationId, copy.id));
    expect(copyRowsAfter.flatMap((r) => r.snapshotIds).sort()).toEqual(newCopySnaps.map((s) => s.id).sort());
    expect(Object.keys(copyRow.snapshotMap!).sort()).toEqual(copyRowsBefore.flatMap((r) => r.snapshotIds).sort());

    // Every backup restores byte-exact from the new repository (the old one is moved away to prove it).
    fs.renameSync(primaryPath, `${primaryPath}.aside`);
    for (const [i, id] of ids.entries()) {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir);
      const started = await call(restoreRoute.POST, {
        method: "POST",
        token: admin.token,
        params: { id },
        body: { scope: "full", safetyBackup: false },
      });
      expect(started.status, started.text).toBe(202);
      const done = await waitFor("restore", async () => {
        const r = await call(restoreGetRoute.GET, { token: admin.token, params: { id: started.json.id } });
        return r.json && !["queued", "running"].includes(r.json.status) ? r.json : undefined;
      });
      expect(done.status, JSON.stringify(done.error)).toBe("succeeded");
      expect(done.restoredFromCopy ?? null).toBeNull();
      for (const [f, bytes] of Object.entries(states[i]!))
        expect(fs.readFileSync(path.join(dir, f)).equals(bytes), `${f} of backup ${i + 1}`).toBe(true);
    }
    fs.renameSync(`${primaryPath}.aside`, primaryPath);

    // The old repository is kept for the keep period, then deleted by the sweep (audited).
    const switched = await call(rekeyRoute.GET, { token: admin.token, params: { id: primary.id } });
    expect(switched.json).toMatchObject({
      state: "switched",
      location: newPrimary.repository,
      oldLocation: primaryPath,
    });
    expect(new Date(switched.json.deleteAfter).getTime() - new Date(row.switchedAt!).getTime()).toBe(3 * 86_400_000);
    expect(await sweepRekeyedRepositories(new Date(Date.now() + 86_400_000))).toBe(0);
    expect(restic(primaryPath, oldPrimary.password, ["cat", "config"])).not.toBeNull();
    expect(await sweepRekeyedRepositories(new Date(Date.now() + 4 * 86_400_000))).toBe(2);
    expect(fs.existsSync(primaryPath)).toBe(false);
    expect(fs.existsSync(copyPath)).toBe(false);
    expect(fs.existsSync(newPrimary.repository)).toBe(true);
    const done = await call(rekeyRoute.GET, { token: admin.token, params: { id: primary.id } });
    expect(done.json).toMatchObject({ state: "done", oldLocation: null, deleteAfter: null });
    const [rowDone] = await getDb().select().from(repositoryRekeys).where(eq(repositoryRekeys.id, row.id));
    expect(rowDone!.oldPasswordEnc).toBeNull();
    const audits = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, primary.id)));
    const actions = audits.map(
      (a) => `${a.action}${a.action === "destination.rekey_step" ? `:${(a.details as { step: string }).step}` : ""}`,
    );
    for (const a of [
      "destination.rekey_request",
      "destination.rekey_step:prepared",
      "destination.rekey_step:initialized",
      "destination.rekey_step:copied",
      "destination.rekey_step:checked",
      "destination.rekey_step:compared",
      "destination.rekey_step:switched",
      "destination.rekey",
      "destination.rekey_old_deleted",
    ])
      expect(actions).toContain(a);
    // The stored password is the new one, sealed.
    const [d] = await getDb().select().from(destinations).where(eq(destinations.id, primary.id));
    expect(openSecret(d!.repoPasswordEnc)).toBe(newPrimary.password);
  }, 600_000);
});
