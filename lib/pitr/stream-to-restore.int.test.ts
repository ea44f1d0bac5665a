/* PITR end to end, the two halves joined: a real source cluster (initdb, 1 MiB WAL segments) streamed by
 * the real supervisor — pg_receivewal into the spool, batches shipped into the destination's restic
 * repository, the first base backup taken at once — and then restored to a time by the real
 * restore-to-time job (worker in process) through the REST routes. Rows at T1, T2, a table dropped at
 * T3: "latest" (after the stream is stopped, so the restores' own writes are not in the WAL) gives T3's
 * state, then T2 gives T2's rows exactly (checksums of every table; the dropped table is back). (A
 * database restore is pg_restore --clean: it replaces what the dump holds and leaves a table created
 * after the chosen time in place, as every restore here does — so T2 is restored last.) The app
 * database is a throwaway database on the local PostgreSQL. Prints how long a commit took to be shipped. */
import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { seedDestination, seedEnvironment, waitFor } from "@/lib/jobs/test-fixtures/seed";
import { pitrAppFixture } from "./test-fixtures/pitr-app";
import { tableChecksums } from "./test-fixtures/pitr-repo";

const app = pitrAppFixture("pitr-join", 9);
const tmp = app.tmp;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it("streamed WAL and the first base backup restore T2 exactly and latest to T3", async () => {
  const { PitrSupervisor } = await import("./supervisor");
  const { getSource } = await import("@/lib/sources/get-source");
  const { listSnapshots } = await import("@/lib/engine");
  const { loadDestinationRepo } = await import("@/lib/destinations/load-destination-repo");
  const { call, seedRoles } = await import("@/lib/auth/test-fixtures");
  const windowRoute = await import("@/app/api/v1/sources/[id]/recovery-window/route");
  const restoreToTimeRoute = await import("@/app/api/v1/sources/[id]/restore-to-time/route");
  const restoreRoute = await import("@/app/api/v1/restores/[id]/route");
  const { startWorker } = await import("@/lib/jobs/worker");
  const { jobHandlers } = await import("@/lib/job-kinds");

  // The application's tables belong to the source's role, as they would in production.
  const shop = (q: string) => app.pg.sql(`set role lbrepl; ${q}`, "shop").split("\n").at(-1) ?? "";
  shop("create table orders (id int primary key, note text); create table customers (id int, name text)");
  shop("insert into orders select g, 'before' from generate_series(1, 50) g");

  const users = await seedRoles();
  const dest = await seedDestination(path.join(tmp, "repo"));
  const { sources } = await seedEnvironment({
    slug: "shop-pitr",
    destinationIds: [dest.id],
    sources: [
      {
        name: "shop",
        type: "postgres",
        config: { host: "127.0.0.1", port: app.pg.port, database: "shop", user: "lbrepl", pitr: { enabled: true } },
      },
    ],
  });
  const sourceId = sources[0].id;
  const supervisor = new PitrSupervisor({
    dataDir: path.join(tmp, "data"),
    labels: [],
    intervalSeconds: 1,
    leaseSeconds: 10,
    holder: "worker-a",
    tuning: { batchIntervalMs: 1000, pollMs: 200, restartDelayMs: 300 },
  }).start();
  const worker = startWorker({ handlers: jobHandlers(), concurrency: 1, pollMs: 100, leaseSeconds: 30 });
  try {
    await waitFor("streaming", async () => (await getSource(sourceId)).pitr?.state === "streaming", 60_000);
    const repo = await loadDestinationRepo(dest.id);
    const count = (tags: string[]) =>
      listSnapshots(repo, { tags }).then(
        (l) => l.length,
        () => 0,
      );
    await waitFor("first base backup", async () => (await count(["basebackup", `source:${sourceId}`])) === 1, 90_000);

    const at: Record<string, { time: string; sums: Record<string, string> }> = {};
    const mark = async (name: string, q: string) => {
      shop(q);
      await sleep(1100);
      at[name] = { time: new Date().toISOString(), sums: tableChecksums((x) => app.pg.sql(x, "shop")) };
      await sleep(1100);
    };
    await mark(
      "T1",
      "insert into orders select g, 't1' from generate_series(51, 80) g; insert into customers values (1, 'ann')",
    );
    await mark("T2", "update orders set note = 't2' where id % 5 = 0; insert into customers values (2, 'bob')");
    const committed = Date.now();
    await mark("T3", "drop table customers; delete from orders where id > 40");
    app.pg.sql("select pg_switch_wal()"); // complete the segment holding T3 (a .partial would do for latest too)

    const windowOf = async () =>
      (await call(windowRoute.GET, { token: users.viewer.token, params: { id: sourceId } })).json as {
        ranges: { from: string; to: string }[];
        gaps: unknown[];
      };
    const w = await waitFor(
      "WAL past T3 shipped",
      async () => {
        const got = await windowOf();
        return got.ranges.some((r) => Date.parse(r.to) > Date.parse(at.T3!.time)) ? got : undefined;
      },
      90_000,
    );
    console.log(`a commit reached the repository ${((Date.now() - committed) / 1000).toFixed(1)} s after it was made`);
    expect(w.gaps).toEqual([]);
    expect(w.ranges).toHaveLength(1);
    // Stop streaming before restoring, so "latest" means T3 and not the restore's own writes.
    await supervisor.stop();

    const restoreTo = async (time: string) => {
      const res = await call(restoreToTimeRoute.POST, {
        method: "POST",
        token: users.operator.token,
        params: { id: sourceId },
        body: { time, safetyBackup: false },
      });
      expect(res.status, res.text).toBe(202);
      return waitFor(
        "restore settled",
        async () => {
          const r = await call(restoreRoute.GET, { token: users.viewer.token, params: { id: res.json.id } });
          return ["queued", "running"].includes(r.json.status) ? undefined : r.json;
        },
        180_000,
      );
    };
    const latest = await restoreTo("latest");
    expect(latest.status, JSON.stringify(latest.error)).toBe("succeeded");
    expect(tableChecksums((x) => app.pg.sql(x, "shop"))).toEqual(at.T3!.sums);
    expect(Date.parse(latest.recoveredTo)).toBeGreaterThanOrEqual(Date.parse(at.T2!.time));

    const t2 = await restoreTo(at.T2!.time);
    expect(t2.error ?? null).toBeNull();
    expect(t2.status).toBe("succeeded");
    expect(tableChecksums((x) => app.pg.sql(x, "shop"))).toEqual(at.T2!.sums);
    expect(Date.parse(t2.recoveredTo)).toBeLessThanOrEqual(Date.parse(at.T2!.time));
    expect(Date.parse(t2.recoveredTo)).toBeGreaterThan(Date.parse(at.T1!.time));
  } finally {
    await worker.stop(2000);
    await supervisor.stop();
  }
}, 600_000);
