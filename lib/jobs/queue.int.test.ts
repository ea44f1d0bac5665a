/* The queue across processes on a throwaway real PostgreSQL database: two worker processes and 300 jobs
 * → each done exactly once; two scheduler processes racing on the same due slots → each slot fires once.
 * Workers and schedulers are real child processes (tsx), the same code `npm run worker` runs. */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createPgDatabase, dropPgDatabase, ensurePostgres } from "@/test/support/local-services";

const TSX = ["node_modules/.bin/tsx", "--conditions=react-server"];
let db: { name: string; url: string };
let client: pg.Client;
const children: ChildProcess[] = [];

function childEnv(extra: Record<string, string> = {}) {
  return { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: "warn", LIFEBOAT_SCHEDULER: "off", ...extra };
}

function startChild(script: string, extra: Record<string, string> = {}): ChildProcess {
  const child = spawn(TSX[0]!, [...TSX.slice(1), script], {
    env: childEnv(extra),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let err = "";
  child.stderr!.on("data", (d) => (err = (err + d).slice(-4000)));
  child.on("exit", (code) => {
    if (code && code !== 0) console.error(`${script} exited ${code}: ${err}`);
  });
  children.push(child);
  return child;
}

function ready(child: ChildProcess, marker: string, ms = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no "${marker}" within ${ms} ms`)), ms);
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      if (out.includes(marker)) {
        clearTimeout(t);
        resolve();
      }
    });
    child.on("exit", (code) => reject(new Error(`exited ${code} before "${marker}"`)));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.on("exit", (code) => resolve(code));
  });
}

async function waitFor(what: string, fn: () => Promise<boolean>, ms = 120_000) {
  const until = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  await ensurePostgres();
  db = createPgDatabase("lbt_jobs");
  const m = spawnSync(TSX[0]!, [...TSX.slice(1), "lib/jobs/test-fixtures/migrate.ts"], {
    env: childEnv(),
    encoding: "utf8",
  });
  if (m.status !== 0) throw new Error(`migrate failed: ${m.stderr}`);
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  await client?.end();
  if (db) dropPgDatabase(db.name);
});

describe("queue on PostgreSQL with several processes", () => {
  it("two worker processes run 300 jobs, each exactly once", async () => {
    await client.query(
      "create table probe_runs (job_id uuid not null, worker text not null, attempt int not null, at timestamptz default now())",
    );
    const a = startChild("lib/jobs/test-fixtures/probe-worker.ts", { PROBE_POLL_MS: "100" });
    const b = startChild("lib/jobs/test-fixtures/probe-worker.ts", { PROBE_POLL_MS: "100" });
    await Promise.all([ready(a, "probe worker ready"), ready(b, "probe worker ready")]);

    // Enqueue through the real enqueueJob in this process (same database).
    process.env.DATABASE_URL = db.url;
    process.env.LOG_LEVEL = "warn";
    const { resetEnvCache } = await import("@/lib/env");
    resetEnvCache();
    const { enqueueJob } = await import("./queue");
    const ids: string[] = [];
    for (let i = 0; i < 300; i++) ids.push(await enqueueJob({ kind: "probe", params: { i } }));

    await waitFor("300 jobs to finish", async () => {
      const r = await client.query("select count(*)::int n from jobs where kind = 'probe' and status = 'succeeded'");
      return r.rows[0].n === 300;
    });
    const runs = await client.query("select job_id, count(*)::int n from probe_runs group by job_id");
    expect(runs.rows.length).toBe(300);
    expect(runs.rows.every((r) => r.n === 1)).toBe(true);
    expect(new Set(runs.rows.map((r) => r.job_id))).toEqual(new Set(ids));
    const perWorker = await client.query("select worker, count(*)::int n from probe_runs group by worker");
    expect(perWorker.rows.length).toBe(2); // both processes took part
    const left = await client.query("select count(*)::int n from jobs where status in ('queued','running')");
    expect(left.rows[0].n).toBe(0);

    const { stopBoss } = await import("./boss");
    const { closeDb } = await import("@/lib/db");
    await stopBoss();
    await closeDb();
    a.kill("SIGTERM");
    b.kill("SIGTERM");
    await Promise.all([exited(a), exited(b)]);
  });

  it("two scheduler processes fire each due slot once", async () => {
    await client.query(
      "create table scheduler_fired (environment_id uuid not null, slot timestamptz not null, pid int not null)",
    );
    const p = await client.query("insert into projects (name, slug) values ('Sched', 'sched') returning id");
    await client.query(
      `insert into environments (project_id, name, slug, type)
       select $1, 'env ' || g, 'env-' || g, 'staging' from generate_series(1, 60) g`,
      [p.rows[0].id],
    );
    await client.query(`update environments set active = false where slug in ('env-1', 'env-2')`); // paused
    const a = startChild("lib/jobs/test-fixtures/scheduler-proc.ts", { SCHED_RUN_MS: "4000" });
    const b = startChild("lib/jobs/test-fixtures/scheduler-proc.ts", { SCHED_RUN_MS: "4000" });
    expect(await exited(a)).toBe(0);
    expect(await exited(b)).toBe(0);

    const fired = await client.query("select environment_id, slot, count(*)::int n from scheduler_fired group by 1, 2");
    const runs = await client.query("select count(*)::int n from schedule_runs");
    expect(fired.rows.length).toBeGreaterThanOrEqual(58); // every active environment's current slot
    expect(fired.rows.every((r) => r.n === 1)).toBe(true); // … and each exactly once
    expect(runs.rows[0].n).toBe(fired.rows.length);
    const paused = await client.query(
      `select count(*)::int n from scheduler_fired f join environments e on e.id = f.environment_id where not e.active`,
    );
    expect(paused.rows[0].n).toBe(0);
    const pids = await client.query("select count(distinct pid)::int n from scheduler_fired");
    expect(pids.rows[0].n).toBeGreaterThanOrEqual(1);
  });
});
