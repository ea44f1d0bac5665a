/* Several hosts, for real (issue 14 item 5; README "Running several nodes"): two network namespaces,
 * host A with Lifeboat's PostgreSQL, the scheduler and a worker, host B with a worker labelled host-b and
 * a directory only B has. Proves, in order: two schedulers (A and B) fire each slot once; the pinned
 * directory source runs on B only; B's worker killed mid-backup leaves the job waiting ("waiting for a
 * worker labelled host-b") while A's worker runs other jobs, and it resumes and succeeds when B's worker
 * returns; an unlabelled worker on B takes over A's job after the lease when A's worker is killed; 500
 * queued jobs on two workers run exactly once each. Needs root and iproute2 (netns.ts). */
import fs from "node:fs";
import path from "node:path";
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { resticCheck, seedDestination, seedEnvironment, waitFor } from "@/lib/jobs/test-fixtures/seed";
import { LEASE_SECONDS, startTwoHosts, type TwoHosts, type Worker } from "./cluster-of-two";

let t: TwoHosts;
let workerA: Worker;
let workerB: Worker;
let dest: { id: string; repoPasswordEnc: string };
const actor = { id: null, email: "ops@example.com", role: "operator" as const, via: "token" as const };
const repo = () => path.join(t.tmp, "repo");
/** Streams until `gate` exists (a file both hosts see), so a kill lands while restic reads it. */
const streamUntil = (gate: string) => ({
  name: "stream",
  type: "command" as const,
  config: {
    backupCommand: `while [ ! -e "${gate}" ]; do head -c 65536 /dev/urandom; sleep 0.2; done; printf end`,
    restoreCommand: "cat > /dev/null",
  },
});

const lib = async () => ({
  db: (await import("@/lib/db")).getDb(),
  schema: await import("@/lib/db/schema"),
  createBackup: (await import("@/lib/backups/create-backup")).createBackup,
  getBackup: (await import("@/lib/backups/get-backup")).getBackup,
  getJob: (await import("@/lib/jobs/get-job")).getJob,
});
async function restAsViewer() {
  const { seedUser, call } = await import("@/lib/auth/test-fixtures");
  const viewer = await seedUser("viewer");
  const backupRoute = await import("@/app/api/v1/backups/[id]/route");
  const jobRoute = await import("@/app/api/v1/jobs/[id]/route");
  return {
    backup: (id: string) => call(backupRoute.GET, { token: viewer.token, params: { id } }),
    job: (id: string) => call(jobRoute.GET, { token: viewer.token, params: { id } }),
  };
}
const ended = (s: string) => !["queued", "running"].includes(s);

async function settled(backupId: string, jobId: string, ms = 120_000) {
  const { getBackup, getJob } = await lib();
  const backup = await waitFor(
    "the backup to end",
    async () => {
      const b = await getBackup(backupId);
      return ended(b.status) ? b : null;
    },
    ms,
  );
  const job = await waitFor("its job to end", async () => {
    const j = await getJob(jobId);
    return ended(j.status) ? j : null;
  });
  return { backup, job };
}

const minuteEnvIds: string[] = [];
let bothSchedulersUp = 0;

beforeAll(async () => {
  t = await startTwoHosts();
  dest = await seedDestination(repo());
  // Set before the workers start, so their start-up counts against the wait for the next minute.
  for (let i = 0; i < 4; i++) {
    // A repository each: the retention that follows a scheduled backup prunes under an exclusive lock.
    const own = await seedDestination(path.join(t.tmp, `repo-minute-${i}`), `minute-${i}`);
    const { env } = await seedEnvironment({
      slug: `every-minute-${i}`,
      sources: [
        { name: "note", type: "command", config: { backupCommand: "printf s", restoreCommand: "cat > /dev/null" } },
      ],
      destinationIds: [own.id],
      schedules: [{ cron: "* * * * *", timezone: "UTC" }],
    });
    minuteEnvIds.push(env.id);
  }
  [workerA, workerB] = await Promise.all([
    t.worker("a", { scheduler: true }),
    t.worker("b", { labels: "host-b", scheduler: true }),
  ]);
  bothSchedulersUp = Date.now();
}, 180_000);

afterAll(async () => {
  await t?.teardown();
}, 60_000);

it("two schedulers, on A and on B, fire each schedule slot once", async () => {
  const { db, schema } = await lib();
  const envIds = minuteEnvIds;
  const scheduled = () =>
    db
      .select()
      .from(schema.backups)
      .where(and(inArray(schema.backups.environmentId, envIds), eq(schema.backups.trigger, "scheduled")));
  // The first minute boundary after both are up: both tick at it and race for every slot.
  const raced = async () =>
    (await db.select().from(schema.scheduleRuns).where(inArray(schema.scheduleRuns.environmentId, envIds))).filter(
      (r) => r.slot.getTime() > bothSchedulersUp,
    );
  await waitFor(
    "a slot after both schedulers were up, for every environment",
    async () => {
      return new Set((await raced()).map((r) => r.environmentId)).size === envIds.length;
    },
    80_000,
  );
  const fired = Date.now();
  await waitFor(
    "a scheduled backup of every environment, ended",
    async () => {
      const rows = await scheduled();
      return new Set(rows.map((r) => r.environmentId)).size === envIds.length && rows.every((r) => ended(r.status));
    },
    110_000,
  );
  await db.update(schema.environments).set({ active: false }).where(inArray(schema.environments.id, envIds));
  for (const w of [workerA, workerB]) {
    expect(w.child.exitCode).toBeNull();
    expect(w.output()).toMatch(/"scheduler":true.*"msg":"background services started"/);
  }
  const runs = await db.select().from(schema.scheduleRuns).where(inArray(schema.scheduleRuns.environmentId, envIds));
  const backups = await scheduled();
  for (const envId of envIds) {
    const slots = runs.filter((r) => r.environmentId === envId).map((r) => r.slot.toISOString());
    expect(new Set(slots).size).toBe(slots.length);
    expect(backups.filter((b) => b.environmentId === envId).length).toBe(slots.length);
  }
  const jobRows = await db
    .select()
    .from(schema.jobs)
    .where(
      inArray(
        schema.jobs.id,
        backups.map((b) => b.jobId!),
      ),
    );
  expect(jobRows.length).toBe(backups.length);
  expect(backups.every((b) => b.status === "succeeded")).toBe(true);
  expect(jobRows.every((j) => j.attempts === 1)).toBe(true);
  console.log(
    `schedulers: ${runs.length} slots fired, ${backups.length} scheduled backups, 0 twice ` +
      `(the raced slot came ${((fired - bothSchedulersUp) / 1000).toFixed(1)} s after both were up; its backups ran in ${((Date.now() - fired) / 1000).toFixed(1)} s)`,
  );
}, 150_000);

it("the directory source pinned to host-b runs on host B only", async () => {
  const { db, schema, createBackup } = await lib();
  expect(fs.existsSync(t.siteOnB)).toBe(false); // not here, nor on host A: same filesystem, other mounts
  const { env } = await seedEnvironment({
    slug: "site-b",
    sources: [{ name: "site", type: "directory", config: { path: t.siteOnB }, workerLabel: "host-b" }],
    destinationIds: [dest.id],
  });
  const { id, jobId } = await createBackup({ environmentId: env.id, trigger: "manual", actor });
  const { backup, job } = await settled(id, jobId);
  expect(backup.error).toBeUndefined();
  expect(backup.status).toBe("succeeded");
  expect(job.status).toBe("succeeded");
  expect(job.workerLabel).toBe("host-b");
  expect(job.workerId).toBe(workerB.id);
  expect(job.workerId!.startsWith("host-b:")).toBe(true);
  expect(job.attempts).toBe(1);
  const [snap] = await db.select().from(schema.backupSnapshots).where(eq(schema.backupSnapshots.backupId, id));
  const { snapshotIndexEntries } = await import("@/lib/backups/file-index/pages");
  const files = await snapshotIndexEntries(snap!.id);
  expect(files.some((f) => f.name === "b.bin" && f.size === 300_000)).toBe(true);
});

it("B's worker killed mid-backup: the job waits for a worker labelled host-b, then resumes on B", async () => {
  const { db, schema, createBackup, getBackup, getJob } = await lib();
  const gate = path.join(t.tmp, "gate-2");
  const { env } = await seedEnvironment({
    slug: "site-b-slow",
    sources: [
      { name: "site", type: "directory", config: { path: t.siteOnB }, workerLabel: "host-b" },
      streamUntil(gate),
    ],
    destinationIds: [dest.id],
  });
  const { id, jobId } = await createBackup({ environmentId: env.id, trigger: "manual", actor });
  await waitFor("restic to be reading the stream on B", async () => (await getBackup(id)).progress?.bytesDone);
  expect((await getJob(jobId)).workerId).toBe(workerB.id);
  await t.kill(workerB);

  // A's worker reaps the lost lease; nobody else has the label, so the job waits, and says so.
  // (The reaper puts the row back to queued, then writes why in its log.)
  const waiting = await waitFor(
    "the job to be queued again",
    async () => {
      const j = await getJob(jobId);
      return j.status === "queued" && j.log.some((l) => l.message.includes("waits for a worker labelled host-b"))
        ? j
        : null;
    },
    60_000,
  );
  expect(waiting.waiting).toBe("waiting for a worker labelled host-b");
  const view = await getBackup(id);
  expect(view.status).toBe("running");
  expect(view.waiting).toBe("waiting for a worker labelled host-b");
  // What the panel polls: GET /api/v1/backups/{id} and /api/v1/jobs/{id}, here with a viewer's token.
  const rest = await restAsViewer();
  const backupRes = await rest.backup(id);
  expect(backupRes.status).toBe(200);
  expect(backupRes.json.waiting).toBe("waiting for a worker labelled host-b");
  const jobRes = await rest.job(jobId);
  expect(jobRes.json).toMatchObject({
    status: "queued",
    workerLabel: "host-b",
    waiting: "waiting for a worker labelled host-b",
  });

  // The pinned job is due again in its queue, and A's worker keeps taking other work past it.
  const bossState = async () =>
    (
      await db.execute<{ state: string; due: boolean }>(
        sql`select state, start_after <= now() as due from pgboss.job where id = ${jobId}`,
      )
    ).rows[0]!;
  await waitFor("the pinned job to be due again", async () => (await bossState()).due);
  const { env: other } = await seedEnvironment({
    slug: "anywhere",
    sources: [
      { name: "note", type: "command", config: { backupCommand: "printf hi", restoreCommand: "cat > /dev/null" } },
    ],
    destinationIds: [dest.id],
  });
  const quick = await createBackup({ environmentId: other.id, trigger: "manual", actor });
  const q = await settled(quick.id, quick.jobId);
  expect(q.backup.status).toBe("succeeded");
  expect(q.job.workerId).toBe(workerA.id);
  expect(["retry", "created"]).toContain((await bossState()).state);
  const still = await getJob(jobId);
  expect(still.status).toBe("queued");
  expect(still.attempts).toBe(1);
  expect((await getBackup(id)).waiting).toBe("waiting for a worker labelled host-b");

  fs.writeFileSync(gate, "");
  workerB = await t.worker("b", { labels: "host-b" });
  const { backup, job } = await settled(id, jobId);
  expect(backup.error).toBeUndefined();
  expect(backup.status).toBe("succeeded");
  expect(backup.waiting).toBeUndefined();
  expect(job.status).toBe("succeeded");
  expect(job.attempts).toBe(2);
  expect(job.workerId).toBe(workerB.id);
  const snaps = await db.select().from(schema.backupSnapshots).where(eq(schema.backupSnapshots.backupId, id));
  expect(snaps.map((s) => s.status)).toEqual(["succeeded", "succeeded"]);
  const { openSecret } = await import("@/lib/secrets");
  const [code, out] = resticCheck(repo(), openSecret(dest.repoPasswordEnc));
  expect(out).toContain("no errors were found");
  expect(code).toBe(0);
});

it("an unlabelled worker on B takes over A's job after the lease when A's worker is killed", async () => {
  const { createBackup, getBackup, getJob } = await lib();
  await t.stop(workerB); // B's labelled worker serves the default queue too; only A may start this job
  const gate = path.join(t.tmp, "gate-3");
  const { env } = await seedEnvironment({ slug: "any-slow", sources: [streamUntil(gate)], destinationIds: [dest.id] });
  const { id, jobId } = await createBackup({ environmentId: env.id, trigger: "manual", actor });
  await waitFor("restic to be reading on A", async () => (await getBackup(id)).progress?.bytesDone);
  expect((await getJob(jobId)).workerId).toBe(workerA.id);
  const second = await t.worker("b");
  await t.kill(workerA);
  const killedAt = Date.now();
  fs.writeFileSync(gate, "");
  const { backup, job } = await settled(id, jobId);
  expect(backup.status).toBe("succeeded");
  expect(job.attempts).toBe(2);
  expect(job.workerId).toBe(second.id);
  expect(job.log.some((l) => l.message.includes("another worker takes it over"))).toBe(true);
  expect(Date.now() - killedAt).toBeGreaterThan(LEASE_SECONDS * 1000);
  workerB = second;
});

it("500 queued jobs on two workers (A and B) run exactly once each", async () => {
  const { db, schema } = await lib();
  await t.stop(workerB); // A's worker was killed in the case before
  await db.execute(
    sql`create table probe_runs (job_id uuid not null, worker text not null, attempt int not null, at timestamptz default now())`,
  );
  await Promise.all([t.probeWorker("a", "bulk"), t.probeWorker("b", "bulk")]);
  const { enqueue, prepareQueues } = await import("@/lib/jobs/queue");
  const { inTransaction } = await import("@/lib/jobs/tx");
  const items = Array.from({ length: 500 }, () => ({ kind: "probe", label: "bulk" }));
  await prepareQueues(items);
  const started = Date.now();
  const ids = await inTransaction((q) => enqueue(q, items));
  await waitFor(
    "500 probe jobs to end",
    async () => {
      const [r] = (
        await db.execute<{ n: number }>(
          sql`select count(*)::int n from jobs where kind = 'probe' and status = 'succeeded'`,
        )
      ).rows;
      return r!.n === 500;
    },
    120_000,
  );
  const seconds = (Date.now() - started) / 1000;
  const runs = (
    await db.execute<{ job_id: string; worker: string; attempt: number }>(
      sql`select job_id, worker, attempt from probe_runs`,
    )
  ).rows;
  expect(runs.length).toBe(500);
  expect(new Set(runs.map((r) => r.job_id))).toEqual(new Set(ids));
  expect(runs.every((r) => r.attempt === 1)).toBe(true);
  const onA = runs.filter((r) => r.worker.startsWith("probe-host-a-")).length;
  const onB = runs.filter((r) => r.worker.startsWith("probe-host-b-")).length;
  expect(onA + onB).toBe(500);
  expect(onA).toBeGreaterThan(0);
  expect(onB).toBeGreaterThan(0);
  const settledJobs = await db.select().from(schema.jobs).where(inArray(schema.jobs.id, ids));
  expect(settledJobs.every((j) => j.status === "succeeded" && j.attempts === 1)).toBe(true);
  console.log(`500 jobs in ${seconds.toFixed(1)} s: ${onA} on host A, ${onB} on host B, 0 twice`);
}, 180_000);
