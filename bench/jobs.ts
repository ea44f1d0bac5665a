/* npm run bench:jobs — 1,000 environments whose schedules are due in the same minute, on a throwaway
 * PostgreSQL database. Measures (1) time from due (the slot instant) to enqueued (pg-boss created_on of
 * the backup job) through the real scheduler → createBackup → enqueue path, p50/p95/max, and (2) claim
 * throughput of two worker processes (the real worker loop; the job body only records the claim, so the
 * queue is measured, not restic). Prints a ratio against raw pg-boss (send and fetch alone) in the same
 * run. Goal: p95 due→enqueued ≤ 1 s. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import pg from "pg";
import { createPgDatabase, dropPgDatabase, ensurePostgres } from "@/test/support/local-services";
import { killTree, migrateInChild, startProcess, waitFor } from "@/lib/jobs/test-fixtures/seed";

const N = Number(process.env.BENCH_ENVIRONMENTS ?? 1000);

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

async function main() {
  await ensurePostgres();
  const db = createPgDatabase("lbt_bench");
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-bench-"));
  const children: ChildProcess[] = [];
  const childEnv = {
    ...process.env,
    DATABASE_URL: db.url,
    LIFEBOAT_DATA_DIR: path.join(tmp, "data"),
    LIFEBOAT_SECRET_KEY: Buffer.alloc(32, 5).toString("base64"),
    LIFEBOAT_SCHEDULER: "off",
    LOG_LEVEL: "warn",
  };
  Object.assign(process.env, childEnv);
  const client = new pg.Client({ connectionString: db.url });
  try {
    migrateInChild(childEnv);
    (await import("@/lib/env")).resetEnvCache();
    await client.connect();
    const { seedDestination } = await import("@/lib/jobs/test-fixtures/seed");
    const dest = await seedDestination(path.join(tmp, "repo"));
    fs.mkdirSync(path.join(tmp, "site"));
    const p = await client.query("insert into projects (name, slug) values ('Bench', 'bench') returning id");
    await client.query(
      `with e as (
         insert into environments (project_id, name, slug, type)
         select $1, 'env ' || g, 'env-' || g, 'staging' from generate_series(1, ${N}) g returning id)
       , s as (insert into sources (environment_id, name, type, config)
         select id, 'files', 'directory', jsonb_build_object('path', $2::text) from e returning environment_id)
       insert into backup_settings (environment_id, schedules, destination_ids)
       select environment_id, '[{"cron":"* * * * *","timezone":"UTC"}]'::jsonb, jsonb_build_array($3::text) from s`,
      [p.rows[0].id, path.join(tmp, "site"), dest.id],
    );
    console.log(`seeded ${N} environments, each with "* * * * *" (UTC)`);

    // (1) The real scheduler in this process, firing real createBackup for every won slot.
    const { startScheduler } = await import("@/lib/jobs/scheduler");
    const { listScheduledEnvironments } = await import("@/lib/backup-settings/scheduled-environments");
    const { prepareScheduledBackups } = await import("@/lib/backups/create-backup");
    const { getBoss, ensureQueue, DEFAULT_QUEUE } = await import("@/lib/jobs/boss");
    await getBoss();
    await ensureQueue(DEFAULT_QUEUE);
    const dueAt = Math.ceil((Date.now() + 1000) / 60_000) * 60_000;
    console.log(`waiting for the slot ${new Date(dueAt).toISOString()} (${Math.round((dueAt - Date.now()) / 1000)} s)`);
    const fired: number[] = []; // per slot: commit time (backup + queued job visible) − slot time
    const scheduler = startScheduler({
      listScheduled: async () => {
        const t = performance.now();
        const r = await listScheduledEnvironments();
        if (Date.now() >= dueAt && Date.now() < dueAt + 5000)
          console.log(`  listScheduled ${(performance.now() - t).toFixed(0)} ms, done at +${Date.now() - dueAt} ms`);
        return r;
      },
      prepare: async (ids) => {
        const t = performance.now();
        const fire = await prepareScheduledBackups(ids);
        console.log(
          `  prepare (settings, sources) ${(performance.now() - t).toFixed(0)} ms, done at ${Date.now() - dueAt} ms from the slot`,
        );
        return async (q, won) => {
          const t2 = performance.now();
          await fire(q, won);
          console.log(
            `  backups + jobs + pg-boss in the transaction ${(performance.now() - t2).toFixed(0)} ms, done at +${Date.now() - dueAt} ms`,
          );
        };
      },
      onFired: (won, at) => {
        for (const w of won) if (w.slot.getTime() === dueAt) fired.push(at.getTime() - w.slot.getTime());
      },
    });
    await waitFor(
      `${N} backup jobs`,
      async () => {
        const r = await client.query(
          "select count(*)::int n from jobs where kind = 'backup' and boss_job_id is not null",
        );
        return r.rows[0].n >= N;
      },
      150_000,
    );
    await scheduler.stop();
    const queued = await client.query(`
      select count(*)::int n from schedule_runs r join backups b on b.id = r.backup_id join pgboss.job j on j.id = b.job_id
      where r.slot = to_timestamp(${dueAt / 1000}) and j.state = 'created'`);
    if (queued.rows[0].n !== N)
      throw new Error(`expected ${N} queued backup jobs for the slot, found ${queued.rows[0].n}`);
    const ms = fired;
    console.log(
      `due → enqueued over ${ms.length} slots: p50 ${pct(ms, 50).toFixed(0)} ms, p95 ${pct(ms, 95).toFixed(0)} ms, max ${Math.max(...ms).toFixed(0)} ms (goal p95 ≤ 1000 ms: ${pct(ms, 95) <= 1000 ? "met" : "MISSED"})`,
    );

    // Raw pg-boss in the same run: 1,000 sends alone, for the ratio.
    const boss = await getBoss();
    await boss.createQueue("bench-raw");
    let t0 = performance.now();
    for (let i = 0; i < N; i++) await boss.send("bench-raw", { i });
    const rawSendMs = performance.now() - t0;
    const pathMs = Math.max(...ms) - 20; // the tick starts 20 ms after the boundary
    console.log(
      `enqueue path: ${N} scheduled backups (schedule_runs + backups + jobs + pg-boss, one transaction) in ≈${pathMs.toFixed(0)} ms; raw pg-boss send ×${N} one by one: ${rawSendMs.toFixed(0)} ms; ratio ${(pathMs / rawSendMs).toFixed(3)}×`,
    );

    // (2) Claim throughput: two worker processes on the N queued backup jobs.
    await client.query(
      "create table probe_runs (job_id uuid not null, worker text not null, attempt int not null, at timestamptz default now())",
    );
    const wenv = { ...childEnv, PROBE_AS: "backup", PROBE_POLL_MS: "100" };
    const ready = (c: ChildProcess) =>
      new Promise<void>((r) => c.stdout!.on("data", (d) => String(d).includes("ready") && r()));
    const a = startProcess("lib/jobs/test-fixtures/probe-worker.ts", wenv, children);
    const b = startProcess("lib/jobs/test-fixtures/probe-worker.ts", wenv, children);
    await Promise.all([ready(a), ready(b)]);
    t0 = performance.now();
    await waitFor(
      "all jobs claimed and done",
      async () => {
        const r = await client.query("select count(*)::int n from jobs where kind = 'backup' and status = 'succeeded'");
        return r.rows[0].n >= N;
      },
      600_000,
    );
    const claimMs = performance.now() - t0;
    const span = await client.query(
      "select extract(epoch from max(started_at) - min(started_at)) * 1000 ms from jobs where kind = 'backup'",
    );
    const twice = await client.query(
      "select count(*)::int n from (select job_id from probe_runs group by job_id having count(*) > 1) x",
    );
    // Raw pg-boss fetch+complete of the N raw jobs in one process, same database.
    t0 = performance.now();
    for (;;) {
      const got = await boss.fetch("bench-raw", { batchSize: 1 });
      if (!got.length) break;
      await boss.complete("bench-raw", got[0]!.id);
    }
    const rawClaimMs = performance.now() - t0;
    const perSec = (N / claimMs) * 1000;
    const rawPerSec = (N / rawClaimMs) * 1000;
    console.log(
      `claim throughput, 2 workers × concurrency 2: ${perSec.toFixed(0)} jobs/s (${N} in ${claimMs.toFixed(0)} ms; first→last claim ${Number(span.rows[0].ms).toFixed(0)} ms; run twice: ${twice.rows[0].n}); raw pg-boss fetch+complete, 1 loop: ${rawPerSec.toFixed(0)} jobs/s; ratio ${(perSec / rawPerSec).toFixed(2)}×`,
    );
    const { stopBoss } = await import("@/lib/jobs/boss");
    const { closeDb } = await import("@/lib/db");
    await stopBoss();
    await closeDb();
  } finally {
    for (const c of children) if (c.exitCode === null && c.pid) killTree(c.pid);
    await client.end().catch(() => {});
    dropPgDatabase(db.name);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
