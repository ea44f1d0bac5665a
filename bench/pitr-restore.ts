/* npm run bench:pitr:restore — restore-to-time duration against a hand-run restore with the same WAL.
 * A cluster from initdb (pgbench scale 20), one base backup and PITR_BENCH_SECONDS (default 180) of
 * pgbench with WAL shipped every 30 s into a restic repository in the WAL stream's layout
 * (lib/pitr/test-fixtures/pitr-repo.ts). Then: (a) Lifeboat's restore to "latest" (restic → scratch →
 * replay → promote), (b) by hand: the same base.tar untarred, the same WAL files in a folder,
 * restore_command cp, start, wait for promotion. Goal: a ≤ 1.2 × b. Prints JSON. */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { readInventory } from "@/lib/pitr/inventory/read-inventory";
import { planForTime, recoveryWindow } from "@/lib/pitr/inventory/window";
import { recoverToTime } from "@/lib/pitr/restore/recover-to-time";
import { configureRecovery, query, recoverAndPromote, stopCluster } from "@/lib/pitr/restore/scratch-cluster";
import { initRepo, shipWal, startSourceCluster, takeBaseBackup } from "@/lib/pitr/test-fixtures/pitr-repo";

const SECONDS = Number(process.env.PITR_BENCH_SECONDS ?? 180);
const SCALE = Number(process.env.PITR_BENCH_SCALE ?? 20);

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

    const t0 = Date.now();
    const w = recoveryWindow(await readInventory(repo, sourceId));
    const plan = planForTime(w, "latest");
    if (!plan.ok) throw new Error(plan.message);
    const phases: Record<string, number> = { inventory: Date.now() - t0 };
    const lifeboat = await recoverToTime(
      repo,
      plan.chain,
      null,
      (c) =>
        query(
          c,
          "select (select sum(abalance) from pgbench_accounts)::text || '/' || (select count(*) from pgbench_history)",
        ),
      {
        onPhase: (p) => {
          phases[p] = Date.now() - t0;
        },
      },
    );
    const lifeboatMs = Date.now() - t0;

    const t1 = Date.now();
    const hand = path.join(work, "hand");
    const data = path.join(hand, "data");
    mkdirSync(data, { recursive: true });
    execFileSync("tar", ["-xf", tar, "-C", data]);
    execFileSync("chown", ["-R", "postgres:postgres", hand, walCopy]);
    execFileSync("chmod", ["700", data]);
    const c = await configureRecovery(hand, { data, wal: walCopy }, null);
    await recoverAndPromote(c, 3_600_000);
    const handResult = await query(
      c,
      "select (select sum(abalance) from pgbench_accounts)::text || '/' || (select count(*) from pgbench_history)",
    );
    await stopCluster(c);
    const handMs = Date.now() - t1;
    console.log(
      JSON.stringify(
        {
          scale: SCALE,
          pgbenchSeconds: SECONDS,
          baseBackupBytes: statSync(tar).size,
          walFiles: readdirSync(walCopy).length,
          walBytes,
          lifeboatMs,
          handMs,
          ratio: Number((lifeboatMs / handMs).toFixed(2)),
          goal: "<= 1.2",
          sameState: lifeboat.result === sums && handResult === sums,
          recoveredTo: lifeboat.recoveredTo,
          lifeboatPhasesMsFromStart: phases,
          walBatches: new Set(plan.chain.files.map((f) => f.snapshotId)).size,
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

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
