/* npm run bench:proof:restore — a test restore of a pgbench scale-20 database against the bare tools in
 * the same run: `restic dump <snapshot> /<db>.pgdump | pg_restore --dbname=<fresh database>` (createdb
 * included). The test restore goes through the real path (createTestRestore → the test_restore job on an
 * in-process worker → scratch database → restoreSource → row counts against the manifest → drop). Each
 * side runs BENCH_ROUNDS (3) times, alternating, and the faster run of each counts. Goal: ratio ≤ 1.10. Not part of the
 * test command. Needs PostgreSQL on 127.0.0.1:5432 (trust), pgbench and restic. */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { createPgDatabase, dropPgDatabase, ensurePostgres, PG_URL_BASE } from "@/test/support/local-services";
import { migrateInChild, waitFor } from "@/lib/jobs/test-fixtures/seed";

const SCALE = Number(process.env.BENCH_PGBENCH_SCALE ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
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
    const dump = spawn("restic", ["-r", repo, "--no-cache", "dump", snapshotId, file], {
      env: { PATH: process.env.PATH, RESTIC_PASSWORD: password } as unknown as NodeJS.ProcessEnv,
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
  const bare: string[] = [];
  let stopWorker: (() => Promise<void>) | null = null;
  try {
    console.log(`pgbench -i -s ${SCALE} …`);
    execFileSync("pgbench", ["-i", "-q", "-s", String(SCALE), `${PG_URL_BASE}/${source.name}`], { stdio: "ignore" });
    migrateInChild(childEnv);
    (await import("@/lib/env")).resetEnvCache();
    const { seedDestination, seedEnvironment } = await import("@/lib/jobs/test-fixtures/seed");
    const { getDb } = await import("@/lib/db");
    const { backups, backupSnapshots, testRestores } = await import("@/lib/db/schema");
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
    const manifest = {
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
    await getDb().update(backupSnapshots).set({ manifest }).where(eq(backupSnapshots.id, snap!.id));
    const file = `/${source.name}.pgdump`;
    const password = openSecret(dest.repoPasswordEnc);
    console.log(
      `backup done: snapshot ${snap!.snapshotId}, ${((snap!.totalBytes ?? 0) / 2 ** 20).toFixed(0)} MiB dump`,
    );

    const bareTimes: number[] = [];
    const drillTimes: number[] = [];
    const sourceTimes: number[] = [];
    const dropTimes: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const target = `lbt_bench_bare_${process.pid}_${round}`;
      bare.push(target);
      bareTimes.push(await bareRestore(repo, password, snap!.snapshotId!, file, target));
      const d0 = performance.now();
      dropPgDatabase(target); // not part of the bare figure; timed to show what the drill's cleanup costs
      dropTimes.push((performance.now() - d0) / 1000);
      const started = (await createTestRestore({ backupId: b.id, trigger: "manual", actor }))!;
      const t0 = performance.now();
      const row = await waitFor(
        "the test restore",
        async () => {
          const [r] = await getDb().select().from(testRestores).where(eq(testRestores.id, started.id));
          return r && !["queued", "running"].includes(r.status) ? r : undefined;
        },
        900_000,
      );
      if (row.status !== "succeeded") throw new Error(`test restore ${row.status}: ${row.error?.message}`);
      const measured = (row.finishedAt!.getTime() - row.startedAt!.getTime()) / 1000;
      drillTimes.push(measured);
      sourceTimes.push(row.sources[0]!.durationSeconds ?? 0);
      console.log(
        `round ${round + 1}: bare ${bareTimes[round]!.toFixed(2)} s (its drop afterwards ${dropTimes[round]!.toFixed(2)} s) · test restore ${measured.toFixed(2)} s (restore step ${sourceTimes[round]} s, wall incl. queue ${((performance.now() - t0) / 1000).toFixed(2)} s)`,
      );
    }
    const bestBare = Math.min(...bareTimes);
    const bestDrill = Math.min(...drillTimes);
    console.log(
      `\npgbench scale ${SCALE}: bare restic dump | pg_restore ${bestBare.toFixed(2)} s · test restore ${bestDrill.toFixed(2)} s`,
    );
    console.log(`ratio test restore / bare = ${(bestDrill / bestBare).toFixed(3)} (goal ≤ 1.10)`);
    const bestStep = Math.min(...sourceTimes);
    console.log(`ratio restore step alone (durationSeconds) / bare = ${(bestStep / bestBare).toFixed(3)}`);
  } finally {
    await stopWorker?.();
    const { stopBoss } = await import("@/lib/jobs/boss");
    const { closeDb } = await import("@/lib/db");
    await stopBoss().catch(() => {});
    await closeDb().catch(() => {});
    for (const t of bare) dropPgDatabase(t);
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
