/* npm run bench:alerts — every alert rule evaluated for 10,000 environments (BENCH_ENVIRONMENTS), on the
 * embedded database and on a throwaway PostgreSQL database: half of the environments have a failed last
 * backup, a tenth are overdue, every backup wrote a snapshot row to one of 20 destinations (one of them
 * unreachable), 100 jobs are stuck. Times (1) the first evaluation (opens every alert), (2) steady-state
 * evaluations (nothing changes: the cost every interval pays), and prints the ratio of (2) against the raw
 * tool — the same rule queries sent straight to the database in the same run. Goal: (2) ≤ 1 s. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const N = Number(process.env.BENCH_ENVIRONMENTS ?? 10_000);
const which = (process.argv[2] ?? "pglite") as "pglite" | "postgres";

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-bench-alerts-"));
  process.env.LIFEBOAT_DATA_DIR = tmp;
  process.env.LIFEBOAT_SECRET_KEY = Buffer.alloc(32, 5).toString("base64");
  process.env.LOG_LEVEL = "warn";
  let pgName: string | undefined;
  const services = await import("@/test/support/local-services");
  if (which === "postgres") {
    await services.ensurePostgres();
    const db = services.createPgDatabase("lbt_bench_alerts");
    pgName = db.name;
    process.env.DATABASE_URL = db.url;
  } else delete process.env.DATABASE_URL;
  const { ensureMigrated, getDb, closeDb } = await import("@/lib/db");
  const { sql } = await import("drizzle-orm");
  const { evaluateAlerts } = await import("@/lib/alerts/evaluate");
  const { DEFAULT_RULES, defaultRuleOptions } = await import("@/lib/alerts/rules");
  const { inTransaction } = await import("@/lib/jobs/tx");
  try {
    await ensureMigrated();
    const db = getDb();
    const now = new Date("2031-06-01T12:00:00Z");
    await db.execute(sql`insert into projects (name, slug) values ('Bench', 'bench')`);
    await db.execute(sql`
      insert into destinations (name, type, config, repo_password_enc)
      select 'dest ' || g, 'local', '{}'::jsonb, 'x' from generate_series(1, 20) g`);
    await db.execute(sql`
      insert into environments (project_id, name, slug, type, created_at)
      select (select id from projects), 'env ' || g, 'env-' || g, case when g % 3 = 0 then 'production' else 'staging' end,
             ${now.toISOString()}::timestamptz - interval '30 days'
      from generate_series(1, ${N}) g`);
    // Two backups per environment: an older good one (10 days ago for every tenth, else 1 h), then the latest.
    await db.execute(sql`
      insert into backups (environment_id, status, trigger, created_at, finished_at)
      select e.id, 'succeeded', 'scheduled', t, t from (
        select id, ${now.toISOString()}::timestamptz - case when row_number() over () % 10 = 0 then interval '10 days' else interval '1 hour' end as t
        from environments) e`);
    await db.execute(sql`
      insert into backups (environment_id, status, trigger, created_at, finished_at, error)
      select id, case when rn % 2 = 0 then 'failed' else 'succeeded' end, 'scheduled', t, t,
             case when rn % 2 = 0 then '{"code":"backup_failed","message":"pg_dump: connection refused"}'::jsonb end
      from (select id, row_number() over () as rn, ${now.toISOString()}::timestamptz - interval '30 minutes' as t from environments) e
      where rn % 10 <> 0`);
    await db.execute(sql`
      insert into backup_snapshots (backup_id, source_id, destination_id, source_name, source_type, status, error, finished_at)
      select b.id, b.environment_id, d.id, 'db', 'postgres', case when d.name = 'dest 1' then 'failed' else b.status end,
             case when d.name = 'dest 1' then '{"code":"RepoUnreachable","message":"no route to host"}'::jsonb end,
             b.finished_at
      from (select id, environment_id, status, finished_at, row_number() over () as rn from backups) b
      join (select id, name, row_number() over (order by name) - 1 as k from destinations) d on d.k = b.rn % 20`);
    await db.execute(sql`
      insert into jobs (kind, status, environment_id, heartbeat_at, started_at)
      select 'backup', 'running', id, ${now.toISOString()}::timestamptz - interval '2 hours', ${now.toISOString()}::timestamptz - interval '2 hours'
      from environments limit 100`);
    await db.execute(sql`analyze`);
    console.log(`[${which}] seeded ${N} environments, 20 destinations, 100 stuck jobs`);

    const opts = { rules: DEFAULT_RULES, ruleOptions: defaultRuleOptions(60) };
    let t = performance.now();
    const first = await evaluateAlerts({ ...opts, now });
    const firstMs = performance.now() - t;
    const steady: number[] = [];
    for (let i = 0; i < 5; i++) {
      t = performance.now();
      const r = await evaluateAlerts({ ...opts, now: new Date(now.getTime() + (i + 1) * 60_000) });
      steady.push(performance.now() - t);
      if (r.opened.length || r.resolved.length) throw new Error("steady state changed alerts");
    }
    // Raw: the same rule queries, straight to the database, no lifecycle.
    const raw: number[] = [];
    const perRule: Record<string, number[]> = {};
    for (let i = 0; i < 5; i++) {
      t = performance.now();
      await inTransaction(async (q) => {
        const query = async (text: string, values: unknown[]) => (await q.executeSql(text, values)).rows;
        for (const rule of DEFAULT_RULES) {
          const r0 = performance.now();
          await rule.evaluate(query, now, opts.ruleOptions);
          perRule[rule.kind] = [...(perRule[rule.kind] ?? []), performance.now() - r0];
        }
      });
      raw.push(performance.now() - t);
    }
    const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
    const kinds: Record<string, number> = {};
    for (const a of first.opened) kinds[a.kind] = (kinds[a.kind] ?? 0) + 1;
    console.log(
      `[${which}] first evaluation: ${first.opened.length} alerts opened ${JSON.stringify(kinds)} in ${firstMs.toFixed(0)} ms`,
    );
    const ruleMs = Object.entries(perRule).map(([k, v]) => `${k} ${med(v).toFixed(0)} ms`);
    console.log(`[${which}] per rule (median): ${ruleMs.join(", ")}`);
    console.log(
      `[${which}] steady evaluation (all ${DEFAULT_RULES.length} rules, ${N} environments): median ${med(steady).toFixed(0)} ms, ` +
        `max ${Math.max(...steady).toFixed(0)} ms; raw rule queries median ${med(raw).toFixed(0)} ms; ratio ${(med(steady) / med(raw)).toFixed(2)}; ` +
        `goal ≤ 1000 ms: ${med(steady) <= 1000 ? "met" : "NOT met"}`,
    );
  } finally {
    await closeDb();
    if (pgName) services.dropPgDatabase(pgName);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
