/* A worker killed with SIGKILL (with everything it started: restic, the producer) in the middle of a
 * backup: after its lease (3 s here) another worker process takes the job over, clears the stale restic
 * lock, finishes the backup, and the repository checks clean. Real worker processes (scripts/worker.ts),
 * real restic, real PostgreSQL. Also checks the directory snapshot's file index and the job's attempts. */
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { workerProcessAppFixture } from "@/test/fixtures/worker-process-app";
import { killTree, resticCheck, seedDestination, seedEnvironment, startProcess, waitFor } from "./test-fixtures/seed";

const app = workerProcessAppFixture("lbt_crash", {
  keyByte: 9,
  tmpPrefix: "lb-crash",
  env: {
    LIFEBOAT_JOB_LEASE_SECONDS: "3",
    LIFEBOAT_SCHEDULER: "off",
  },
});
const { tmp, children, env } = app;

it("a backup whose worker was killed is retried after the lease and succeeds", async () => {
  const { getDb } = await import("@/lib/db");
  const { backups, backupSnapshots, jobs } = await import("@/lib/db/schema");
  const { snapshotIndexEntries } = await import("@/lib/backups/file-index/pages");
  const { openSecret } = await import("@/lib/secrets");
  const { createBackup } = await import("@/lib/backups/create-backup");

  const files = path.join(tmp, "site");
  fs.mkdirSync(path.join(files, "uploads"), { recursive: true });
  fs.writeFileSync(path.join(files, "index.html"), "<h1>shop</h1>");
  fs.writeFileSync(path.join(files, "uploads", "a.bin"), Buffer.alloc(300_000, 7));
  const repoPath = path.join(tmp, "repo");
  const dest = await seedDestination(repoPath);
  // The command source streams ~8 MB over ~8 s, so the kill lands while restic is reading it.
  const slow = "i=0; while [ $i -lt 32 ]; do head -c 262144 /dev/urandom; sleep 0.25; i=$((i+1)); done";
  const { env: environment } = await seedEnvironment({
    slug: "shop-prod",
    sources: [
      { name: "files", type: "directory", config: { path: files } },
      { name: "stream", type: "command", config: { backupCommand: slow, restoreCommand: "cat > /dev/null" } },
    ],
    destinationIds: [dest.id],
  });

  const first = startProcess("scripts/worker.ts", env(), children);
  const { id, jobId } = await createBackup({
    environmentId: environment.id,
    trigger: "manual",
    actor: { id: null, email: "ops@example.com", role: "operator", via: "token" },
  });
  const db_ = getDb();
  await waitFor("the stream source to be running", async () => {
    const rows = await db_.select().from(backupSnapshots).where(eq(backupSnapshots.backupId, id));
    return rows.some((r) => r.sourceName === "stream" && r.status === "running");
  });
  await waitFor("restic to have read something", async () => {
    const [b] = await db_.select().from(backups).where(eq(backups.id, id));
    return (b?.progress?.bytesDone ?? 0) > 0;
  });
  killTree(first.pid!);

  startProcess("scripts/worker.ts", env(), children);
  const done = await waitFor("the backup to finish", async () => {
    const [b] = await db_.select().from(backups).where(eq(backups.id, id));
    return b && !["queued", "running"].includes(b.status) ? b : undefined;
  });
  expect(done.error).toBeNull();
  expect(done.status).toBe("succeeded");
  // The backup row settles just before the job row does.
  const job = await waitFor("the job to settle", async () => {
    const [j] = await db_.select().from(jobs).where(eq(jobs.id, jobId));
    return j && j.status !== "running" ? j : undefined;
  });
  expect(job!.status).toBe("succeeded");
  expect(job!.attempts).toBe(2);
  expect(job!.log.some((l) => l.message.includes("stopped responding"))).toBe(true);

  const snaps = await db_.select().from(backupSnapshots).where(eq(backupSnapshots.backupId, id));
  expect(snaps.map((s) => s.status).sort()).toEqual(["succeeded", "succeeded"]);
  const dir = snaps.find((s) => s.sourceName === "files")!;
  const indexed = await snapshotIndexEntries(dir.id);
  expect(indexed.some((f) => f.name === "a.bin" && f.size === 300_000)).toBe(true);

  await waitFor("no job queued or running", async () => {
    const rows = await db_.select().from(jobs);
    return rows.every((r) => !["queued", "running"].includes(r.status));
  });
  const [code, output] = resticCheck(repoPath, openSecret(dest.repoPasswordEnc));
  expect(output).toContain("no errors were found");
  expect(code).toBe(0);
});

it("a cancelled backup stops restic (SIGINT), ends cancelled, and leaves no lock behind", async () => {
  const { getDb } = await import("@/lib/db");
  const { backups, backupSnapshots, jobs } = await import("@/lib/db/schema");
  const { openSecret } = await import("@/lib/secrets");
  const { createBackup } = await import("@/lib/backups/create-backup");
  const { cancelJob } = await import("@/lib/job-kinds");
  const db_ = getDb();
  const repoPath = path.join(tmp, "repo-cancel");
  const dest = await seedDestination(repoPath, "cancel-dest");
  const slow = "i=0; while [ $i -lt 120 ]; do head -c 65536 /dev/urandom; sleep 0.25; i=$((i+1)); done";
  const { env: environment } = await seedEnvironment({
    slug: "shop-cancel",
    sources: [{ name: "stream", type: "command", config: { backupCommand: slow, restoreCommand: "cat > /dev/null" } }],
    destinationIds: [dest.id],
  });
  if (!children.some((c) => c.exitCode === null)) startProcess("scripts/worker.ts", env(), children);
  const operator = { id: null, email: "ops@example.com", role: "operator" as const, via: "token" as const };
  const { id, jobId } = await createBackup({ environmentId: environment.id, trigger: "manual", actor: operator });
  await waitFor("restic to be reading", async () => {
    const [b] = await db_.select().from(backups).where(eq(backups.id, id));
    return (b?.progress?.bytesDone ?? 0) > 0;
  });
  const res = await cancelJob(jobId, operator);
  expect(res.cancelRequested).toBe(true);
  const job = await waitFor(
    "the job to settle",
    async () => {
      const [j] = await db_.select().from(jobs).where(eq(jobs.id, jobId));
      return j && !["queued", "running"].includes(j.status) ? j : undefined;
    },
    60_000,
  );
  expect(job.status).toBe("cancelled");
  const [b] = await db_.select().from(backups).where(eq(backups.id, id));
  expect(b!.status).toBe("cancelled");
  const snaps = await db_.select().from(backupSnapshots).where(eq(backupSnapshots.backupId, id));
  expect(snaps.every((s) => s.status === "cancelled")).toBe(true);
  const locks = fs.existsSync(path.join(repoPath, "locks")) ? fs.readdirSync(path.join(repoPath, "locks")) : [];
  expect(locks).toEqual([]);
  const [code] = resticCheck(repoPath, openSecret(dest.repoPasswordEnc));
  expect(code).toBe(0);
});
