/* npm run bench:pitr:restore — restore-to-time duration against a hand-run restore with the same WAL.
 * A cluster from initdb (pgbench scale 20), one base backup and PITR_BENCH_SECONDS (default 180) of
 * pgbench with WAL shipped every 30 s into a restic repository in the WAL stream's layout
 * (lib/pitr/test-fixtures/pitr-repo.ts). Then PITR_BENCH_ROUNDS (default 2) rounds of: (b) by hand: the
 * same base.tar untarred, the same WAL files in a folder, restore_command cp, start, wait for promotion;
 * (a) Lifeboat's restore to "latest" (inventory → restic → scratch → replay → promote) once per fetch
 * variant of PITR_BENCH_VARIANTS (default "dump:3,default": the old way — restic dump | tar -x with 3 WAL
 * lanes alongside — and the module's defaults), the order reversed every other round. Each Lifeboat run
 * has its phases, its restic/tar processes (start→exit, ms from its start) and the load beside it. Then
 * each raw tool step alone (PITR_BENCH_RAW=0 skips). Goal: a ≤ 1.2 × b. Prints JSON. */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { readInventory } from "@/lib/pitr/inventory/read-inventory";
import { type Chain, planForTime, recoveryWindow } from "@/lib/pitr/inventory/window";
import { type RecoverOptions, recoverToTime } from "@/lib/pitr/restore/recover-to-time";
import { configureRecovery, query, recoverAndPromote, stopCluster } from "@/lib/pitr/restore/scratch-cluster";
import { installSpawnTrace } from "./support/spawn-trace";
import { initRepo, shipWal, startSourceCluster, takeBaseBackup } from "@/lib/pitr/test-fixtures/pitr-repo";

const SECONDS = Number(process.env.PITR_BENCH_SECONDS ?? 180);
const SCALE = Number(process.env.PITR_BENCH_SCALE ?? 20);

const trace = installSpawnTrace();

async function main() {
  const work = mkdtempSync(path.join(os.tmpdir(), "pitr-bench-"));
  execFileSync("chmod", ["755", work]);
  const src = await startSourceCluster();
  const test = initRepo();
  const repo = { url: test.url, password: test.password };
  const sourceId = "00000000-0000-4000-8000-000000000020";
  const walCopy = path.join(work, "wal-copy");
  mkdirSync(walCopy);
  const pgb = (args: string[]) =>
    execFileSync("pgbench", ["-h", "127.0.0.1", "-p", String(src.port), "-U", "postgres", ...args, "postgres"], {
      stdio: "ignore",
    });
  try {
    pgb(["-i", "-s", String(SCALE), "-q"]);
    const tar = path.join(work, "base.tar");
    takeBaseBackup(src, test, sourceId, tar);
    for (let done = 0; done < SECONDS; done += 30) {
      pgb(["-T", String(Math.min(30, SECONDS - done)), "-c", "2"]);
      await shipWal(src, test, sourceId, path.join(work, "data"), walCopy);
    }
    const sums = src.sql(
      "select (select sum(abalance) from pgbench_accounts)::text || '/' || (select count(*) from pgbench_history)",
    );
    const walBytes = readdirSync(walCopy).reduce((n, f) => n + statSync(path.join(walCopy, f)).size, 0);

    const STATE =
      "select (select sum(abalance) from pgbench_accounts)::text || '/' || (select count(*) from pgbench_history)";
    // restic's own cache and the page cache warm for every variant alike (not timed)
    await readInventory(repo, sourceId);
    const lifeboatRun = async (fetch: RecoverOptions["fetch"]) => {
      const loadStart = loadavg();
      const t0 = Date.now();
      const w = recoveryWindow(await readInventory(repo, sourceId));
      const plan = planForTime(w, "latest");
      if (!plan.ok) throw new Error(plan.message);
      const phases: Record<string, number> = { inventory: Date.now() - t0 };
      const r = await recoverToTime(repo, plan.chain, null, (c) => query(c, STATE), {
        fetch,
        onPhase: (p) => {
          phases[p] = Date.now() - t0;
        },
      });
      const ms = Date.now() - t0;
      const spawns = trace
        .since(t0)
        .filter((e) => !["pg_isready", "runuser"].includes(e.cmd))
        .map((e) => `${e.cmd} ${e.sub} ${e.start - t0}→${e.exit === undefined ? "?" : e.exit - t0}`);
      return {
        fetch,
        ms,
        load: `${loadStart} → ${loadavg()}`,
        sameState: r.result === sums,
        recoveredTo: r.recoveredTo,
        phasesMsFromStart: phases,
        spawns,
        chain: plan.chain,
      };
    };
    const handRun = async (n: number) => {
      const loadStart = loadavg();
      const t1 = Date.now();
      const hand = path.join(work, `hand-${n}`);
      const data = path.join(hand, "data");
      mkdirSync(data, { recursive: true });
      execFileSync("tar", ["-xf", tar, "-C", data]);
      execFileSync("chown", ["-R", "postgres:postgres", hand, walCopy]);
      execFileSync("chmod", ["700", data]);
      const c = await configureRecovery(hand, { data, wal: walCopy }, null);
      await recoverAndPromote(c, 3_600_000);
      const handResult = await query(c, STATE);
      await stopCluster(c);
      const ms = Date.now() - t1;
      rmSync(hand, { recursive: true, force: true });
      return { ms, load: `${loadStart} → ${loadavg()}`, sameState: handResult === sums };
    };
    // before (this branch's start): dump | tar -x with the WAL fetched alongside; then the variants of
    // PITR_BENCH_VARIANTS (baseVia:walLanesDuringBase, comma-separated; "default" = the module's defaults).
    // Interleaved with the hand-run, so each ratio compares neighbours under the same load.
    const rounds = Number(process.env.PITR_BENCH_ROUNDS ?? 2);
    const variants = (process.env.PITR_BENCH_VARIANTS ?? "dump:3,default").split(",").map((v) => {
      if (v === "default") return { name: v, fetch: undefined };
      const [via, lanes] = v.split(":");
      return { name: v, fetch: { baseVia: via as "dump" | "restore", walLanesDuringBase: Number(lanes) } };
    });
    const runs = [];
    let chain: Chain | undefined;
    for (let i = 0; i < rounds; i++) {
      const hand = await handRun(i);
      const round: Record<string, unknown> = { hand };
      for (const v of i % 2 ? [...variants].reverse() : variants) {
        const r = await lifeboatRun(v.fetch);
        chain = r.chain;
        round[v.name] = { ...r, chain: undefined, ratio: Number((r.ms / hand.ms).toFixed(2)) };
      }
      runs.push(round);
    }
    if (!chain) throw new Error("PITR_BENCH_ROUNDS must be at least 1");
    const rawSteps = process.env.PITR_BENCH_RAW === "0" ? undefined : timeRawSteps(test.env, chain, work);
    console.log(
      JSON.stringify(
        {
          scale: SCALE,
          pgbenchSeconds: SECONDS,
          baseBackupBytes: statSync(tar).size,
          walFiles: readdirSync(walCopy).length,
          walBytes,
          walBatches: new Set(chain.files.map((f) => f.snapshotId)).size,
          goal: "<= 1.2",
          runs,
          rawSteps,
        },
        null,
        2,
      ),
    );
  } finally {
    src.stop();
    rmSync(work, { recursive: true, force: true });
    rmSync(test.url, { recursive: true, force: true });
  }
}

/** Each raw tool step alone (after the comparison; same repository), with the load beside it. */
function timeRawSteps(env: NodeJS.ProcessEnv, chain: Chain, work: string) {
  const out: Record<string, { ms: number; load: string }> = {};
  const step = (name: string, cmd: string) => {
    const dir = path.join(work, "raw");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    const t = Date.now();
    execFileSync("sh", ["-c", cmd], { env, cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
    out[name] = { ms: Date.now() - t, load: loadavg() };
  };
  const base = `${chain.base.snapshotId} ${chain.base.path}`;
  step("cat config (a restic start: open the repository, derive the key)", "restic cat config > /dev/null");
  step("dump base.tar > /dev/null", `restic dump ${base} > /dev/null`);
  step("dump base.tar | tar -x", `restic dump ${base} | tar -x`);
  step("restore --include base.tar", `restic restore ${chain.base.snapshotId} --include ${chain.base.path} --target .`);
  step(
    "restore --include base.tar, then tar -x",
    `restic restore ${chain.base.snapshotId} --include ${chain.base.path} --target t && mkdir d && tar -xf t${chain.base.path} -C d`,
  );
  const batches = [...new Set(chain.files.map((f) => f.snapshotId))];
  step("WAL: one restore per batch, serial", batches.map((b, i) => `restic restore ${b} --target w${i}`).join(" && "));
  step(
    "WAL: one restore per batch, 3 at a time",
    `printf '%s\\n' ${batches.join(" ")} | xargs -P3 -I{} restic restore {} --target w{}`,
  );
  return out;
}

const loadavg = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
