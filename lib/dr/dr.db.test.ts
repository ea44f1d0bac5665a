/* The DR computation (lib/dr) against a real database (PGlite and PostgreSQL): the worst gap between
 * good backups over 30 days (failed, damaged, verification-failed and safety backups do not count; the
 * gap crossing the window's start counts whole; the gap to now counts), checked against an independent
 * computation over 10,000 backups, and fast; ok / at_risk / failing by the last test restore; critical
 * and edited targets; the overdue alert using the environment's own RPO. */
import { randomBytes, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { backups, environments, projects, testRestores } from "@/lib/db/schema";
import { evaluateAlerts } from "@/lib/alerts";
import { overdueRule } from "@/lib/alerts/rules/overdue";
import { SYSTEM_ACTOR } from "@/lib/auth/roles";
import { getDr, putDrTargets } from "./load-dr";
import { measureBackups } from "./measure-dr";

const H = 3_600_000;
const D = 24 * H;
const now = new Date();
const ago = (ms: number) => new Date(now.getTime() - ms);

type Kind = "production" | "staging" | "development";

async function seedEnv(type: Kind = "production", extra: Partial<typeof environments.$inferInsert> = {}) {
  const slug = `dr-${randomBytes(4).toString("hex")}`;
  const [p] = await getDb().insert(projects).values({ name: "Shop", slug }).returning();
  const [e] = await getDb()
    .insert(environments)
    .values({ projectId: p!.id, name: type, slug: type, type, createdAt: ago(400 * D), ...extra })
    .returning();
  return e!;
}

type BackupRow = typeof backups.$inferInsert;
async function addBackups(envId: string, rows: (Partial<BackupRow> & { at: Date })[]) {
  const values = rows.map(({ at, ...r }) => ({
    id: randomUUID(),
    environmentId: envId,
    status: "succeeded" as const,
    trigger: "scheduled" as const,
    createdAt: new Date(at.getTime() - 60_000),
    startedAt: new Date(at.getTime() - 60_000),
    finishedAt: at,
    ...r,
  }));
  for (let i = 0; i < values.length; i += 1000)
    await getDb()
      .insert(backups)
      .values(values.slice(i, i + 1000));
  return values;
}

async function addTestRestore(
  envId: string,
  backupId: string,
  status: "succeeded" | "failed",
  at: Date,
  seconds: number,
) {
  await getDb()
    .insert(testRestores)
    .values({
      environmentId: envId,
      backupId,
      status,
      trigger: "scheduled",
      startedAt: new Date(at.getTime() - seconds * 1000),
      finishedAt: at,
    });
}

describe("worst gap between good backups", () => {
  it("ignores backups that are not good, counts the gap to now and the one crossing the window start", async () => {
    const env = await seedEnv();
    await addBackups(env.id, [
      { at: ago(40 * D) },
      { at: ago(25 * D) }, // 15 days after the previous one: crosses the window's start, counts whole
      { at: ago(20 * D), status: "failed" },
      { at: ago(19 * D), damaged: true },
      { at: ago(18 * D), verification: { status: "failed", checks: [] } },
      { at: ago(17 * D), trigger: "safety" },
      { at: ago(16 * D), deletedAt: ago(1 * D) },
      { at: ago(12 * D), verification: { status: "warning", checks: [] } }, // a warning is still good
      { at: ago(3 * H) },
    ]);
    const m = await measureBackups(env.id, now);
    expect(m.worstGapSeconds30d).toBe(15 * 86400);
    expect(m.lastGoodBackupAt).toBe(ago(3 * H).toISOString());

    const env2 = await seedEnv("staging");
    await addBackups(env2.id, [{ at: ago(5 * D) }, { at: ago(6 * D) }]);
    expect((await measureBackups(env2.id, now)).worstGapSeconds30d).toBe(5 * 86400); // the gap to now

    const none = await seedEnv("development");
    await addBackups(none.id, [{ at: ago(1 * H), status: "failed" }]);
    expect(await measureBackups(none.id, now)).toEqual({
      lastGoodBackupId: null,
      lastGoodBackupAt: null,
      worstGapSeconds30d: null,
    });
  });

  it("agrees with an independent computation over 10,000 backups, in well under a second", async () => {
    const env = await seedEnv();
    // 10,000 backups ~7 min apart (about 48 days), a few failed, one long outage 9 days ago.
    const rows = Array.from({ length: 10_000 }, (_, i) => {
      const at = ago((10_000 - i) * 7 * 60_000 + ((i * 7919) % 120) * 1000);
      const outage = at > ago(9 * D) && at < ago(9 * D - 31 * H);
      return { at, status: (outage || i % 97 === 0 ? "failed" : "succeeded") as "failed" | "succeeded" };
    });
    await addBackups(env.id, rows);
    const good = rows
      .filter((r) => r.status === "succeeded")
      .map((r) => r.at.getTime())
      .sort((a, b) => a - b);
    const from = ago(30 * D).getTime();
    let expected = (now.getTime() - good.at(-1)!) / 1000;
    for (let i = 1; i < good.length; i++) {
      if (good[i]! >= from) expected = Math.max(expected, (good[i]! - good[i - 1]!) / 1000);
    }
    expect(expected).toBeGreaterThan(31 * 3600); // the outage is the worst gap
    const t0 = performance.now();
    const m = await measureBackups(env.id, now);
    const ms = performance.now() - t0;
    expect(m.worstGapSeconds30d).toBe(Math.round(expected));
    expect(m.lastGoodBackupAt).toBe(new Date(good.at(-1)!).toISOString());
    console.log(`measureBackups over 10,000 backups: ${ms.toFixed(1)} ms`);
    expect(ms).toBeLessThan(1000);
  });
});

describe("DR status", () => {
  it("is ok, at risk or failing by the newest good backup, the worst gap and the last test restore", async () => {
    const env = await seedEnv();
    const [b] = await addBackups(env.id, [{ at: ago(30 * H) }, { at: ago(8 * H) }, { at: ago(2 * H) }]);
    let v = await getDr(env.id, now);
    expect(v.targets).toEqual({ rpoSeconds: 86400, rtoSeconds: 3600 }); // production default
    expect(v.measured.lastTestRestore).toBeNull();
    expect(v.lines.map((l) => [l.key, l.status])).toEqual([
      ["last_good", "ok"],
      ["worst_gap", "ok"], // 22 h ≤ 24 h
      ["test_restore", "at_risk"], // never proven
    ]);
    expect(v.status).toBe("at_risk");

    await addTestRestore(env.id, b!.id, "succeeded", ago(3 * D), 600);
    v = await getDr(env.id, now);
    expect(v.measured.lastTestRestore).toMatchObject({ status: "succeeded", durationSeconds: 600 });
    expect(v.status).toBe("ok");
    expect(v.lines[2]!.message).toMatch(/Last proven restore 3 d ago took 10m 00s, within the 1 h RTO/);

    await addTestRestore(env.id, b!.id, "failed", ago(1 * D), 30);
    v = await getDr(env.id, now);
    expect(v.status).toBe("failing");
    expect(v.lines[2]!.message).toMatch(/last test restore \(1 d ago\) failed/);
  });

  it("a restore slower than the RTO fails; one older than 30 days is at risk", async () => {
    const env = await seedEnv("staging");
    const [b] = await addBackups(env.id, [{ at: ago(1 * D) }]);
    await addTestRestore(env.id, b!.id, "succeeded", ago(40 * D), 60);
    expect((await getDr(env.id, now)).lines[2]!.status).toBe("at_risk");
    await addTestRestore(env.id, b!.id, "succeeded", ago(1 * H), 5 * 3600); // RTO 4 h
    const v = await getDr(env.id, now);
    expect(v.lines[2]).toMatchObject({ status: "failing" });
    expect(v.lines[2]!.message).toMatch(/took 5h 00m, longer than the 4 h RTO/);
  });

  it("critical sets RPO 1 h / RTO 15 min; edited targets win over critical; null returns to the default", async () => {
    const env = await seedEnv();
    await addBackups(env.id, [{ at: ago(2 * H) }]);
    expect((await getDr(env.id, now)).lines[0]!.status).toBe("ok");
    let v = await putDrTargets(env.id, { critical: true }, SYSTEM_ACTOR);
    expect(v.targets).toEqual({ rpoSeconds: 3600, rtoSeconds: 900 });
    expect(v.lines[0]).toMatchObject({ status: "failing" }); // 2 h > 1 h + 5 min grace
    v = await putDrTargets(env.id, { rpoSeconds: 3 * 3600 }, SYSTEM_ACTOR);
    expect(v).toMatchObject({ critical: true, targets: { rpoSeconds: 10800, rtoSeconds: 900 } });
    expect(v.inherited).toEqual({ rpoSeconds: false, rtoSeconds: true });
    expect(v.lines[0]!.status).toBe("ok");
    v = await putDrTargets(env.id, { rpoSeconds: null, critical: false }, SYSTEM_ACTOR);
    expect(v).toMatchObject({ critical: false, targets: { rpoSeconds: 86400, rtoSeconds: 3600 } });
  });
});

describe("the overdue alert uses the environment's own RPO", () => {
  it("fires for a critical environment after 65 min and holds an edited one to its target", async () => {
    const critical = await seedEnv("production", { critical: true });
    const relaxed = await seedEnv("production", { rpoSeconds: 48 * 3600 });
    const plain = await seedEnv("production");
    const strictStaging = await seedEnv("staging", { rpoSeconds: 3600 });
    await addBackups(critical.id, [{ at: ago(70 * 60_000) }]);
    await addBackups(relaxed.id, [{ at: ago(30 * H) }]);
    await addBackups(plain.id, [{ at: ago(30 * H) }]);
    await addBackups(strictStaging.id, [{ at: ago(2 * H) }]);
    const r = await evaluateAlerts({ now, rules: [overdueRule] });
    const opened = new Map(r.opened.filter((a) => a.kind === "overdue").map((a) => [a.environment_id, a]));
    expect(opened.get(critical.id)?.message).toMatch(/no good backup within 65 min — the last good backup was 1 h ago/);
    expect(opened.get(critical.id)?.message).toMatch(/RPO target is 1 h; the alert waits 5 min more/);
    expect(opened.get(critical.id)?.severity).toBe("critical");
    expect(opened.has(relaxed.id)).toBe(false); // 30 h < 48 h + 4 h
    expect(opened.get(plain.id)?.message).toMatch(/within 26 h/);
    expect(opened.get(strictStaging.id)?.severity).toBe("warning");
    // Relaxing the critical environment's target resolves its alert on the next pass.
    await getDb()
      .update(environments)
      .set({ rpoSeconds: 4 * 3600 })
      .where(eq(environments.id, critical.id));
    const r2 = await evaluateAlerts({ now, rules: [overdueRule] });
    expect(r2.resolved.map((a) => a.environment_id)).toContain(critical.id);
  });
});
