/* A base backup taken during writes is restorable only from its consistent point (its end), not its
 * start: real cluster (initdb, random loopback port), a writer committing a row every 50 ms while a
 * throttled pg_basebackup (-r 3M, several seconds) runs, real restic repository in the stream's layout.
 * The window starts at the backup's end-time; a time while it ran is refused with that earliest time;
 * PostgreSQL itself refuses such a target ("before consistent recovery point"), so the refusal is
 * needed; the earliest time restores exactly the rows committed by then. */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Repo } from "@/lib/engine";
import { readInventory } from "../inventory/read-inventory";
import { planForTime, recoveryWindow } from "../inventory/window";
import {
  initRepo,
  shipWal,
  startSourceCluster,
  takeBaseBackupWithEnd,
  type SourceCluster,
  type TestRepo,
} from "../test-fixtures/pitr-repo";
import { recoverToTime } from "./recover-to-time";
import { query } from "./scratch-cluster";

let src: SourceCluster;
let test: TestRepo;
let repo: Repo;
const sourceId = randomUUID();
let bb: ReturnType<typeof takeBaseBackupWithEnd>;

beforeAll(async () => {
  src = await startSourceCluster();
  test = initRepo();
  repo = { url: test.url, password: test.password };
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "pitr-data-"));
  src.sql("create table w (id int primary key, at timestamptz not null)");
  // ~25 s of single-row commits, one every 50 ms, in a separate process (the backup below blocks us).
  const writer = spawn("psql", [
    ...["-h", "127.0.0.1", "-p", String(src.port), "-U", "postgres", "-d", "postgres", "-XAtqc"],
    "do $$ begin for i in 1..500 loop insert into w values (i, clock_timestamp()); commit; perform pg_sleep(0.05); end loop; end $$",
  ]);
  const done = new Promise<number | null>((r) => writer.on("close", r));
  await new Promise((r) => setTimeout(r, 1500));
  bb = takeBaseBackupWithEnd(src, test, sourceId, undefined, "3M");
  expect(await done).toBe(0);
  await shipWal(src, test, sourceId, dataDir);
}, 180_000);

afterAll(() => src?.stop());

describe("the restore window of a base backup taken during writes", () => {
  it("starts at the backup's end, and the backup ran for seconds with commits in between", async () => {
    const w = recoveryWindow(await readInventory(repo, sourceId));
    expect(w.ranges).toHaveLength(1);
    expect(w.ranges[0].from).toBe(bb.endTime);
    expect(Date.parse(bb.endTime) - Date.parse(bb.startedAt)).toBeGreaterThan(3000);
    const during = Number(
      src.sql(
        `select count(*) from w where at > '${bb.startedAt}'::timestamptz + interval '1 s' and at < '${bb.endTime}'`,
      ),
    );
    expect(during).toBeGreaterThan(20);
  });

  it("refuses a time between start and consistent point with the earliest possible time", async () => {
    const w = recoveryWindow(await readInventory(repo, sourceId));
    const mid = new Date((Date.parse(bb.startedAt) + Date.parse(bb.endTime)) / 2).toISOString();
    const plan = planForTime(w, mid);
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    expect(plan.earliest).toBe(bb.endTime);
    expect(plan.message).toContain(`the earliest time you can restore to is ${bb.endTime}`);
    expect(plan.message).toContain(bb.endLsn);

    // PostgreSQL itself cannot stop there: replaying this chain to `mid` fails.
    const latest = planForTime(w, "latest");
    if (!latest.ok) throw new Error(latest.message);
    await expect(recoverToTime(repo, latest.chain, mid, async () => null)).rejects.toThrow(
      /before consistent recovery point/,
    );
  }, 180_000);

  it("the earliest time restores exactly the rows committed by then", async () => {
    const w = recoveryWindow(await readInventory(repo, sourceId));
    const plan = planForTime(w, bb.endTime);
    if (!plan.ok) throw new Error(plan.message);
    const r = await recoverToTime(repo, plan.chain, plan.targetTime, async (c) => ({
      n: Number(await query(c, "select count(*) from w")),
      contiguous: await query(c, "select count(*) = max(id) from w"),
      maxAt: await query(c, "select (extract(epoch from max(at)) * 1000)::bigint from w"),
    }));
    const upTo = (offsetMs: number) =>
      Number(
        src.sql(
          `select count(*) from w where at <= '${bb.endTime}'::timestamptz + ${offsetMs} * interval '1 millisecond'`,
        ),
      );
    expect(r.result.contiguous).toBe("t");
    // Each row's `at` is taken just before its commit: what committed by endTime is between these.
    expect(r.result.n).toBeGreaterThanOrEqual(upTo(-200));
    expect(r.result.n).toBeLessThanOrEqual(upTo(0));
    expect(Number(r.result.maxAt)).toBeLessThanOrEqual(Date.parse(bb.endTime));
  }, 180_000);
});
