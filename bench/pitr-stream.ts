/* npm run bench:pitr:stream — the PITR writing side under scattered row churn, against the nightly dump
 * it complements. A cluster made with initdb (16 MiB segments, as in production), pgbench scale
 * BENCH_PITR_SCALE (default 10), then BENCH_PITR_SECONDS (default 120) of pgbench at BENCH_PITR_RATE
 * (default 200) scattered single-row updates per second while the WAL stream ships with the DEFAULT batch
 * (60 s deadline / 16 segments: lib/engine/pitr/batch-schedule.ts). Prints:
 *  - bytes stored: one base backup + the WAL of the run, vs one pg_dump -Fc -Z0 into restic (the nightly
 *    dump), and what a second dump after the churn adds;
 *  - RPO: a probe row is committed every 2 s; its RPO is the time from its commit until a batch that
 *    started at least 1 s after the commit (the receiver's flush lag allowance) and holds its segment
 *    (complete or .partial) is in the repository. p50 / p95 / max.
 * Scale-down versus the issue (5 minutes at 200/s, scale 20): 2 minutes at 200/s, scale 10, so it runs in
 * about 4 minutes on a shared 2-core machine; set the variables for the full run. */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { segmentName, segmentPosition } from "@/lib/pitr/repository-layout";
import { initRepo } from "@/lib/engine/restic/repository";
import { backupStdin } from "@/lib/engine/restic/backup";
import { tempDir, tempRepo } from "@/lib/engine/restic/test-support";
import { spawnTool } from "@/lib/engine/sources/child";
import { takeBaseBackup } from "@/lib/engine/pitr/base-backup";
import { dropSlot } from "@/lib/engine/pitr/slot";
import { pgBinary } from "@/lib/engine/pitr/pg-tools";
import { startTestCluster } from "@/lib/engine/pitr/test-cluster";
import { WalStream } from "@/lib/engine/pitr/wal-stream";
import type { ShipReport } from "@/lib/engine/pitr/spool";

const SCALE = Number(process.env.BENCH_PITR_SCALE ?? 10);
const SECONDS = Number(process.env.BENCH_PITR_SECONDS ?? 120);
const RATE = Number(process.env.BENCH_PITR_RATE ?? 200);
const SEG_BYTES = 16 * 1024 * 1024;

const du = (dir: string) => Number(execFileSync("du", ["-sb", dir], { encoding: "utf8" }).split("\t")[0]);
const mib = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function dumpInto(repo: ReturnType<typeof tempRepo>, port: number) {
  const p = spawnTool(
    pgBinary("pg_dump"),
    ["-Fc", "-Z0", "-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "shop"],
    {
      label: "pg_dump",
      stdout: "pipe",
    },
  );
  const r = await backupStdin(repo, { stdin: p.stdout, filename: "shop.pgdump", tags: ["bench"], host: "bench" });
  await p.exited;
  return r;
}

async function main() {
  const pg = await startTestCluster({ walSegmentMiB: 16 });
  const base = tempDir("lifeboat-bench-pitr-");
  const walRepo = tempRepo(base, "pitr");
  const dumpRepo = tempRepo(base, "dump");
  await initRepo(walRepo);
  await initRepo(dumpRepo);
  try {
    const pgArgs = ["-h", "127.0.0.1", "-p", String(pg.port), "-U", "postgres"];
    execFileSync(pgBinary("pgbench"), [...pgArgs, "-i", "-q", "-s", String(SCALE), "shop"], { stdio: "ignore" });
    pg.sql("create table rpo_probe (id serial primary key, at timestamptz default now())", "shop");
    pg.sql("checkpoint");
    const empty = du(walRepo.url);

    const dump1 = await dumpInto(dumpRepo, pg.port);
    const dumpBytes = du(dumpRepo.url);

    const reports: ShipReport[] = [];
    const sourceId = "bench";
    const stream = new WalStream({
      conn: pg.conn("lbrepl"),
      slot: "lifeboat_bench",
      sourceId,
      dataDir: path.join(base, "data"),
      spoolDir: path.join(base, "data", "pitr", sourceId, "spool"),
      host: "bench",
      targets: async () => [{ id: "d", repo: walRepo }],
      onShipped: (r) => reports.push({ ...r, endedAt: Date.now() } as ShipReport),
    });
    await stream.start();
    while (stream.state !== "streaming") await new Promise((r) => setTimeout(r, 200));
    const bb = await takeBaseBackup(walRepo, pg.conn("lbrepl"), { sourceId, sourceName: "shop", host: "bench" });
    const afterBase = du(walRepo.url);
    console.log(`base backup: ${mib(bb.totalBytes)} read, repository +${mib(afterBase - empty)}`);

    const script = path.join(base, "scattered.sql");
    fs.writeFileSync(
      script,
      "\\set aid random(1, 100000 * :scale)\nUPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = :aid;\n",
    );
    const bench = spawn(
      pgBinary("pgbench"),
      [...pgArgs, "-n", "-f", script, "-R", String(RATE), "-T", String(SECONDS), "-c", "4", "shop"],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let benchOut = "";
    bench.stdout.on("data", (c) => (benchOut += c));
    const probes: { at: number; seg: string }[] = [];
    const probeTimer = setInterval(() => {
      const lsn = pg.sql("insert into rpo_probe default values returning pg_current_wal_lsn()", "shop");
      probes.push({ at: Date.now(), seg: segmentName(1, lsn.split("\n")[0], SEG_BYTES) });
    }, 2000);
    await new Promise((r) => bench.once("exit", r));
    clearInterval(probeTimer);
    const tail = probes.at(-1)!.at;
    while (Date.now() < tail + 75_000 && !covered(probes.at(-1)!, reports))
      await new Promise((r) => setTimeout(r, 500));
    await stream.stop();
    await dropSlot(pg.conn("lbrepl"), "lifeboat_bench");

    const walBytes = du(walRepo.url) - afterBase;
    const dump2 = await dumpInto(dumpRepo, pg.port);
    // Each probe against its own commit time (a probe never covered is left out, and counted below).
    const rpos = probes.flatMap((p) => {
      const t = covered(p, reports);
      return t === null ? [] : [(t - p.at) / 1000];
    });
    const tps = /tps = ([\d.]+)/.exec(benchOut)?.[1] ?? "?";
    console.log(`pgbench: scale ${SCALE}, ${SECONDS} s at ${RATE}/s requested, ${tps} tps achieved`);
    console.log(`WAL batches: ${reports.length} snapshots`);
    console.log(
      `stored: base backup ${mib(afterBase - empty)} + WAL ${mib(walBytes)} = ${mib(afterBase - empty + walBytes)}`,
    );
    console.log(
      `nightly dump (pg_dump -Fc -Z0 | restic): ${mib(dumpBytes)} (dump ${mib(dump1.totalBytes)}); a second dump after the churn adds ${mib(dump2.addedBytes)}`,
    );
    console.log(
      `RPO over ${rpos.length}/${probes.length} probes: p50 ${pct(rpos, 50).toFixed(1)} s, p95 ${pct(rpos, 95).toFixed(1)} s, max ${Math.max(...rpos).toFixed(1)} s`,
    );
  } finally {
    pg.stop();
    fs.rmSync(base, { recursive: true, force: true });
  }
}

/** When the probe's commit was first in the repository: the end of the first batch that started ≥ 1 s
 * after the commit and holds its segment or a later one. */
function covered(p: { at: number; seg: string }, reports: ShipReport[]): number | null {
  for (const r of reports) {
    if (r.startedAt < p.at + 1000) continue;
    const names = r.shipped.flatMap((s) => s.files).map((f) => f.replace(/\.partial$/, ""));
    if (names.some((n) => segmentPosition(n) >= segmentPosition(p.seg)))
      return (r as ShipReport & { endedAt: number }).endedAt;
  }
  return null;
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
