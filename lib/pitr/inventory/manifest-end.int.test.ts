/* A base backup stored before Lifeboat tagged its consistent point (no end-lsn/end-time tags: made here
 * by removing them with the bare restic CLI): the inventory reads the end LSN from the backup_manifest
 * inside its base.tar, the window starts no earlier than the backup's real end (never at its snapshot
 * time, its start), and a restore to that earliest time succeeds (PostgreSQL refuses any time before the
 * consistent point). Real cluster (initdb, random loopback port), a writer committing during a throttled
 * pg_basebackup, real restic. */
import { execFileSync, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import type { Repo } from "@/lib/engine";
import { recoverToTime } from "../restore/recover-to-time";
import { query } from "../restore/scratch-cluster";
import {
  initRepo,
  shipWal,
  startSourceCluster,
  takeBaseBackupWithEnd,
  type SourceCluster,
} from "../test-fixtures/pitr-repo";
import { readInventory } from "./read-inventory";
import { planForTime, recoveryWindow } from "./window";

let src: SourceCluster | undefined;
const leftovers: string[] = [];
afterAll(() => {
  src?.stop();
  for (const d of leftovers) rmSync(d, { recursive: true, force: true });
});

it("an untagged base backup's window starts after the end LSN of its own manifest, and that time restores", async () => {
  src = await startSourceCluster();
  const test = initRepo();
  const repo: Repo = { url: test.url, password: test.password };
  const sourceId = randomUUID();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "pitr-data-"));
  leftovers.push(dataDir, test.url);
  src.sql("create table w (id int primary key, at timestamptz not null)");
  const writer = spawn("psql", [
    ...["-h", "127.0.0.1", "-p", String(src.port), "-U", "postgres", "-d", "postgres", "-XAtqc"],
    "do $$ begin for i in 1..300 loop insert into w values (i, clock_timestamp()); commit; perform pg_sleep(0.05); end loop; end $$",
  ]);
  const done = new Promise<number | null>((r) => writer.on("close", r));
  await new Promise((r) => setTimeout(r, 1000));
  const bb = takeBaseBackupWithEnd(src, test, sourceId, undefined, "3M");
  expect(await done).toBe(0);
  await shipWal(src, test, sourceId, dataDir);

  // As an older Lifeboat stored it: no consistent-point tags.
  const [snap] = JSON.parse(
    execFileSync("restic", ["snapshots", "--json", "--tag", "basebackup"], { env: test.env, encoding: "utf8" }),
  ) as { id: string }[];
  execFileSync("restic", ["tag", "--remove", `end-lsn:${bb.endLsn},end-time:${bb.endTime}`, snap!.id], {
    env: test.env,
    stdio: "ignore",
  });

  const inv = await readInventory(repo, sourceId);
  expect(inv.bases).toHaveLength(1);
  expect(inv.bases[0]).toMatchObject({ endLsn: bb.endLsn, endFrom: "manifest" });
  expect(inv.bases[0]!.endTime).toBeUndefined();
  const w = recoveryWindow(inv);
  expect(w.ranges).toHaveLength(1);
  const from = w.ranges[0]!.from;
  expect(Date.parse(from)).toBeGreaterThan(Date.parse(bb.startedAt) + 1000); // not the snapshot time
  expect(Date.parse(from)).toBeGreaterThanOrEqual(Date.parse(bb.endTime) - 1000);

  const plan = planForTime(w, from);
  if (!plan.ok) throw new Error(plan.message);
  const r = await recoverToTime(repo, plan.chain, plan.targetTime, (c) =>
    query(c, "select count(*) || '/' || max(id) from w"),
  );
  const [count, max] = String(r.result).split("/").map(Number);
  expect(count).toBe(max); // contiguous rows
  expect(count).toBeGreaterThan(0);
  // Every row stamped 200 ms before the target is there (its commit followed its stamp), none after it.
  expect(count).toBeGreaterThanOrEqual(
    Number(src.sql(`select count(*) from w where at <= '${from}'::timestamptz - interval '200 ms'`)),
  );
  expect(count).toBeLessThanOrEqual(Number(src.sql(`select count(*) from w where at <= '${from}'`)));
}, 240_000);
