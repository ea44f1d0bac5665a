/* npm run bench:proof:verify — what verification + manifest add to a backup (issue 9, item 1), as a
 * ratio to the same backup without them, measured in the same run (alternating, median of
 * BENCH_PROOF_RUNS, default 3; each round into fresh local repositories: a first backup, then an
 * unchanged rerun):
 *  - database: pgbench scale 20. "Backup alone" is the engine's pre-verification PostgreSQL backup
 *    (pg_dump -Fc -Z0 through the header gate into restic backup --stdin); "with verification" is
 *    backupPostgres as it is now: the REPEATABLE READ snapshot exported to pg_dump, exact count(*) of
 *    every table in that snapshot, pg_restore --list reading the table of contents while it streams.
 *    Goal ≤ 1.15. The counts are also timed alone (no dump beside them).
 *  - tree: a 1 GiB mixed tree (bench/support/mixed-tree.ts). "Backup alone" is backupDirectory; "with
 *    verification" is backupSourceData (the manifest from restic's summary) and the size check, as a run
 *    with a file index does them (its required-paths lookup and size history are two indexed SQL
 *    queries, not timed here: no database in this bench). The required-paths fallback for a snapshot
 *    without an index — `restic ls` of just the required paths — is timed on its own. Goal ≤ 1.05.
 * BENCH_PROOF_ONLY=database|tree runs one half. Not part of the test command. */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { scanSnapshotFor } from "@/lib/backups/run-backup/required-paths";
import { sizeCheck } from "@/lib/backups/run-backup/size-check";
import { backupSourceData, type SourceSpec } from "@/lib/engine";
import { backupDirectory } from "@/lib/engine/sources/directory";
import { postgresToolConnection, spawnPgDump } from "@/lib/engine/sources/postgres";
import { normalisePgDumpHeader } from "@/lib/engine/sources/pgdump-header";
import { PgSnapshot } from "@/lib/engine/sources/pg-snapshot";
import { parseSource, ZDatabaseSource } from "@/lib/engine/sources/types";
import { backupToolOutput } from "@/lib/engine/sources/stream-backup";
import { freshRepo } from "@/lib/engine/sources/test-support";
import type { Repo } from "@/lib/engine/types";
import { makeTree } from "./support/mixed-tree";

const RUNS = Number(process.env.BENCH_PROOF_RUNS ?? 3);
const PG_BASE = process.env.LIFEBOAT_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432";
const root = fs.mkdtempSync(path.join(os.tmpdir(), "lb-bench-proof-"));
const OPTS = { tags: ["bench"], host: "bench" };
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  execFileSync("sync");
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

type Variant = { name: string; run: (repo: Repo) => Promise<unknown> };

/** Rounds of (first, unchanged) for both variants, alternating which goes first. */
async function compare(label: string, goal: number, bare: Variant, verified: Variant) {
  const times: Record<string, { first: number[]; again: number[] }> = {
    [bare.name]: { first: [], again: [] },
    [verified.name]: { first: [], again: [] },
  };
  for (let i = 0; i < RUNS; i++) {
    for (const v of i % 2 ? [verified, bare] : [bare, verified]) {
      const { repo, dir } = await freshRepo(`lb-bench-proof-${i}-`, root);
      times[v.name]!.first.push(await timed(() => v.run(repo)));
      times[v.name]!.again.push(await timed(() => v.run(repo)));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(`\n${label}`);
  for (const kind of ["first", "again"] as const) {
    const b = median(times[bare.name]![kind]);
    const w = median(times[verified.name]![kind]);
    const ratio = w / b;
    console.log(
      `  ${kind === "first" ? "first    " : "unchanged"}  backup alone ${s(b)}  with verification ${s(w)}  ratio ${ratio.toFixed(3)}×` +
        `${ratio <= goal ? "" : `   (goal ≤ ${goal})`}   [alone ${times[bare.name]![kind].map(s).join(", ")}; verified ${times[verified.name]![kind].map(s).join(", ")}]`,
    );
  }
}

async function benchDatabase() {
  const db = `lb_bench_proof_${process.pid}`;
  const url = `${PG_BASE}/${db}`;
  execFileSync("psql", [`${PG_BASE}/postgres`, "-qc", `create database ${db}`]);
  try {
    console.error("initialising pgbench scale 20 …");
    execFileSync("pgbench", ["-i", "-q", "-s", "20", url], { stdio: "ignore" });
    execFileSync("psql", [url, "-qc", "vacuum analyze"]);
    const source: SourceSpec = { id: "pg", name: "pgbench", type: "postgres", config: {}, secrets: { url } };
    const conn = postgresToolConnection(source);
    await compare(
      "database: pgbench scale 20 (goal ≤ 1.15)",
      1.15,
      {
        name: "alone",
        run: (repo) =>
          backupToolOutput(repo, spawnPgDump(conn), {
            gate: normalisePgDumpHeader(),
            sourceName: "pgbench",
            filename: `${db}.pgdump`,
            ...OPTS,
          }),
      },
      { name: "verified", run: (repo) => backupSourceData(repo, source, OPTS) },
    );
    // The proof's own work without a dump beside it: open the snapshot, count every table, close.
    const alone: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      alone.push(
        await timed(async () => {
          const snap = await PgSnapshot.open(parseSource(ZDatabaseSource, source));
          await snap.countTables();
          await snap.close();
        }),
      );
    }
    console.log(
      `  the counts alone (snapshot + exact count(*) of every table): ${s(median(alone))} [${alone.map(s).join(", ")}]`,
    );
  } finally {
    execFileSync("psql", [`${PG_BASE}/postgres`, "-qc", `drop database if exists ${db} with (force)`]);
  }
}

async function benchTree() {
  const tree = path.join(root, "tree");
  console.error("writing the 1 GiB tree …");
  const made = makeTree(tree, {
    randomFiles: 600,
    randomSize: 1 << 20,
    textFiles: 300,
    textSize: 1 << 20,
    smallFiles: 15_000,
  });
  console.error(`  ${made.files} files, ${(made.bytes / 2 ** 30).toFixed(2)} GiB`);
  const source: SourceSpec = { id: "dir", name: "tree", type: "directory", config: { path: tree } };
  // A folder (its children are listed too) and a file deep in the small-files part.
  const wanted = [path.join(tree, "random"), path.join(tree, "small", "d29", "f-14999.txt")];
  await compare(
    "tree: 1 GiB mixed (goal ≤ 1.05)",
    1.05,
    { name: "alone", run: (repo) => backupDirectory(repo, source, OPTS) },
    {
      name: "verified",
      run: async (repo) => {
        const res = await backupSourceData(repo, source, OPTS);
        sizeCheck("tree", res.totalBytes, [res.totalBytes]);
      },
    },
  );
  // The required-paths fallback (no file index): `restic ls` of just the two paths, in a fresh repository
  // holding one snapshot of the tree.
  const { repo, dir } = await freshRepo("lb-bench-proof-ls-", root);
  const res = await backupSourceData(repo, source, OPTS);
  const ls: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    ls.push(
      await timed(async () => {
        const found = await scanSnapshotFor(repo, res.snapshotId, wanted);
        if (found.size !== wanted.length) throw new Error(`required paths not found: ${[...found.keys()]}`);
      }),
    );
  }
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(
    `  required-paths fallback alone (restic ls of 2 paths, no file index): ${s(median(ls))} [${ls.map(s).join(", ")}]`,
  );
}

async function main() {
  try {
    console.log(`bench:proof:verify — ${RUNS} round(s), load average ${os.loadavg()[0]!.toFixed(1)}`);
    const only = process.env.BENCH_PROOF_ONLY; // "database" | "tree" to run one half
    if (only !== "tree") await benchDatabase();
    if (only !== "database") await benchTree();
    console.log(`\nload average at the end ${os.loadavg()[0]!.toFixed(1)}`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
