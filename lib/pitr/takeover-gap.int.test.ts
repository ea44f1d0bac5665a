/* PITR takeover across hosts when the first host dies with WAL in its spool that it never shipped: the
 * slot has already moved past that WAL (pg_receivewal --synchronous confirmed it), so no one can ship it
 * again. The worker that takes over must say so — a `takeover` gap after the last shipped segment, the
 * recovery window showing the missing segments as a gap (never bridged), and a fresh base backup so
 * restores are possible again after it. App database: a throwaway database on the local PostgreSQL;
 * source: a cluster made by initdb (1 MiB segments). */
import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { seedDestination, seedEnvironment, waitFor } from "@/lib/jobs/test-fixtures/seed";
import { pitrAppFixture } from "./test-fixtures/pitr-app";

const app = pitrAppFixture("pitr-gap", 11);
const tmp = app.tmp;

it("unshipped spool lost with its host: a takeover gap, shown in the window, and a fresh base backup", async () => {
  const { PitrSupervisor } = await import("./supervisor");
  const { getStream, listGaps } = await import("./stream-rows");
  const { listSnapshots } = await import("@/lib/engine");
  const { listSpool } = await import("@/lib/engine/pitr/spool");
  const { loadDestinationRepo } = await import("@/lib/destinations/load-destination-repo");
  const { nextSegment, spoolFolder } = await import("./repository-layout");
  const { getRecoveryWindow } = await import("./inventory/source-window");

  const dest = await seedDestination(path.join(tmp, "repo"));
  const { sources } = await seedEnvironment({
    slug: "shop-gap",
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
  // A ships only when 3 complete segments wait (no timer): so the test decides what A ships and what
  // it still holds when it dies.
  const opts = {
    labels: [],
    intervalSeconds: 1,
    leaseSeconds: 4,
    tuning: { batchIntervalMs: 3_600_000, maxSegments: 3, pollMs: 200, restartDelayMs: 300 },
  };
  const a = new PitrSupervisor({ ...opts, holder: "host-a", dataDir: path.join(tmp, "a") }).start();
  const supervisors = [a];
  try {
    const repo = await loadDestinationRepo(dest.id);
    const bases = () =>
      listSnapshots(repo, { tags: ["basebackup", `source:${sourceId}`] }).then(
        (l) => l.length,
        () => 0,
      );
    await waitFor("first base backup", async () => (await bases()) === 1, 90_000);
    const spool = spoolFolder(path.join(tmp, "a"), sourceId);
    const write = (n: number) => {
      app.pg.sql(`insert into t select g, repeat('x', 400) from generate_series(1, ${n}) g`, "shop");
      app.pg.sql("select pg_switch_wal()");
    };
    app.pg.sql("create table t (g int, pad text)", "shop");
    // Three segments: A ships them.
    for (let i = 0; i < 3; i++) write(1000);
    await waitFor("A's first WAL batch", async () => (await getStream(sourceId))?.lastShippedWal, 60_000);
    // Let A settle below its batch size (it ships whenever 3 complete segments wait), then make sure it
    // holds at least one complete segment it has not shipped — and kill it with that.
    let settled = { wal: "", since: Date.now() };
    await waitFor(
      "A settled below its batch size",
      async () => {
        const wal = (await getStream(sourceId))?.lastShippedWal ?? "";
        if (wal !== settled.wal) settled = { wal, since: Date.now() };
        return listSpool(spool).complete.length < 3 && Date.now() - settled.since > 2000;
      },
      60_000,
    );
    if (listSpool(spool).complete.length === 0) write(1000);
    await waitFor("a complete segment spooled on A only", async () => listSpool(spool).complete.length >= 1, 30_000);
    const lastShipped = (await getStream(sourceId))!.lastShippedWal!;
    a.crash();
    fs.rmSync(spool, { recursive: true, force: true }); // host A is gone for good, with its disk
    expect((await getStream(sourceId))!.lastShippedWal).toBe(lastShipped); // A never shipped them

    const b = new PitrSupervisor({ ...opts, holder: "host-b", dataDir: path.join(tmp, "b") }).start();
    supervisors.push(b);
    const [gap] = await waitFor(
      "the takeover gap",
      async () => {
        const gaps = (await listGaps(sourceId)).filter((g) => g.reason === "takeover");
        return gaps.length ? gaps : undefined;
      },
      60_000,
    );
    expect(gap!.afterSegment).toBe(lastShipped);
    expect(gap!.resumeSegment! > nextSegment(lastShipped, 1024 * 1024)).toBe(true);
    await waitFor("a fresh base backup after the gap", async () => (await bases()) >= 2, 90_000);

    // B ships once 3 complete segments wait: give it WAL after the gap, then the window must show the gap.
    for (let i = 0; i < 3; i++) write(1000);
    const w = await waitFor(
      "WAL after the gap shipped by B",
      async () => {
        const got = await getRecoveryWindow(sourceId);
        return got.gaps.length ? got : undefined;
      },
      60_000,
    );
    expect(w.gaps[0]!.missing?.first).toBe(nextSegment(lastShipped, 1024 * 1024));
  } finally {
    for (const s of supervisors) await s.stop();
  }
}, 400_000);
