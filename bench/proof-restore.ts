/* npm run bench:proof:restore — a test restore of a pgbench scale-20 database against what a person would
 * script, in the same run: `createdb`, `restic dump <snapshot> /<db>.pgdump | pg_restore --dbname=<it>`,
 * then every table's `count(*)` compared with the recorded counts (the drop comes after the figure, on
 * both sides). The test restore goes through the real path (createTestRestore → the test_restore job on
 * an in-process worker → scratch database → restoreSource → row counts against the manifest → result
 * recorded → drop) and is timed from the call to the recorded result, polled every 20 ms; the job's drop
 * after the result is waited for before the next measurement, untimed, like the bare side's. BENCH_ROUNDS
 * (5) interleaved rounds, the order flipped each round; medians, the spread and the load are printed,
 * and each round's phase timings from the job log. Goal: ratio ≤ 1.10. Not part of the test command.
 * Needs PostgreSQL on 127.0.0.1:5432 (trust), pgbench and restic. */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { createPgDatabase, dropPgDatabase, ensurePostgres, PG_URL_BASE } from "@/test/support/local-services";
import { migrateInChild, waitFor } from "@/lib/jobs/test-fixtures/seed";

const SCALE = Number(process.env.BENCH_PGBENCH_SCALE ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const psql = (db: string, sqlText: string) =>
  execFileSync("psql", [`${PG_URL_BASE}/${db}`, "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sqlText], {
    encoding: "utf8",
  }).trim();

function bareRestore(
  repo: string,
  password: string,
  snapshotId: string,
  file: string,
  target: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    psql("postgres", `create database "${target}"`);
    const dump = spawn("restic", ["-r", repo, "dump", snapshotId, file], {
      env: {
        PATH: process.env.PATH,
        RESTIC_PASSWORD: password,
        RESTIC_CACHE_DIR: `${repo}-bare-cache`,
      } as unknown as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const restore = spawn("pg_restore", ["--no-owner", `--dbname=${PG_URL_BASE}/${target}`], {
      stdio: ["pipe", "inherit", "inherit"],
    });
    dump.stdout.pipe(restore.stdin);
    let left = 2;
    const done = (code: number | null) => {
      if (code !== 0) return reject(new Error(`bare restore exited ${code}`));
      if (--left === 0) resolve((performance.now() - t0) / 1000);
    };
    dump.on("exit", done);
    restore.on("exit", done);
  });
}

async function main() {
  await ensurePostgres();
  const app = createPgDatabase("lbt_bench_drill");
  const source = createPgDatabase("lbt_bench_pgbench");
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-bench-drill-"));
  const childEnv = {
    ...process.env,
    DATABASE_URL: app.url,
    LIFEBOAT_DATA_DIR: path.join(tmp, "data"),
    LIFEBOAT_SECRET_KEY: Buffer.alloc(32, 5).toString("base64"),
    LIFEBOAT_SCHEDULER: "off",
    LOG_LEVEL: "warn",
  };
  Object.assign(process.env, childEnv);
  const bareDbs: string[] = [];
  let stopWorker: (() => Promise<void>) | null = null;
  try {
    console.log(`pgbench -i -s ${SCALE} …`);
    execFileSync("pgbench", ["-i", "-q", "-s", String(SCALE), `${PG_URL_BASE}/${source.name}`], { stdio: "ignore" });
    migrateInChild(childEnv);
    (await import("@/lib/env")).resetEnvCache();
    const { seedDestination, seedEnvironment } = await import("@/lib/jobs/test-fixtures/seed");
    const { getDb } = await import("@/lib/db");
    const { backups, backupSnapshots, jobs, testRestores } = await import("@/lib/db/schema");
    const { openSecret } = await import("@/lib/secrets");
    const { startWorker } = await import("@/lib/jobs/worker");
    const { jobHandlers } = await import("@/lib/job-kinds");
    const { createBackup } = await import("@/lib/backups/create-backup");
    const { createTestRestore } = await import("@/lib/proof/test-restore");
    const repo = path.join(tmp, "repo");
    const dest = await seedDestination(repo);
    const { env } = await seedEnvironment({
      slug: "bench-drill",
      sources: [
        {
          name: "pgbench",
          type: "postgres",
          config: { host: "127.0.0.1", port: 5432, user: "postgres", database: source.name },
        },
      ],
      destinationIds: [dest.id],
    });
    const worker = startWorker({ handlers: jobHandlers(), concurrency: 1, pollMs: 100 });
    stopWorker = () => worker.stop(5000);
    const actor = { id: null, email: "bench@example.com", role: "operator" as const, via: "token" as const };
    const b = await createBackup({ environmentId: env.id, trigger: "manual", actor });
    await waitFor(
      "the backup",
      async () => {
        const [row] = await getDb().select().from(backups).where(eq(backups.id, b.id));
        return row && !["queued", "running"].includes(row.status) ? row : undefined;
      },
      900_000,
    );
    const [snap] = await getDb().select().from(backupSnapshots).where(eq(backupSnapshots.backupId, b.id));
    const tables = psql(source.name, "select tablename from pg_tables where schemaname = 'public' order by 1").split(
      "\n",
    );
    const manifest =
      snap!.manifest?.kind === "database"
        ? snap!.manifest
        : {
            kind: "database" as const,
            engine: "postgres" as const,
            consistent: true,
            tables: tables.map((t) => ({
              schema: "public",
              name: t,
              rows: Number(psql(source.name, `select count(*) from ${t}`)),
              exact: true,
            })),
          };
    if (manifest !== snap!.manifest)
      await getDb().update(backupSnapshots).set({ manifest }).where(eq(backupSnapshots.id, snap!.id));
    const file = `/${source.name}.pgdump`;
    const password = openSecret(dest.repoPasswordEnc);
    console.log(
      `backup done: snapshot ${snap!.snapshotId}, ${((snap!.totalBytes ?? 0) / 2 ** 20).toFixed(0)} MiB dump`,
    );

    const tableList = manifest.tables.map((t) => t.name);
    const expected = new Map(manifest.tables.map((t) => [t.name, t.rows]));
    const bareTimes: number[] = [];
    const wallTimes: number[] = [];
    const rowTimes: number[] = [];
    const sourceTimes: number[] = [];
    const ratios: number[] = [];
    const load0 = os.loadavg();
    const pollRow = async (id: string) => {
      for (;;) {
        const [r] = await getDb().select().from(testRestores).where(eq(testRestores.id, id));
        if (r && !["queued", "running"].includes(r.status)) return r;
        await new Promise((res) => setTimeout(res, 20));
      }
    };
    const drill = async () => {
      const t0 = performance.now();
      const started = (await createTestRestore({ backupId: b.id, trigger: "manual", actor }))!;
      const row = await pollRow(started.id);
      const wall = (performance.now() - t0) / 1000;
      if (row.status !== "succeeded") throw new Error(`test restore ${row.status}: ${row.error?.message}`);
      // Not timed, but waited for: the job ends once its scratch database is dropped (after the result),
      // and that drop must not overlap the next measurement (nor hold the worker the next round needs).
      const job = await waitFor(
        "the test restore job's end",
        async () => {
          const [j] = await getDb()
            .select({ status: jobs.status, log: jobs.log })
            .from(jobs)
            .where(eq(jobs.id, started.jobId));
          return j && !["queued", "running"].includes(j.status) ? j : undefined;
        },
        120_000,
      );
      const phases = (job.log ?? [])
        .map((l) => l.message)
        .filter((m) => m.includes("phases") || m.startsWith("Scratch targets dropped"));
      return { wall, row, phases };
    };
    const bare = async (round: number) => {
      const target = `lbt_bench_bare_${process.pid}_${round}`;
      bareDbs.push(target);
      const t0 = performance.now();
      await bareRestore(repo, password, snap!.snapshotId!, file, target);
      // … and the check a person scripts after it: every table's count against the recorded one.
      const counts = psql(target, tableList.map((t) => `select '${t}', count(*) from ${t}`).join(" union all "));
      for (const line of counts.split("\n")) {
        const [t, n] = line.split("|");
        if (expected.get(t!) !== Number(n)) throw new Error(`bare: ${t} has ${n} rows`);
      }
      const took = (performance.now() - t0) / 1000;
      dropPgDatabase(target); // after the figure, as the test restore's drop now is
      return took;
    };
    for (let round = 0; round < ROUNDS; round++) {
      // Interleaved, the order flipped every round, so machine load hits both sides alike.
      let bareT = 0;
      let d: Awaited<ReturnType<typeof drill>>;
      if (round % 2 === 0) {
        bareT = await bare(round);
        d = await drill();
      } else {
        d = await drill();
        bareT = await bare(round);
      }
      bareTimes.push(bareT);
      wallTimes.push(d.wall);
      const rowSeconds = (d.row.finishedAt!.getTime() - d.row.startedAt!.getTime()) / 1000;
      rowTimes.push(rowSeconds);
      sourceTimes.push(d.row.sources[0]!.durationSeconds ?? 0);
      ratios.push(d.wall / bareT);
      console.log(
        `round ${round + 1} (${round % 2 === 0 ? "bare first" : "drill first"}, load ${os.loadavg()[0]!.toFixed(1)}): bare ${bareT.toFixed(2)} s · test restore ${d.wall.toFixed(2)} s click → result (row ${rowSeconds.toFixed(2)} s, restore step ${d.row.sources[0]!.durationSeconds} s) · ratio ${(d.wall / bareT).toFixed(3)}`,
      );
      for (const p of d.phases) console.log(`    ${p}`);
    }
    const median = (v: number[]) => {
      const s = [...v].sort((x, y) => x - y);
      return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
    };
    const spread = (v: number[]) => `${Math.min(...v).toFixed(2)}–${Math.max(...v).toFixed(2)}`;
    console.log(
      `\npgbench scale ${SCALE}, ${ROUNDS} interleaved rounds, load ${load0.map((l) => l.toFixed(1)).join(" ")} → ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}, ${os.availableParallelism()} cores:`,
    );
    console.log(
      `  bare createdb + restic dump | pg_restore + counts: median ${median(bareTimes).toFixed(2)} s (${spread(bareTimes)})`,
    );
    console.log(
      `  test restore, click → result recorded:           median ${median(wallTimes).toFixed(2)} s (${spread(wallTimes)})`,
    );
    console.log(
      `  test restore row started → finished:              median ${median(rowTimes).toFixed(2)} s (${spread(rowTimes)})`,
    );
    console.log(
      `ratio test restore / bare = ${(median(wallTimes) / median(bareTimes)).toFixed(3)} (medians; per-round ratios ${spread(ratios)}, median ${median(ratios).toFixed(3)}; goal ≤ 1.10)`,
    );
    console.log(`ratio restore step alone / bare = ${(median(sourceTimes) / median(bareTimes)).toFixed(3)}`);
  } finally {
    await stopWorker?.();
    const { stopBoss } = await import("@/lib/jobs/boss");
    const { closeDb } = await import("@/lib/db");
    await stopBoss().catch(() => {});
    await closeDb().catch(() => {});
    for (const t of bareDbs) dropPgDatabase(t);
    dropPgDatabase(source.name);
    dropPgDatabase(app.name);
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
