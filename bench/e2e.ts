/* npm run bench:e2e — a small backup against the script it replaces, measured in one run. For each
 * environment (small: a PostgreSQL database of ~50 MB + a 3 MB folder; large, with BENCH_E2E_LARGE=1: a
 * 1 GiB tree + pgbench scale 20) it times
 *   Lifeboat: click → succeeded (createBackup, as the "Back up now" button does, until the backup row is
 *             succeeded), with the embedded worker of this process (the panel's default mode, PGlite), and
 *   script:   `pg_dump -Fc -Z0 db | restic backup --stdin`, then `restic backup DIR` (a sysadmin's cron),
 * each into its own freshly initialised local repository, first backup and unchanged rerun (median of
 * BENCH_E2E_RUNS, default 3, alternating). Prints every pair and the ratio; the goal is ≤ 1.10×. */
import { execFileSync, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const RUNS = Number(process.env.BENCH_E2E_RUNS ?? 3);
const PG = { host: "127.0.0.1", port: 5432, user: "postgres" };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-bench-e2e-"));

type Env = { name: string; db: string; scale: number; tree: { files: number; size: number } };
const ENVS: Env[] = [
  { name: "small (50 MB database + 3 MB folder)", db: "lbt_bench_small", scale: 3, tree: { files: 300, size: 10_000 } },
  ...(process.env.BENCH_E2E_LARGE === "1"
    ? [
        {
          name: "large (pgbench scale 20 + 1 GiB tree)",
          db: "lbt_bench_large",
          scale: 20,
          tree: { files: 1024, size: 1 << 20 },
        },
      ]
    : []),
];

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const psql = (db: string, sql: string) =>
  execFileSync("psql", ["-h", PG.host, "-U", PG.user, "-d", db, "-Atc", sql], { encoding: "utf8" }).trim();

function makeTree(root: string, files: number, size: number) {
  for (let i = 0; i < files; i++) {
    const dir = path.join(root, `d${i % 16}`, `e${i % 7}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `f${i}.bin`), crypto.randomBytes(size));
  }
}

function makeDatabase(e: Env) {
  spawnSync("dropdb", ["-h", PG.host, "-U", PG.user, "--if-exists", e.db]);
  execFileSync("createdb", ["-h", PG.host, "-U", PG.user, e.db]);
  execFileSync("pgbench", ["-h", PG.host, "-U", PG.user, "-i", "-q", "-s", String(e.scale), e.db], { stdio: "ignore" });
}

const RESTIC_ENV = (repo: string, password: string): NodeJS.ProcessEnv => ({
  ...process.env,
  RESTIC_REPOSITORY: repo,
  RESTIC_PASSWORD: password,
});

function scriptRun(e: Env, repo: string, password: string, dir: string): number {
  const started = performance.now();
  const sh = `set -eo pipefail
pg_dump -Fc -Z0 -h ${PG.host} -U ${PG.user} ${e.db} | restic backup --quiet --stdin --stdin-filename ${e.db}.pgdump
restic backup --quiet ${dir}`;
  const r = spawnSync("bash", ["-c", sh], { env: RESTIC_ENV(repo, password), encoding: "utf8" });
  if (r.status !== 0) throw new Error(`script failed: ${r.stderr}`);
  return performance.now() - started;
}

async function main() {
  Object.assign(process.env, {
    LIFEBOAT_DATA_DIR: path.join(tmp, "data"),
    LIFEBOAT_SECRET_KEY: Buffer.alloc(32, 7).toString("base64"),
    LIFEBOAT_SCHEDULER: "off",
    LOG_LEVEL: "warn",
    DATABASE_URL: "",
  });
  const { resetEnvCache } = await import("@/lib/env");
  resetEnvCache();
  const { ensureMigrated, getDb } = await import("@/lib/db");
  const { backups } = await import("@/lib/db/schema");
  const { eq } = await import("drizzle-orm");
  const { seedDestination, seedEnvironment } = await import("@/lib/jobs/test-fixtures/seed");
  const { openDestinationRepo } = await import("@/lib/destinations/open-destination-repo");
  const { createBackup } = await import("@/lib/backups/create-backup");
  const { startBackgroundServices } = await import("@/lib/job-kinds");
  await ensureMigrated();
  const services = await startBackgroundServices({ worker: true, scheduler: false });
  const operator = { id: null, email: "bench@example.com", role: "operator" as const, via: "token" as const };

  const lifeboatRun = async (environmentId: string): Promise<number> => {
    const started = performance.now();
    const { id } = await createBackup({ environmentId, trigger: "manual", actor: operator });
    for (;;) {
      const [b] = await getDb()
        .select({ status: backups.status, error: backups.error })
        .from(backups)
        .where(eq(backups.id, id));
      if (b && !["queued", "running"].includes(b.status)) {
        if (b.status !== "succeeded") throw new Error(`backup ${b.status}: ${b.error?.message}`);
        return performance.now() - started;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  // The retention job queued after each backup must not overlap the next measurement.
  const idle = async () => {
    const { jobs } = await import("@/lib/db/schema");
    for (;;) {
      const open = (await getDb().select({ s: jobs.status }).from(jobs)).filter((j) =>
        ["queued", "running"].includes(j.s),
      );
      if (!open.length) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const lines: string[] = [];
  try {
    for (const e of ENVS) {
      console.log(`\n${e.name}: preparing (pgbench -s ${e.scale}, ${e.tree.files} files of ${e.tree.size} B)…`);
      makeDatabase(e);
      const size = Number(psql(e.db, `select pg_database_size('${e.db}')`));
      const dir = path.join(tmp, `${e.db}-site`);
      makeTree(dir, e.tree.files, e.tree.size);
      // Lifeboat: a local destination (initialised up front, as creating a destination does).
      const dest = await seedDestination(path.join(tmp, `${e.db}-lifeboat-repo`));
      await openDestinationRepo(dest.id, { init: true });
      const { env } = await seedEnvironment({
        slug: e.db.replaceAll("_", "-"),
        sources: [
          { name: "db", type: "postgres", config: { host: PG.host, port: PG.port, user: PG.user, database: e.db } },
          { name: "site", type: "directory", config: { path: dir } },
        ],
        destinationIds: [dest.id],
      });
      // The script: its own repository, initialised up front.
      const scriptRepo = path.join(tmp, `${e.db}-script-repo`);
      const password = crypto.randomBytes(16).toString("hex");
      execFileSync("restic", ["init", "--quiet"], { env: RESTIC_ENV(scriptRepo, password) });

      const first = { lifeboat: await lifeboatRun(env.id), script: scriptRun(e, scriptRepo, password, dir) };
      await idle();
      const again = { lifeboat: [] as number[], script: [] as number[] };
      for (let i = 0; i < RUNS; i++) {
        again.script.push(scriptRun(e, scriptRepo, password, dir));
        again.lifeboat.push(await lifeboatRun(env.id));
        await idle();
      }
      const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
      const pair = (what: string, l: number, s: number, all?: { l: number[]; s: number[] }) =>
        `  ${what.padEnd(10)} Lifeboat ${fmt(l)}  script ${fmt(s)}  ratio ${(l / s).toFixed(2)}×` +
        (all ? `   (Lifeboat ${all.l.map(fmt).join(", ")}; script ${all.s.map(fmt).join(", ")})` : "");
      lines.push(`${e.name}, database ${(size / 1e6).toFixed(0)} MB:`);
      lines.push(pair("first", first.lifeboat, first.script));
      lines.push(
        pair("unchanged", median(again.lifeboat), median(again.script), { l: again.lifeboat, s: again.script }),
      );
      console.log(lines.slice(-3).join("\n"));
    }
  } finally {
    await services.stop();
    for (const e of ENVS) spawnSync("dropdb", ["-h", PG.host, "-U", PG.user, "--if-exists", e.db]);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(
    `\nclick → succeeded vs the script (goal ≤ 1.10×), ${os.availableParallelism()} cores:\n${lines.join("\n")}`,
  );
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  fs.rmSync(tmp, { recursive: true, force: true });
  process.exit(1);
});
