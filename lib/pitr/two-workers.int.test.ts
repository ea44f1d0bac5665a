/* PITR with the app database (local PostgreSQL) and a source cluster made by initdb: two supervisors
 * (two workers) compete for one source — one streams; it crashes (receiver SIGKILLed, lease left to
 * expire) and the other takes over within the lease, never two WAL senders at once; the first base
 * backup is taken at once; the API status reads "streaming"; a stream down past the limit raises
 * wal_stream_down; a slot the server declared lost (max_slot_wal_keep_size) is recorded as a gap in
 * pitr_gaps, replaced by a fresh slot, and a fresh base backup follows; turning PITR off drops the slot. */
import path from "node:path";
import { beforeAll, expect, it } from "vitest";
import { seedDestination, seedEnvironment, waitFor } from "@/lib/jobs/test-fixtures/seed";
import { startTestCluster, type TestCluster } from "@/lib/engine/pitr/test-cluster";
import { workerProcessAppFixture } from "@/test/fixtures/worker-process-app";

let pg: TestCluster;
const { tmp } = workerProcessAppFixture("lbt_pitr", { keyByte: 7, tmpPrefix: "lb-pitr2", teardown: () => pg?.stop() });

beforeAll(async () => {
  pg = await startTestCluster();
});

it("one stream per source across two workers; takeover after a crash; status; alert; slot dropped when off", async () => {
  const { PitrSupervisor } = await import("./supervisor");
  const { getSource } = await import("@/lib/sources/get-source");
  const { updateSource } = await import("@/lib/sources/update-source");
  const { syncPitrAlerts } = await import("./pitr-alerts");
  const { getStream, listGaps, markDown } = await import("./stream-rows");
  const { slotState, listSnapshots } = await import("@/lib/engine");
  const { loadDestinationRepo } = await import("@/lib/destinations/load-destination-repo");
  const { slotName } = await import("./repository-layout");

  const dest = await seedDestination(path.join(tmp, "repo"));
  const { sources } = await seedEnvironment({
    slug: "shop-prod",
    destinationIds: [dest.id],
    sources: [
      {
        name: "shop",
        type: "postgres",
        config: { host: "127.0.0.1", port: pg.port, database: "shop", user: "lbrepl", pitr: { enabled: true } },
      },
    ],
  });
  const sourceId = sources[0].id;
  const tuning = { batchIntervalMs: 1000, pollMs: 200, restartDelayMs: 300 };
  const opts = { dataDir: path.join(tmp, "data"), labels: [], intervalSeconds: 1, leaseSeconds: 4, tuning };
  const a = new PitrSupervisor({ ...opts, holder: "worker-a", dataDir: path.join(tmp, "a") }).start();
  const b = new PitrSupervisor({ ...opts, holder: "worker-b", dataDir: path.join(tmp, "b") }).start();
  const supervisors = [a, b];

  const senders = () =>
    Number(pg.sql("select count(*) from pg_stat_replication where application_name = 'pg_receivewal'"));
  let maxSenders = 0;
  const sampler = setInterval(() => {
    maxSenders = Math.max(maxSenders, senders());
  }, 200);
  try {
    await waitFor("streaming", async () => (await getSource(sourceId)).pitr?.state === "streaming", 60_000);
    const first = (await getStream(sourceId))!.leaseHolder!;
    expect(["worker-a", "worker-b"]).toContain(first);
    const [holder, other] = first === "worker-a" ? [a, b] : [b, a];
    expect(holder.streams.has(sourceId)).toBe(true);
    expect(other.streams.has(sourceId)).toBe(false);

    // The first base backup is taken at once.
    const repo = await loadDestinationRepo(dest.id);
    // The repository is created by the first shipment; until then it does not exist.
    const count = (tags: string[]) =>
      listSnapshots(repo, { tags }).then(
        (l) => l.length,
        () => 0,
      );
    await waitFor("first base backup", async () => (await count(["basebackup", `source:${sourceId}`])) === 1, 60_000);

    pg.sql("create table t as select g, repeat('x', 300) as pad from generate_series(1, 20000) g", "shop");
    pg.sql("select pg_switch_wal()");
    const crashedAt = Date.now();
    holder.crash();
    await waitFor(
      "takeover",
      async () => (await getStream(sourceId))?.leaseHolder === other.holder && other.streams.has(sourceId),
      30_000,
    );
    await waitFor("streaming again", async () => (await getSource(sourceId)).pitr?.state === "streaming", 30_000);
    const tookOverAfter = (Date.now() - crashedAt) / 1000;
    expect(tookOverAfter).toBeLessThan(4 + 1 + 10); // lease + one pass + a receiver start
    expect(maxSenders).toBe(1);
    await waitFor("WAL snapshots", async () => (await count(["wal", `source:${sourceId}`])) > 0, 30_000);

    // A stream down past the limit raises wal_stream_down (the limit is shortened for the test).
    await markDown(sourceId, other.holder, "test: receiver stopped");
    const raised = await syncPitrAlerts(new Date(Date.now() + 11 * 60_000));
    expect(raised.opened.map((o) => o.kind)).toContain("wal_stream_down");

    // A lost slot: while no worker streams, the server removes WAL the slot held (max_slot_wal_keep_size).
    pg.sql("alter system set max_slot_wal_keep_size = '2MB'");
    pg.sql("select pg_reload_conf()");
    other.crash();
    const walStatus = () =>
      pg.sql(`select wal_status from pg_replication_slots where slot_name = '${slotName(sourceId)}'`);
    await waitFor("slot lost", async () => {
      pg.sql("insert into t select g, repeat('y', 300) from generate_series(1, 5000) g", "shop");
      pg.sql("select pg_switch_wal()");
      pg.sql("checkpoint");
      return walStatus() === "lost";
    });
    const c = new PitrSupervisor({ ...opts, holder: "worker-c", dataDir: path.join(tmp, "c") }).start();
    supervisors.push(c);
    await waitFor("gap recorded", async () => (await listGaps(sourceId)).some((g) => g.reason === "slot_lost"), 60_000);
    await waitFor(
      "streaming on a fresh slot",
      async () => walStatus() !== "lost" && (await getSource(sourceId)).pitr?.state === "streaming",
      60_000,
    );
    await waitFor("fresh base backup", async () => (await count(["basebackup", `source:${sourceId}`])) >= 2, 90_000);

    const admin = { id: null, email: "system@test", role: "admin" as const, via: "system" as const };
    await updateSource(
      sourceId,
      { config: { host: "127.0.0.1", port: pg.port, database: "shop", user: "lbrepl", pitr: { enabled: false } } },
      admin,
    );
    expect((await getSource(sourceId)).pitr?.state).toBe("off");
    await waitFor(
      "slot dropped",
      async () => !(await slotState(pg.conn(), slotName(sourceId))).exists && !c.streams.has(sourceId),
      30_000,
    );
    // Still gone a few passes later (no receiver re-created it).
    await new Promise((r) => setTimeout(r, 3000));
    expect((await slotState(pg.conn(), slotName(sourceId))).exists).toBe(false);
  } finally {
    clearInterval(sampler);
    for (const s of supervisors) await s.stop();
  }
});
