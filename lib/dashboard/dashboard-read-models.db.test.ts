/* The dashboard (lib/dashboard) and Monitoring (lib/monitoring) read models against a real app database (PGlite and PostgreSQL) with
 * 10,000 backups in one environment: right answers (last, last good, health, sparkline order, storage
 * per destination) and fast enough for a page render. */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import {
  backups,
  backupSnapshots,
  destinations,
  environments,
  integrityChecks,
  projects,
  testRestores,
} from "@/lib/db/schema";
import { loadMonitoring } from "@/lib/monitoring/load-monitoring";
import { loadDashboard } from "./load-dashboard";

const now = new Date();
const prodId = randomUUID();
const stagingId = randomUUID();
const destId = randomUUID();
const N = 10_000;

beforeAll(async () => {
  const db = getDb();
  const projectId = randomUUID();
  await db.insert(projects).values({ id: projectId, name: "Acme", slug: `acme-${projectId.slice(0, 6)}` });
  await db.insert(environments).values([
    { id: prodId, projectId, name: "production", slug: "production", type: "production" },
    { id: stagingId, projectId, name: "staging", slug: "staging", type: "staging" },
  ]);
  await db
    .insert(destinations)
    .values({ id: destId, name: "Disk", type: "local", config: { path: "/tmp/x" }, repoPasswordEnc: "x" });
  // Production: one backup an hour for 10,000 hours, the newest one failed.
  const rows = Array.from({ length: N }, (_, i) => {
    const at = new Date(now.getTime() - (N - i) * 3_600_000);
    return {
      id: randomUUID(),
      environmentId: prodId,
      status: (i === N - 1 ? "failed" : "succeeded") as "failed" | "succeeded",
      trigger: "scheduled" as const,
      createdAt: at,
      startedAt: at,
      finishedAt: new Date(at.getTime() + 60_000),
      totalBytes: 1_000_000 + i,
      addedBytes: 1000,
    };
  });
  for (let i = 0; i < rows.length; i += 1000) await db.insert(backups).values(rows.slice(i, i + 1000));
  const recent = rows.slice(-50);
  await db.insert(backupSnapshots).values(
    recent.map((b) => ({
      backupId: b.id,
      sourceId: randomUUID(),
      destinationId: destId,
      sourceName: "db",
      sourceType: "postgres",
      status: "succeeded" as const,
      snapshotId: "a".repeat(64),
      addedBytes: 1000,
    })),
  );
  // Staging: one good backup two days ago.
  const at = new Date(now.getTime() - 2 * 86_400_000);
  const stagingBackup = randomUUID();
  await db.insert(backups).values({
    id: stagingBackup,
    environmentId: stagingId,
    status: "succeeded",
    trigger: "manual",
    createdAt: at,
    startedAt: at,
    finishedAt: at,
    totalBytes: 5,
  });
  // …proven by a test restore of it a day ago (without one in 30 days it would be at risk).
  const provenAt = new Date(now.getTime() - 86_400_000);
  await db.insert(testRestores).values({
    environmentId: stagingId,
    backupId: stagingBackup,
    status: "succeeded",
    trigger: "scheduled",
    startedAt: new Date(provenAt.getTime() - 60_000),
    finishedAt: provenAt,
  });
  // A safety backup taken before a restore an hour ago counts for neither "last" nor "last good".
  const hourAgo = new Date(now.getTime() - 3_600_000);
  await db.insert(backups).values({
    environmentId: stagingId,
    status: "succeeded",
    trigger: "safety",
    createdAt: hourAgo,
    startedAt: hourAgo,
    finishedAt: hourAgo,
    totalBytes: 5,
  });
});

describe("dashboard read model", () => {
  it("reports last, last good, health and an ordered sparkline, quickly", async () => {
    const t0 = performance.now();
    const rows = await loadDashboard(now);
    const ms = performance.now() - t0;
    const prod = rows.find((r) => r.id === prodId)!;
    const staging = rows.find((r) => r.id === stagingId)!;
    expect(prod.lastBackup?.status).toBe("failed");
    expect(prod.health).toBe("failing");
    expect(prod.reason).toMatch(/last backup failed/i);
    expect(new Date(prod.lastGoodAt!).getTime()).toBe(now.getTime() - 2 * 3_600_000 + 60_000);
    expect(prod.sizes.length).toBe(19); // 20 newest minus the failed one
    expect(prod.sizes.map((s) => s.bytes)).toEqual([...prod.sizes.map((s) => s.bytes)].sort((a, b) => a - b));
    expect(prod.lastGoodBytes).toBe(1_000_000 + N - 2);
    expect(new Date(staging.lastGoodAt!).getTime()).toBe(now.getTime() - 2 * 86_400_000);
    expect(new Date(staging.lastBackup!.at).getTime()).toBe(now.getTime() - 2 * 86_400_000);
    expect(new Date(prod.lastBackup!.at).getTime()).toBe(now.getTime() - 3_600_000 + 60_000); // finish time
    expect(staging.health).toBe("healthy"); // staging: 2 days is fine, the type default schedules it, proven
    expect(staging.lastProvenAt).toBe(new Date(now.getTime() - 86_400_000).toISOString());
    expect(prod.lastProvenAt).toBeNull();
    expect(new Date(staging.nextRun!).getTime()).toBeGreaterThan(now.getTime()); // from the type default schedule
    expect(rows[0]!.id).toBe(prodId); // worst first
    expect(ms).toBeLessThan(5000); // guards against per-row queries, not a benchmark
  });
});

describe("dashboard project labels", () => {
  it("adds the slug only when two projects share a name", async () => {
    const db = getDb();
    const twin = randomUUID();
    const solo = randomUUID();
    await db.insert(projects).values([
      { id: twin, name: "Acme", slug: `acme-eu-${twin.slice(0, 6)}` },
      { id: solo, name: "Blog", slug: `blog-${solo.slice(0, 6)}` },
    ]);
    const [twinEnv, soloEnv] = [randomUUID(), randomUUID()];
    await db.insert(environments).values([
      { id: twinEnv, projectId: twin, name: "production", slug: "production", type: "production" },
      { id: soloEnv, projectId: solo, name: "production", slug: "production", type: "production" },
    ]);
    const rows = await loadDashboard(now);
    const label = (id: string) => rows.find((r) => r.id === id)!.projectName;
    expect(label(twinEnv)).toBe(`Acme (acme-eu-${twin.slice(0, 6)})`);
    expect(label(prodId)).toMatch(/^Acme \(acme-[0-9a-f]{6}\)$/);
    expect(label(prodId)).not.toBe(label(twinEnv));
    expect(label(soloEnv)).toBe("Blog");
  });
});

describe("dashboard proof", () => {
  it("counts a failed verification, a failed check of the environment's destination and the last proven restore", async () => {
    const db = getDb();
    const [dest] = await db
      .insert(destinations)
      .values({
        name: `Offsite ${randomUUID().slice(0, 6)}`,
        type: "local",
        config: { path: "/tmp/y" },
        repoPasswordEnc: "x",
      })
      .returning();
    const pid = randomUUID();
    await db
      .insert(projects)
      .values({ id: pid, name: "Proof", slug: `proof-${pid.slice(0, 6)}`, defaultDestinationId: dest!.id });
    const [checked, verified] = [randomUUID(), randomUUID()];
    await db.insert(environments).values([
      { id: checked, projectId: pid, name: "checked", slug: "checked", type: "staging" },
      { id: verified, projectId: pid, name: "verified", slug: "verified", type: "staging" },
    ]);
    const at = new Date(now.getTime() - 3_600_000);
    const good = { status: "succeeded" as const, trigger: "scheduled" as const, createdAt: at, finishedAt: at };
    const [b1] = await db
      .insert(backups)
      .values({ ...good, environmentId: checked })
      .returning();
    await db
      .insert(backups)
      .values({ ...good, environmentId: verified, verification: { status: "failed", checks: [] } });
    await db.insert(testRestores).values({
      environmentId: checked,
      backupId: b1!.id,
      status: "succeeded",
      trigger: "manual",
      startedAt: at,
      finishedAt: new Date(now.getTime() - 3 * 86_400_000),
    });
    const check = (status: "succeeded" | "failed", ageH: number) => ({
      destinationId: dest!.id,
      status,
      trigger: "scheduled" as const,
      finishedAt: new Date(now.getTime() - ageH * 3_600_000),
    });
    await db.insert(integrityChecks).values([check("succeeded", 48), check("failed", 2)]);
    let rows = await loadDashboard(now);
    const row = (id: string) => rows.find((r) => r.id === id)!;
    expect(row(checked)).toMatchObject({
      health: "failing",
      reason: `The last integrity check of ${dest!.name} failed.`,
    });
    expect(row(checked).lastProvenAt).toBe(new Date(now.getTime() - 3 * 86_400_000).toISOString());
    expect(row(verified)).toMatchObject({ health: "failing", reason: "The latest backup failed its verification." });
    expect(row(verified).lastGoodAt).toBeNull(); // a backup that failed verification is not a good one
    // A newer clean check turns the destination green again; "checked" is then healthy (proven 3 d ago).
    await db.insert(integrityChecks).values(check("succeeded", 1));
    rows = await loadDashboard(now);
    expect(row(checked).health).toBe("healthy");
  });
});

describe("dashboard last good backup", () => {
  it("is the latest finish (or start, when none is recorded) of a good backup; damaged and safety ones do not count", async () => {
    const db = getDb();
    const pid = randomUUID();
    await db.insert(projects).values({ id: pid, name: "Good", slug: `good-${pid.slice(0, 6)}` });
    const [env, other] = [randomUUID(), randomUUID()];
    await db.insert(environments).values([
      { id: env, projectId: pid, name: "good", slug: "good", type: "staging" },
      { id: other, projectId: pid, name: "other", slug: "other", type: "staging" },
    ]);
    const h = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
    const row = { environmentId: env, status: "succeeded" as const, trigger: "scheduled" as const };
    await db.insert(backups).values([
      // Started long ago, finished 5 h ago: newer by its finish than the one created 6 h ago.
      { ...row, createdAt: h(30), finishedAt: h(5) },
      { ...row, createdAt: h(6), finishedAt: h(5.5) },
      // Newer, but damaged or a safety backup: not good.
      { ...row, createdAt: h(2), finishedAt: h(1.9), damaged: true },
      { ...row, trigger: "safety", createdAt: h(1), finishedAt: h(1) },
      // Another environment's good backup is not this one's.
      { ...row, environmentId: other, createdAt: h(3), finishedAt: h(3) },
    ]);
    let rows = await loadDashboard(now);
    expect(rows.find((r) => r.id === env)!.lastGoodAt).toBe(h(5).toISOString());
    expect(rows.find((r) => r.id === other)!.lastGoodAt).toBe(h(3).toISOString());
    // A good backup without a recorded finish counts by its start, when that is newer.
    await db.insert(backups).values({ ...row, createdAt: h(4), finishedAt: null });
    rows = await loadDashboard(now);
    expect(rows.find((r) => r.id === env)!.lastGoodAt).toBe(h(4).toISOString());
    // The last backup (any status, safety ones aside) is the damaged one.
    expect(rows.find((r) => r.id === env)!.lastBackup).toEqual({ status: "succeeded", at: h(1.9).toISOString() });
  });
});

describe("monitoring read model", () => {
  it("returns the newest points (at most 1,000) in time order and storage per destination", async () => {
    const t0 = performance.now();
    const m = await loadMonitoring(prodId, now);
    const ms = performance.now() - t0;
    expect(m.points.length).toBe(1000); // 2,160 in 90 days, capped to the newest 1,000
    expect(m.points[0]!.at < m.points.at(-1)!.at).toBe(true);
    expect(m.points.at(-1)!.status).toBe("failed");
    expect(m.points[0]!.durationMs).toBe(60_000);
    expect(m.usage).toEqual([{ id: destId, name: "Disk", storedBytes: 50_000, snapshots: 50 }]);
    expect(ms).toBeLessThan(5000); // guards against per-row queries, not a benchmark
  });
});
