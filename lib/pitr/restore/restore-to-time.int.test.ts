/* Restore to a time against a real cluster (initdb, random loopback port) and a real restic repository
 * in the WAL stream's layout: rows at T1, T2, a table dropped at T3; T2 gives T2's rows exactly, "latest"
 * T3's state, a time before the first base backup is refused with the earliest time; the whole cluster at
 * T2 as a tar, unpacked and started with pg_ctl, holds T2's rows; a WAL batch
 * forgotten from the repository shows as a gap and a time in it is refused with the gap's bounds. */
import { randomUUID } from "node:crypto";
import { execFileSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { pipeline } from "node:stream/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Repo } from "@/lib/engine";
import { readInventory } from "../inventory/read-inventory";
import { planForTime, recoveryWindow } from "../inventory/window";
import {
  forgetSnapshot,
  initRepo,
  shipWal,
  startSourceCluster,
  tableChecksums,
  takeBaseBackup,
  type SourceCluster,
  type TestRepo,
} from "../test-fixtures/pitr-repo";
import { clusterTar, keepRecoveredCluster, readyCluster, removeClusterDownload } from "./cluster-download";
import { recoverToTime } from "./recover-to-time";
import { freePort, lastReplayedCommit, query, SCRATCH_PREFIX, scratchRoot } from "./scratch-cluster";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let src: SourceCluster;
let test: TestRepo;
let repo: Repo;
const sourceId = randomUUID();
const at: Record<string, { time: string; sums: Record<string, string> }> = {};
let beforeBase: string;
const batches: string[] = [];

beforeAll(async () => {
  src = await startSourceCluster();
  test = initRepo();
  repo = { url: test.url, password: test.password };
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "pitr-data-"));
  src.sql("create table orders (id int primary key, note text); create table customers (id int, name text)");
  src.sql("insert into orders select g, 'before ' || g from generate_series(1, 100) g");
  beforeBase = new Date(Date.now() - 1000).toISOString();
  takeBaseBackup(src, test, sourceId);
  const mark = async (name: string, q: string) => {
    src.sql(q);
    await sleep(1100);
    at[name] = { time: new Date().toISOString(), sums: tableChecksums((x) => src.sql(x)) };
    await sleep(1100);
  };
  await mark(
    "T1",
    "insert into orders select g, 't1' from generate_series(101, 200) g; insert into customers values (1, 'ann')",
  );
  batches.push((await shipWal(src, test, sourceId, dataDir)).snapshotId);
  await mark("T2", "update orders set note = 't2' where id % 7 = 0; insert into customers values (2, 'bob')");
  batches.push((await shipWal(src, test, sourceId, dataDir)).snapshotId);
  await mark("T3", "drop table customers");
  batches.push((await shipWal(src, test, sourceId, dataDir)).snapshotId);
});

afterAll(() => src?.stop());

async function checksumsOf(c: Parameters<Parameters<typeof recoverToTime>[3]>[0]) {
  const rows = await query(
    c,
    "select string_agg(tablename, ',' order by tablename) from pg_tables where schemaname='public'",
  );
  const out: Record<string, string> = {};
  for (const t of (rows ?? "").split(",").filter(Boolean)) {
    out[t] =
      (await query(c, `select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) from "${t}" x`)) ?? "";
  }
  return out;
}

/** Scratch folders this test process made and left (owner.pid holds the maker's pid): other test files and
 * processes on the machine run PITR restores in the same temp folder at the same time. */
function ownScratchFolders(): string[] {
  return readdirSync(scratchRoot()).filter((n) => {
    if (!n.startsWith(SCRATCH_PREFIX)) return false;
    const owner = path.join(scratchRoot(), n, "owner.pid");
    return existsSync(owner) && readFileSync(owner, "utf8").trim() === String(process.pid);
  });
}

describe("restore to a time", () => {
  it("the window is one range from the base backup to the newest WAL, without gaps", async () => {
    const w = recoveryWindow(await readInventory(repo, sourceId));
    expect(w.gaps).toEqual([]);
    expect(w.ranges).toHaveLength(1);
    expect(Date.parse(w.ranges[0].from)).toBeGreaterThan(Date.parse(beforeBase));
    expect(Date.parse(w.ranges[0].to)).toBeGreaterThanOrEqual(Date.parse(at.T3.time) - 1500);
  });

  it("T2 gives T2's rows exactly; latest gives T3's state; the scratch folder is gone", async () => {
    const w = recoveryWindow(await readInventory(repo, sourceId));
    const plan = planForTime(w, at.T2.time);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    const r = await recoverToTime(repo, plan.chain, plan.targetTime, (c) => checksumsOf(c));
    expect(r.result).toEqual(at.T2.sums);
    expect(r.result).not.toEqual(at.T1.sums);
    expect(Date.parse(r.recoveredTo!)).toBeLessThanOrEqual(Date.parse(at.T2.time));
    expect(Date.parse(r.recoveredTo!)).toBeGreaterThan(Date.parse(at.T2.time) - 3000);

    const latest = planForTime(w, "latest");
    if (!latest.ok) throw new Error(latest.message);
    const l = await recoverToTime(repo, latest.chain, latest.targetTime, (c) => checksumsOf(c));
    expect(l.result).toEqual(at.T3.sums);
    expect(Object.keys(l.result)).toEqual(["orders"]);
    expect(ownScratchFolders()).toEqual([]);
  });

  it("refuses a time before the first base backup with the earliest possible time", async () => {
    const w = recoveryWindow(await readInventory(repo, sourceId));
    const plan = planForTime(w, beforeBase);
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    expect(plan.message).toContain(w.ranges[0].from);
    expect(plan.earliest).toBe(w.ranges[0].from);
  });

  it("the whole cluster at T2 as a tar: unpacked and started with pg_ctl on a random port, it holds T2's rows exactly", async () => {
    const w = recoveryWindow(await readInventory(repo, sourceId));
    const plan = planForTime(w, at.T2.time);
    if (!plan.ok) throw new Error(plan.message);
    const root = mkdtempSync(path.join(os.tmpdir(), "pitr-dl-"));
    const restoreId = randomUUID();
    const r = await recoverToTime(repo, plan.chain, plan.targetTime, async (c) =>
      keepRecoveredCluster(c, root, restoreId, await lastReplayedCommit(c)),
    );
    expect(r.result.majorVersion).toBe("15");
    expect((await readyCluster(root, restoreId))?.restoreId).toBe(restoreId);
    // The scratch folder is gone; only the prepared data directory remains.
    expect(ownScratchFolders()).toEqual([]);
    const tarFile = path.join(root, "cluster.tar");
    const tar = clusterTar(root, restoreId);
    await pipeline(tar.stream, createWriteStream(tarFile));
    expect(await tar.whole).toBe(true);
    await removeClusterDownload(root, restoreId);
    expect(await readyCluster(root, restoreId)).toBeNull();

    // As a user would: unpack, own it, start it with the same major version on a port of our choosing.
    const dir = path.join(root, "unpacked");
    mkdirSync(dir, { mode: 0o700 });
    execFileSync("tar", ["-xf", tarFile, "-C", dir]);
    expect(readdirSync(dir)).toEqual(expect.arrayContaining(["PG_VERSION", "base", "global", "pg_wal"]));
    expect(readdirSync(dir)).not.toContain("recovery.signal");
    execFileSync("chown", ["-R", "postgres:postgres", root]);
    execFileSync("chmod", ["755", root]);
    const port = await freePort();
    const bin = "/usr/lib/postgresql/15/bin";
    const asPg = (cmd: string, args: string[]) =>
      execFileSync("runuser", ["-u", "postgres", "--", `${bin}/${cmd}`, ...args], { encoding: "utf8" });
    // The source's own settings came with it (port, socket folder, archive_command): override them.
    asPg("pg_ctl", [
      "-D",
      dir,
      "-l",
      path.join(root, "log"),
      "-w",
      "-o",
      `-p ${port} -k ${root} -c archive_mode=off`,
      "start",
    ]);
    try {
      const sql = (q: string) =>
        execFileSync("psql", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", "postgres", "-XAtqc", q], {
          encoding: "utf8",
        }).trim();
      expect(sql("select pg_is_in_recovery()")).toBe("f");
      expect(tableChecksums(sql)).toEqual(at.T2.sums);
    } finally {
      asPg("pg_ctl", ["-D", dir, "-m", "fast", "-w", "stop"]);
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("a WAL batch forgotten from the repository is a gap, and a time in it is refused with its bounds", async () => {
    forgetSnapshot(test, batches[1]);
    const w = recoveryWindow(await readInventory(repo, sourceId));
    expect(w.gaps).toHaveLength(1);
    const g = w.gaps[0];
    expect(w.ranges).toHaveLength(1);
    expect(w.ranges[0].to).toBe(g.from);
    expect(Date.parse(g.from)).toBeLessThan(Date.parse(at.T2.time));
    const plan = planForTime(w, at.T2.time);
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    expect(plan.gap).toEqual({ from: g.from, to: g.to });
    expect(plan.message).toContain(g.from);
    expect(plan.message).toContain(g.to);
  });
});
