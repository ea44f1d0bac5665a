/* Integrity checks end to end with the embedded worker, real restic and real files (db-pglite and
 * db-postgres): a clean repository checks green and reads its data in rotating parts; one damaged pack
 * turns the check red, names the pack and exactly the backups that use it (marked damaged, check_failed
 * alert open); a stale restic lock left by a killed process is cleared and reported; two checks and a
 * backup of one repository started together all finish without failing, and never overlap. */
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as checkRoute from "@/app/api/v1/checks/[id]/route";
import * as destinationCheckRoute from "@/app/api/v1/destinations/[id]/check/route";
import * as checkSettingsRoute from "@/app/api/v1/destinations/[id]/check-settings/route";
import * as destinationRoute from "@/app/api/v1/destinations/[id]/route";
import { call, seedRoles, type TestUser } from "@/lib/auth/test-fixtures";
import { createBackup } from "@/lib/backups/create-backup";
import { getDb } from "@/lib/db";
import { alerts, backups, backupSnapshots, integrityChecks } from "@/lib/db/schema";
import { loadDestinationRepo } from "@/lib/destinations/load-destination-repo";
import { listSnapshots } from "@/lib/engine";
import { jobHandlers } from "@/lib/job-kinds";
import { stopBoss } from "@/lib/jobs/boss";
import { seedDestination, seedEnvironment, waitFor } from "@/lib/jobs/test-fixtures/seed";
import { type RunningWorker, startWorker } from "@/lib/jobs/worker";
import { openSecret } from "@/lib/secrets";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-check-"));
const operator = { id: null, email: "ops@example.com", role: "operator" as const, via: "token" as const };
let worker: RunningWorker;
let admin: TestUser;

async function settledBackup(id: string) {
  return waitFor(`backup ${id}`, async () => {
    const [b] = await getDb().select().from(backups).where(eq(backups.id, id));
    return b && !["queued", "running"].includes(b.status) ? b : undefined;
  });
}

async function runCheck(destinationId: string, readData: "none" | "subset" | "all") {
  const r = await call(destinationCheckRoute.POST, {
    method: "POST",
    token: admin.token,
    params: { id: destinationId },
    body: { readData },
  });
  expect(r.status).toBe(202);
  return r.json.id as string;
}

async function settledCheck(id: string) {
  return waitFor(`check ${id}`, async () => {
    const r = await call(checkRoute.GET, { token: admin.token, params: { id } });
    return r.json && !["queued", "running"].includes(r.json.status) ? r.json : undefined;
  });
}

function dataPacks(repoPath: string): Set<string> {
  const out = new Set<string>();
  for (const sub of fs.readdirSync(path.join(repoPath, "data"))) {
    for (const f of fs.readdirSync(path.join(repoPath, "data", sub))) out.add(path.join(repoPath, "data", sub, f));
  }
  return out;
}

async function envWithFiles(slug: string, destinationId: string, bytes: number) {
  const dir = path.join(tmp, slug);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "data.bin"), crypto.randomBytes(bytes));
  const { env } = await seedEnvironment({
    slug,
    sources: [{ name: `${slug} files`, type: "directory", config: { path: dir } }],
    destinationIds: [destinationId],
  });
  return env;
}

beforeAll(async () => {
  admin = (await seedRoles()).admin;
  // A lease long enough that a loaded CI machine does not retry a check (a retry finds the stale lock
  // already cleared by the first attempt and reports nothing).
  worker = startWorker({ handlers: jobHandlers(), concurrency: 3, pollMs: 100, leaseSeconds: 30 });
});
afterAll(async () => {
  await worker?.stop(2000);
  await stopBoss();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("integrity checks", () => {
  it("a clean repository stays green and its data is read in rotating parts", async () => {
    const repoPath = path.join(tmp, "clean-repo");
    const dest = await seedDestination(repoPath);
    const env = await envWithFiles(`clean-${crypto.randomBytes(2).toString("hex")}`, dest.id, 200_000);
    const b = await createBackup({ environmentId: env.id, trigger: "manual", actor: operator });
    expect((await settledBackup(b.id)).status).toBe("succeeded");
    const first = await settledCheck(await runCheck(dest.id, "subset"));
    expect(first).toMatchObject({ status: "succeeded", readDataSubset: "1/30", errors: [], damagedPacks: [] });
    const second = await settledCheck(await runCheck(dest.id, "subset"));
    expect(second.readDataSubset).toBe("2/30");
    const d = await call(destinationRoute.GET, { token: admin.token, params: { id: dest.id } });
    expect(d.json.integrity).toMatchObject({ lastCheckStatus: "succeeded", dataReadPercent30d: 6.7 });
    expect(Date.parse(d.json.integrity.lastCheckAt)).toBeGreaterThan(Date.now() - 120_000);
  });

  it("a download cap per check lengthens the rotation the checks use (check-settings API)", async () => {
    const repoPath = path.join(tmp, "capped-repo");
    const dest = await seedDestination(repoPath);
    const env = await envWithFiles(`capped-${crypto.randomBytes(2).toString("hex")}`, dest.id, 3_000_000);
    const b = await createBackup({ environmentId: env.id, trigger: "manual", actor: operator });
    expect((await settledBackup(b.id)).status).toBe("succeeded");
    // read everything at every check, but at most 1 MiB per check: ~3 MB stored → 3 checks
    const put = await call(checkSettingsRoute.PUT, {
      method: "PUT",
      token: admin.token,
      params: { id: dest.id },
      body: { readDataRuns: 1, maxReadGibPerRun: 1 / 1024 },
    });
    expect(put.status, JSON.stringify(put.json)).toBe(200);
    expect(put.json).toMatchObject({ readDataRuns: 1, effectiveReadDataRuns: 3, raisedByCap: true });
    expect(put.json.estimatedBytesPerCheck).toBeLessThanOrEqual(1024 ** 2);
    const first = await settledCheck(await runCheck(dest.id, "subset"));
    expect(first).toMatchObject({ status: "succeeded", readDataSubset: "1/3" });
    const d = await call(destinationRoute.GET, { token: admin.token, params: { id: dest.id } });
    expect(d.json.integrity).toMatchObject({ readDataRuns: 3, dataReadPercent30d: 33.3 });
    const bad = await call(checkSettingsRoute.PUT, {
      method: "PUT",
      token: admin.token,
      params: { id: dest.id },
      body: { readDataRuns: "3" },
    });
    expect(bad.status).toBe(400);
    const viewer = await call(checkSettingsRoute.PUT, {
      method: "PUT",
      token: (await seedRoles()).viewer.token,
      params: { id: dest.id },
      body: { readDataRuns: 3 },
    });
    expect(viewer.status).toBe(403);
  });

  it("a damaged pack fails the check, names the pack and marks exactly the backups that use it", async () => {
    const repoPath = path.join(tmp, "damaged-repo");
    const dest = await seedDestination(repoPath);
    const a = await envWithFiles(`dmg-a-${crypto.randomBytes(2).toString("hex")}`, dest.id, 3_000_000);
    const ba = await createBackup({ environmentId: a.id, trigger: "manual", actor: operator });
    expect((await settledBackup(ba.id)).status).toBe("succeeded");
    const packsOfA = dataPacks(repoPath);
    const b = await envWithFiles(`dmg-b-${crypto.randomBytes(2).toString("hex")}`, dest.id, 3_000_000);
    const bb = await createBackup({ environmentId: b.id, trigger: "manual", actor: operator });
    expect((await settledBackup(bb.id)).status).toBe("succeeded");
    const victim = [...packsOfA].sort((x, y) => fs.statSync(y).size - fs.statSync(x).size)[0] as string;
    fs.chmodSync(victim, 0o600);
    const original = fs.readFileSync(victim);
    const fd = fs.openSync(victim, "r+");
    fs.writeSync(fd, Buffer.alloc(64, 0), 0, 64, 1000); // same size: only a data read finds it
    fs.closeSync(fd);

    const structural = await settledCheck(await runCheck(dest.id, "none"));
    expect(structural.status).toBe("succeeded");
    const full = await settledCheck(await runCheck(dest.id, "all"));
    expect(full.status).toBe("failed");
    expect(full.damagedPacks).toEqual([path.basename(victim)]);
    expect(full.damagedBackupIds).toEqual([ba.id]);
    expect(full.errors[0].message).toContain(path.basename(victim));
    const rows = await getDb().select({ id: backups.id, damaged: backups.damaged }).from(backups);
    expect(rows.find((r) => r.id === ba.id)?.damaged).toBe(true);
    expect(rows.find((r) => r.id === bb.id)?.damaged).toBe(false);
    // The alert is synced just after the row settles: wait for it.
    const [open] = await waitFor("the check_failed alert", async () => {
      const rows = await getDb()
        .select()
        .from(alerts)
        .where(and(eq(alerts.kind, "check_failed"), eq(alerts.destinationId, dest.id), isNull(alerts.resolvedAt)));
      return rows.length ? rows : undefined;
    });
    expect(open?.message).toContain("1 damaged pack");
    const d = await call(destinationRoute.GET, { token: admin.token, params: { id: dest.id } });
    expect(d.json.integrity.lastCheckStatus).toBe("failed");

    // Repaired (the pack's bytes put back): a clean full read clears the damaged mark; a subset does not.
    fs.writeFileSync(victim, original);
    const repairedSubset = await settledCheck(await runCheck(dest.id, "subset"));
    expect(repairedSubset.status).toBe("succeeded");
    const [stillMarked] = await getDb().select().from(backups).where(eq(backups.id, ba.id));
    expect(stillMarked?.damaged).toBe(true);
    const repaired = await settledCheck(await runCheck(dest.id, "all"));
    expect(repaired.status).toBe("succeeded");
    const [whole] = await getDb().select().from(backups).where(eq(backups.id, ba.id));
    expect(whole?.damaged).toBe(false);
  });

  it("clears a stale lock left by a killed restic and reports it", async () => {
    const repoPath = path.join(tmp, "stale-repo");
    const dest = await seedDestination(repoPath);
    const env = await envWithFiles(`stale-${crypto.randomBytes(2).toString("hex")}`, dest.id, 10_000);
    expect(
      (await settledBackup((await createBackup({ environmentId: env.id, trigger: "manual", actor: operator })).id))
        .status,
    ).toBe("succeeded");
    const repo = await loadDestinationRepo(dest.id);
    const holder = spawn("restic", ["-r", repoPath, "backup", "--stdin", "--stdin-filename", "x"], {
      env: { ...process.env, RESTIC_PASSWORD: repo.password },
      stdio: ["pipe", "ignore", "ignore"],
    });
    await waitFor("restic's lock file", async () => fs.readdirSync(path.join(repoPath, "locks")).length > 0);
    holder.kill("SIGKILL");
    await new Promise((r) => holder.once("exit", r));
    expect(fs.readdirSync(path.join(repoPath, "locks")).length).toBe(1);
    const c = await settledCheck(await runCheck(dest.id, "none"));
    expect(c.status).toBe("succeeded");
    expect(c.clearedLocks).toHaveLength(1);
    expect(c.clearedLocks[0]).toContain(`process ${holder.pid}`);
    expect(fs.readdirSync(path.join(repoPath, "locks"))).toEqual([]);
  });

  it("two checks and a backup of one repository at once: none fails, none overlaps", async () => {
    const repoPath = path.join(tmp, "busy-repo");
    const dest = await seedDestination(repoPath);
    const env = await envWithFiles(`busy-${crypto.randomBytes(2).toString("hex")}`, dest.id, 1_000_000);
    expect(
      (await settledBackup((await createBackup({ environmentId: env.id, trigger: "manual", actor: operator })).id))
        .status,
    ).toBe("succeeded");
    fs.writeFileSync(path.join(tmp, env.slug, "more.bin"), crypto.randomBytes(500_000));
    const [c1, c2, bk] = await Promise.all([
      runCheck(dest.id, "all"),
      runCheck(dest.id, "subset"),
      createBackup({ environmentId: env.id, trigger: "manual", actor: operator }),
    ]);
    const checks = [await settledCheck(c1), await settledCheck(c2)];
    const backup = await settledBackup(bk.id);
    expect(checks.map((c) => c.status)).toEqual(["succeeded", "succeeded"]);
    expect(backup.status).toBe("succeeded");
    const [snap] = await getDb().select().from(backupSnapshots).where(eq(backupSnapshots.backupId, bk.id));
    const windows = checks.map((c) => [Date.parse(c.startedAt), Date.parse(c.finishedAt)] as const);
    const [w1, w2] = windows as [readonly [number, number], readonly [number, number]];
    expect(w1[1] <= w2[0] || w2[1] <= w1[0]).toBe(true);
    // restic's own start time of the backup (it holds the shared repository lock from before it starts
    // until after it ends); the snapshot row's times also include waiting for the lock.
    const listed = await listSnapshots(await loadDestinationRepo(dest.id), { tags: [`backup:${bk.id}`] });
    const resticStart = Date.parse(listed.find((s) => s.id === snap!.snapshotId)!.time);
    for (const w of windows)
      expect(resticStart < w[0] || resticStart > w[1], JSON.stringify({ resticStart, windows })).toBe(true);
    const stored = await getDb().select().from(integrityChecks).where(eq(integrityChecks.destinationId, dest.id));
    expect(stored).toHaveLength(2);
    expect(openSecret(dest.repoPasswordEnc!)).toBeTruthy();
  });
});
