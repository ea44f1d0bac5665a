/* A backup's verification through the backup kind's handler, with real restic and real folders: a clean
 * folder passes every check and records its manifest (file count and bytes of the snapshot); half the
 * folder deleted (24 of its 40 files: the rule is "shrinks by more than half") before the next backup is a size anomaly (the backup still succeeds, verification
 * warns, the `size_anomaly` alert opens, and a later normal backup resolves it); a required path missing
 * from the snapshot fails verification, the backup is not "succeeded" and `verification_failed` opens. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { backupJob } from "@/lib/backups/backup-job";
import { getDb } from "@/lib/db";
import { alerts, backups, backupSnapshots, jobs } from "@/lib/db/schema";
import { createJobContext } from "@/lib/jobs/job-context";
import { seedDestination, seedEnvironment } from "@/lib/jobs/test-fixtures/seed";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-verify-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function backUp(environmentId: string) {
  const db = getDb();
  const [b] = await db.insert(backups).values({ environmentId, status: "queued", trigger: "manual" }).returning();
  const [job] = await db
    .insert(jobs)
    .values({ kind: "backup", status: "running", subjectId: b!.id, environmentId })
    .returning();
  const ctx = createJobContext(
    { kind: "backup", subjectId: b!.id, environmentId, jobId: job!.id },
    1,
    "test-worker",
    new AbortController(),
    () => null,
  );
  await backupJob.handler.run(ctx);
  const [row] = await db.select().from(backups).where(eq(backups.id, b!.id));
  const snaps = await db.select().from(backupSnapshots).where(eq(backupSnapshots.backupId, b!.id));
  return { row: row!, snaps };
}

const openAlerts = (environmentId: string, kind: string) =>
  getDb()
    .select()
    .from(alerts)
    .where(and(eq(alerts.environmentId, environmentId), eq(alerts.kind, kind), isNull(alerts.resolvedAt)));

function site(name: string, files: number): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(path.join(dir, "uploads"), { recursive: true });
  fs.writeFileSync(path.join(dir, "index.php"), "<?php echo 'hi';");
  for (let i = 0; i < files; i++) fs.writeFileSync(path.join(dir, "uploads", `f${i}.bin`), Buffer.alloc(64 * 1024, i));
  return dir;
}

const statusOf = (checks: { name: string; status: string }[], prefix: string) =>
  checks.find((c) => c.name.startsWith(prefix))?.status;

describe("verification after a backup", () => {
  it("flags half a folder deleted as a size anomaly, and a later normal backup resolves it", async () => {
    const dir = site("shrink", 40);
    const dest = await seedDestination(path.join(tmp, "shrink-repo"));
    const { env } = await seedEnvironment({
      slug: "verify-shrink",
      sources: [{ name: "site", type: "directory", config: { path: dir, requiredPaths: ["index.php", "uploads/"] } }],
      destinationIds: [dest.id],
    });

    const first = await backUp(env.id);
    expect(first.row.status).toBe("succeeded");
    expect(first.row.verification?.status).toBe("passed");
    expect(statusOf(first.row.verification!.checks, "Snapshots listed")).toBe("passed");
    expect(statusOf(first.row.verification!.checks, "Required paths · site")).toBe("passed");
    expect(first.snaps[0]!.manifest).toEqual({
      kind: "directory",
      fileCount: 41,
      totalBytes: 40 * 64 * 1024 + "<?php echo 'hi';".length,
    });

    for (let i = 0; i < 24; i++) fs.rmSync(path.join(dir, "uploads", `f${i}.bin`));
    const second = await backUp(env.id);
    expect(second.row.status).toBe("succeeded");
    expect(second.row.verification?.status).toBe("warning");
    const size = second.row.verification!.checks.find((c) => c.name === "Size anomaly · site");
    expect(size).toMatchObject({ status: "warning" });
    expect(size!.message).toMatch(/less than half the median 2\.5 MiB of its last 1 good backup/);
    expect(await openAlerts(env.id, "size_anomaly")).toHaveLength(1);

    for (let i = 0; i < 24; i++) fs.writeFileSync(path.join(dir, "uploads", `f${i}.bin`), Buffer.alloc(64 * 1024, i));
    const third = await backUp(env.id);
    expect(third.row.verification?.status).toBe("passed");
    expect(await openAlerts(env.id, "size_anomaly")).toHaveLength(0);
  });

  it("fails verification when a required path is missing from the snapshot", async () => {
    const dir = site("broken", 3);
    fs.rmSync(path.join(dir, "index.php"));
    const dest = await seedDestination(path.join(tmp, "broken-repo"));
    const { env } = await seedEnvironment({
      slug: "verify-broken",
      sources: [{ name: "site", type: "directory", config: { path: dir, requiredPaths: ["index.php", "uploads/"] } }],
      destinationIds: [dest.id],
    });
    const { row, snaps } = await backUp(env.id);
    expect(row.status).toBe("failed");
    expect(row.verification?.status).toBe("failed");
    const check = row.verification!.checks.find((c) => c.name === "Required paths · site");
    expect(check).toMatchObject({ status: "failed" });
    expect(check!.message).toMatch(/Missing from the snapshot: index\.php\./);
    expect(snaps[0]).toMatchObject({ status: "failed", error: { code: "verification_failed" } });
    expect(await openAlerts(env.id, "verification_failed")).toHaveLength(1);

    fs.writeFileSync(path.join(dir, "index.php"), "<?php");
    const fixed = await backUp(env.id);
    expect(fixed.row.status).toBe("succeeded");
    expect(await openAlerts(env.id, "verification_failed")).toHaveLength(0);
  });
});
