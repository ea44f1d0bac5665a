/* npm run bench:e2e — a small backup against the script it replaces, measured in one run. For each
 * environment (small: a PostgreSQL database of ~50 MB + a 3 MB folder; large, with BENCH_E2E_LARGE=1: a
 * 1 GiB tree + pgbench scale 20) it times
 *   Lifeboat: click → succeeded (createBackup, as the "Back up now" button does, until the backup row's
 *             finishedAt with status succeeded — the bench's own poll is not counted), with the embedded
 *             worker of this process (the panel's default mode, PGlite), and
 *   script:   `pg_dump -Fc -Z0 db | restic backup --stdin`, then `restic backup DIR` (a sysadmin's cron).
 * First backups: BENCH_E2E_RUNS repetitions (default 3), each with a fresh environment and freshly
 * initialised local repositories on both sides; unchanged reruns: BENCH_E2E_RUNS on the last of them.
 * One warm-up pair first is not counted. Both sides alternate inside a pair (the side that goes first
 * flips each repetition). Prints every pair with the load average, where Lifeboat's time went (click →
 * queued → job claimed → first child process → first restic start; last restic exit → row succeeded;
 * each child process), the medians, the ratio of medians (goal ≤ 1.10×) and the median of the per-pair
 * ratios. */
import { execFileSync, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { installSpawnTrace } from "./support/spawn-trace";

const RUNS = Number(process.env.BENCH_E2E_RUNS ?? 3);
const PG = { host: "127.0.0.1", port: 5432, user: "postgres" };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-bench-e2e-"));
const spawns = installSpawnTrace();

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

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const load = () => fs.readFileSync("/proc/loadavg", "utf8").split(" ")[0]!;
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

type ScriptRepo = { repo: string; password: string };
function scriptRepo(dir: string): ScriptRepo {
  const password = crypto.randomBytes(16).toString("hex");
  execFileSync("restic", ["init", "--quiet"], { env: RESTIC_ENV(dir, password) });
  return { repo: dir, password };
}

function scriptRun(e: Env, r: ScriptRepo, dir: string): number {
  const started = performance.now();
  const sh = `set -eo pipefail
pg_dump -Fc -Z0 -h ${PG.host} -U ${PG.user} ${e.db} | restic backup --quiet --stdin --stdin-filename ${e.db}.pgdump
restic backup --quiet ${dir}`;
  const res = spawnSync("bash", ["-c", sh], { env: RESTIC_ENV(r.repo, r.password), encoding: "utf8" });
  if (res.status !== 0) throw new Error(`script failed: ${res.stderr}`);
  return performance.now() - started;
}

/** Where a Lifeboat run's time went, in ms after the click. */
type Trace = {
  /** createBackup returned (rows and job committed, audit written) */
  queued: number;
  claimed: number;
  firstChild: number;
  firstRestic: number;
  afterRestic: number;
  restics: number;
  /** each child process in start order: "restic backup 1.52 s" */
  children: string;
};
type Pair = { lifeboat: number; script: number; load: string; trace: Trace };

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
  const { backups, jobs } = await import("@/lib/db/schema");
  const { eq } = await import("drizzle-orm");
  const { seedDestination, seedEnvironment } = await import("@/lib/jobs/test-fixtures/seed");
  const { openDestinationRepo } = await import("@/lib/destinations/open-destination-repo");
  const { createBackup } = await import("@/lib/backups/create-backup");
  const { startBackgroundServices } = await import("@/lib/job-kinds");
  await ensureMigrated();
  const services = await startBackgroundServices({ worker: true, scheduler: false });
  const operator = { id: null, email: "bench@example.com", role: "operator" as const, via: "token" as const };

  const lifeboatRun = async (environmentId: string): Promise<{ ms: number; trace: Trace }> => {
    const click = Date.now();
    const { id, jobId } = await createBackup({ environmentId, trigger: "manual", actor: operator });
    const queued = Date.now() - click;
    for (;;) {
      const [b] = await getDb()
        .select({ status: backups.status, error: backups.error, finishedAt: backups.finishedAt })
        .from(backups)
        .where(eq(backups.id, id));
      if (b && !["queued", "running"].includes(b.status)) {
        if (b.status !== "succeeded") throw new Error(`backup ${b.status}: ${b.error?.message}`);
        const done = b.finishedAt!.getTime();
        const [j] = await getDb().select({ startedAt: jobs.startedAt }).from(jobs).where(eq(jobs.id, jobId));
        const children = spawns.since(click).filter((s) => s.start <= done);
        const restic = children.filter((s) => s.cmd === "restic");
        const lastExit = Math.max(...restic.map((s) => s.exit ?? done));
        return {
          ms: done - click,
          trace: {
            queued,
            claimed: (j?.startedAt?.getTime() ?? click) - click,
            firstChild: Math.min(...children.map((s) => s.start)) - click,
            firstRestic: Math.min(...restic.map((s) => s.start)) - click,
            afterRestic: done - lastExit,
            restics: restic.length,
            children: children
              .map((c) => `${c.cmd === "restic" ? c.sub : c.cmd} ${(((c.exit ?? done) - c.start) / 1000).toFixed(2)}`)
              .join(", "),
          },
        };
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  // The retention job queued after each backup must not overlap the next measurement.
  const idle = async () => {
    for (;;) {
      const open = (await getDb().select({ s: jobs.status }).from(jobs)).filter((j) =>
        ["queued", "running"].includes(j.s),
      );
      if (!open.length) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  /** One pair, the side that goes first alternating with `i`. */
  const pair = async (i: number, lb: () => Promise<{ ms: number; trace: Trace }>, sc: () => number): Promise<Pair> => {
    const at = load();
    let script = 0;
    if (i % 2 === 1) script = sc();
    const l = await lb();
    await idle();
    if (i % 2 === 0) script = sc();
    return { lifeboat: l.ms, script, load: at, trace: l.trace };
  };

  const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const ms = (n: number) => `${Math.round(n)} ms`.padStart(7);
  const line = (what: string, p: Pair) =>
    `  ${what.padEnd(12)} Lifeboat ${fmt(p.lifeboat)}  script ${fmt(p.script)}` +
    `  ${(p.lifeboat / p.script).toFixed(2)}×  load ${p.load.padStart(5)}` +
    ` | queued ${ms(p.trace.queued)}, claimed ${ms(p.trace.claimed)}, first child ${ms(p.trace.firstChild)},` +
    ` first restic ${ms(p.trace.firstRestic)}; last restic exit → succeeded ${ms(p.trace.afterRestic)};` +
    ` restic ×${p.trace.restics} (${p.trace.children} s)`;
  const summary = (what: string, ps: Pair[]) => {
    const l = median(ps.map((p) => p.lifeboat));
    const s = median(ps.map((p) => p.script));
    const t = (k: "firstRestic" | "afterRestic") => Math.round(median(ps.map((p) => p.trace[k])));
    return (
      `  ${what.padEnd(12)} median Lifeboat ${fmt(l)}  script ${fmt(s)}  ratio ${(l / s).toFixed(2)}×` +
      `  (median of pair ratios ${median(ps.map((p) => p.lifeboat / p.script)).toFixed(2)}×;` +
      ` click → first restic ${t("firstRestic")} ms, last restic exit → succeeded ${t("afterRestic")} ms)`
    );
  };

  const lines: string[] = [];
  try {
    for (const e of ENVS) {
      console.log(`\n${e.name}: preparing (pgbench -s ${e.scale}, ${e.tree.files} files of ${e.tree.size} B)…`);
      makeDatabase(e);
      const size = Number(psql(e.db, `select pg_database_size('${e.db}')`));
      const dir = path.join(tmp, `${e.db}-site`);
      makeTree(dir, e.tree.files, e.tree.size);
      // A fresh environment with its own local destination (initialised up front, as creating a
      // destination does), and a fresh repository for the script, per repetition.
      const fresh = async (i: number | "warm") => {
        const dest = await seedDestination(path.join(tmp, `${e.db}-lifeboat-repo-${i}`));
        await openDestinationRepo(dest.id, { init: true });
        const { env } = await seedEnvironment({
          slug: `${e.db.replaceAll("_", "-")}-${i}`,
          sources: [
            { name: "db", type: "postgres", config: { host: PG.host, port: PG.port, user: PG.user, database: e.db } },
            { name: "site", type: "directory", config: { path: dir } },
          ],
          destinationIds: [dest.id],
        });
        return { envId: env.id, script: scriptRepo(path.join(tmp, `${e.db}-script-repo-${i}`)) };
      };
      lines.push(`${e.name}, database ${(size / 1e6).toFixed(0)} MB:`);
      // One pair not counted: the process's first backup pays its warm-up (JIT, restic version, queues),
      // which a running panel paid long before; both sides run it, so the page cache is warm for both.
      const warm = await fresh("warm");
      await pair(
        0,
        () => lifeboatRun(warm.envId),
        () => scriptRun(e, warm.script, dir),
      );
      const first: Pair[] = [];
      let last: Awaited<ReturnType<typeof fresh>> | undefined;
      for (let i = 0; i < RUNS; i++) {
        const f = await fresh(i);
        last = f;
        const p = await pair(
          i,
          () => lifeboatRun(f.envId),
          () => scriptRun(e, f.script, dir),
        );
        first.push(p);
        console.log(line(`first #${i + 1}`, p));
        lines.push(line(`first #${i + 1}`, p));
      }
      const again: Pair[] = [];
      for (let i = 0; i < RUNS; i++) {
        const p = await pair(
          i,
          () => lifeboatRun(last!.envId),
          () => scriptRun(e, last!.script, dir),
        );
        again.push(p);
        console.log(line(`unchanged #${i + 1}`, p));
        lines.push(line(`unchanged #${i + 1}`, p));
      }
      lines.push(summary("first", first), summary("unchanged", again));
      console.log(lines.slice(-2).join("\n"));
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
