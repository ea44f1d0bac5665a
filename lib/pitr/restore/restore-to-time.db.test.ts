/* Restore to a time through the REST routes and the job (worker in process, real restic, a real cluster
 * made by initdb as the source): the recovery window, one table of T2 copied into a new name without
 * touching the rest, the whole database put back to T2 (undoing a dropped table) with `recoveredTo` on
 * the restore, the whole cluster at T2 downloaded as a tar and started with pg_ctl, and a time before the
 * first base backup refused with the earliest time. */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as windowRoute from "@/app/api/v1/sources/[id]/recovery-window/route";
import * as restoreToTimeRoute from "@/app/api/v1/sources/[id]/restore-to-time/route";
import * as downloadRoute from "@/app/api/v1/restores/[id]/download/route";
import * as restoreRoute from "@/app/api/v1/restores/[id]/route";
import type { Role } from "@/lib/auth/roles";
import { call, seedRoles, type TestUser } from "@/lib/auth/test-fixtures";
import { getDb } from "@/lib/db";
import { restores } from "@/lib/db/schema";
import { loadDestinationRepo } from "@/lib/destinations/load-destination-repo";
import { jobHandlers } from "@/lib/job-kinds";
import { stopBoss } from "@/lib/jobs/boss";
import { seedDestination, seedEnvironment, waitFor } from "@/lib/jobs/test-fixtures/seed";
import { startWorker, type RunningWorker } from "@/lib/jobs/worker";
import {
  initRepo,
  shipWal,
  startSourceCluster,
  tableChecksums,
  takeBaseBackup,
  type SourceCluster,
} from "../test-fixtures/pitr-repo";
import { freePort } from "./scratch-cluster";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-pitr-db-"));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let src: SourceCluster;
let worker: RunningWorker;
let users: Record<Role, TestUser>;
let sourceId: string;
let beforeBase: string;
const at: Record<string, { time: string; sums: Record<string, string> }> = {};
const shop = (q: string) => src.sql(q, "shop");

async function settled(id: string) {
  return waitFor(
    "restore settled",
    async () => {
      const [r] = await getDb().select().from(restores).where(eq(restores.id, id));
      return r && !["queued", "running"].includes(r.status) ? r : undefined;
    },
    120_000,
  );
}

const restoreToTime = (body: Record<string, unknown>) =>
  call(restoreToTimeRoute.POST, { method: "POST", token: users.operator.token, params: { id: sourceId }, body });

beforeAll(async () => {
  users = await seedRoles();
  src = await startSourceCluster();
  src.sql("create database shop");
  const dest = await seedDestination(path.join(tmp, "repo"));
  const repo = initRepo(path.join(tmp, "repo"), (await loadDestinationRepo(dest.id)).password);
  const seeded = await seedEnvironment({
    slug: `pitr-${randomBytes(3).toString("hex")}`,
    sources: [
      {
        name: "Shop DB",
        type: "postgres",
        config: { host: "127.0.0.1", port: src.port, database: "shop", user: "postgres" },
      },
    ],
    destinationIds: [dest.id],
  });
  sourceId = seeded.sources[0]!.id;
  shop("create table orders (id int primary key, note text); create table customers (id int, name text)");
  shop("insert into orders select g, 'before' from generate_series(1, 50) g");
  beforeBase = new Date(Date.now() - 1000).toISOString();
  takeBaseBackup(src, repo, sourceId);
  const mark = async (name: string, q: string) => {
    shop(q);
    await sleep(1100);
    at[name] = { time: new Date().toISOString(), sums: tableChecksums(shop) };
    await sleep(1100);
  };
  await mark(
    "T1",
    "insert into orders select g, 't1' from generate_series(51, 80) g; insert into customers values (1, 'ann')",
  );
  await mark("T2", "update orders set note = 't2' where id % 5 = 0; insert into customers values (2, 'bob')");
  await mark("T3", "drop table customers; delete from orders where id > 40");
  await shipWal(src, repo, sourceId, path.join(tmp, "data"));
  worker = startWorker({ handlers: jobHandlers(), concurrency: 1, pollMs: 100, leaseSeconds: 30 });
}, 180_000);

afterAll(async () => {
  await worker?.stop(2000);
  await stopBoss();
  src?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("restore to a time through the API", () => {
  it("serves the recovery window", async () => {
    const res = await call(windowRoute.GET, { token: users.viewer.token, params: { id: sourceId } });
    expect(res.status, res.text).toBe(200);
    expect(res.json.gaps).toEqual([]);
    expect(res.json.ranges).toHaveLength(1);
    expect(Date.parse(res.json.ranges[0].to)).toBeGreaterThan(Date.parse(at.T2.time));
  });

  it("copies one table as of T2 into a new name without touching the rest", async () => {
    const before = tableChecksums(shop);
    const res = await restoreToTime({
      time: at.T2.time,
      output: "table",
      table: "customers",
      newTable: "customers_restored_1403",
    });
    expect(res.status, res.text).toBe(202);
    const r = await settled(res.json.id);
    expect(r.error).toBeNull();
    expect(r.status).toBe("succeeded");
    const now = tableChecksums(shop);
    expect(now.customers_restored_1403).toBe(at.T2.sums.customers);
    expect({ ...now, customers_restored_1403: undefined }).toEqual({ ...before, customers_restored_1403: undefined });
    shop("drop table customers_restored_1403");
  });

  it("puts the whole database back to T2 and says when it replayed to", async () => {
    expect(tableChecksums(shop)).toEqual(at.T3.sums);
    const res = await restoreToTime({ time: at.T2.time, safetyBackup: false });
    expect(res.status, res.text).toBe(202);
    const r = await settled(res.json.id);
    expect(r.error).toBeNull();
    expect(tableChecksums(shop)).toEqual(at.T2.sums);
    const view = await call(restoreRoute.GET, { token: users.viewer.token, params: { id: res.json.id } });
    expect(view.status).toBe(200);
    expect(view.json.backupId).toBeNull();
    expect(view.json.pitr).toMatchObject({ sourceId, time: at.T2.time, output: "database" });
    expect(Date.parse(view.json.recoveredTo)).toBeLessThanOrEqual(Date.parse(at.T2.time));
    expect(Date.parse(view.json.recoveredTo)).toBeGreaterThan(Date.parse(at.T1.time));
  });

  it("prepares the whole cluster at T2 as a tar download: started with pg_ctl it holds T2's rows; removed once fetched", async () => {
    const res = await restoreToTime({ time: at.T2.time, output: "cluster" });
    expect(res.status, res.text).toBe(202);
    const r = await settled(res.json.id);
    expect(r.error).toBeNull();
    expect(r.status).toBe("succeeded");
    expect(r.safetyBackupId).toBeNull();
    const get = (token: string) =>
      downloadRoute.GET(
        new Request(`http://127.0.0.1/api/v1/restores/${r.id}/download`, {
          headers: { authorization: `Bearer ${token}` },
        }),
        {
          params: Promise.resolve({ id: r.id }),
        },
      );
    expect((await get(users.viewer.token)).status).toBe(403);
    const dl = await get(users.operator.token);
    expect(dl.status).toBe(200);
    expect(dl.headers.get("content-type")).toBe("application/x-tar");
    expect(dl.headers.get("content-disposition")).toMatch(/attachment; filename="Shop-DB-pg15-\d{8}T\d{6}Z\.tar"/);
    const dir = path.join(tmp, "cluster");
    fs.mkdirSync(dir, { mode: 0o700 });
    fs.writeFileSync(path.join(tmp, "cluster.tar"), Buffer.from(await dl.arrayBuffer()));
    execFileSync("tar", ["-xf", path.join(tmp, "cluster.tar"), "-C", dir]);
    // Sent whole: the prepared folder is removed; a second download says so.
    await waitFor(
      "download folder removed",
      async () => ((await get(users.operator.token)).status === 404 ? true : undefined),
      10_000,
    );
    const run = path.join(tmp, "cluster-run");
    fs.mkdirSync(run);
    fs.chmodSync(tmp, 0o755);
    execFileSync("chown", ["-R", "postgres:postgres", dir, run]);
    const port = await freePort();
    const pgCtl = (args: string[]) =>
      execFileSync("runuser", ["-u", "postgres", "--", "/usr/lib/postgresql/15/bin/pg_ctl", "-D", dir, ...args]);
    pgCtl(["-l", path.join(run, "log"), "-w", "-o", `-p ${port} -k ${run} -c archive_mode=off`, "start"]);
    try {
      const sql = (q: string) =>
        execFileSync("psql", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", "shop", "-XAtqc", q], {
          encoding: "utf8",
        }).trim();
      expect(tableChecksums(sql)).toEqual(at.T2.sums);
    } finally {
      pgCtl(["-m", "fast", "-w", "stop"]);
    }
  });

  it("refuses a time before the first base backup with the earliest time, and a viewer", async () => {
    const win = await call(windowRoute.GET, { token: users.viewer.token, params: { id: sourceId } });
    const res = await restoreToTime({ time: beforeBase });
    expect(res.status).toBe(422);
    expect(res.text).toContain(win.json.ranges[0].from);
    const bad = await restoreToTime({ time: "yesterday" });
    expect(bad.status).toBe(400);
    const denied = await call(restoreToTimeRoute.POST, {
      method: "POST",
      token: users.viewer.token,
      params: { id: sourceId },
      body: { time: "latest" },
    });
    expect(denied.status).toBe(403);
  });
});
