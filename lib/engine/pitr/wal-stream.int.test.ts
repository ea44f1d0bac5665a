/* PITR writing side against real clusters (initdb on random loopback ports, test-cluster.ts) and real
 * restic: prerequisite messages, WAL shipped in batches with the contract's tags, a SIGKILLed receiver
 * leaves no missing segment, a base backup with its manifest and tags, the bare restic CLI lists both,
 * and the slot is dropped. */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { segmentPosition, slotName, spoolFolder, tagValue } from "@/lib/pitr/repository-layout";
import { initRepo } from "../restic/repository";
import { listSnapshots } from "../restic/snapshots";
import { lsSnapshot } from "../restic/ls";
import { tempDir, tempRepo } from "../restic/test-support";
import type { Repo } from "../types";
import { checkPitrPrerequisites } from "./prerequisites";
import { dropSlot, slotState } from "./slot";
import { takeBaseBackup } from "./base-backup";
import { WalStream } from "./wal-stream";
import { startTestCluster, type TestCluster } from "./test-cluster";
import { PARTIAL_NAME, SEGMENT_NAME } from "@/lib/pitr/wal-names";

const SEG_PER_ID = 4096n; // 1 MiB segments
const segNo = (name: string) => {
  const p = segmentPosition(name);
  return BigInt(`0x${p.slice(0, 8)}`) * SEG_PER_ID + BigInt(`0x${p.slice(8)}`);
};

async function until<T>(what: string, f: () => Promise<T | undefined | false>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

const listed = new Map<string, string[]>();
/** Every file name in the source's WAL snapshots, with how many snapshots hold it (each listed once). */
async function walFiles(repo: Repo, sourceId: string): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  for (const s of await listSnapshots(repo, { tags: ["wal", `source:${sourceId}`] })) {
    if (!listed.has(s.id)) {
      const names: string[] = [];
      for await (const e of lsSnapshot(repo, s.id)) if (e.type === "file") names.push(e.name);
      listed.set(s.id, names);
    }
    for (const n of listed.get(s.id)!) seen.set(n, (seen.get(n) ?? 0) + 1);
  }
  return seen;
}

describe("PITR writing side", () => {
  let pg: TestCluster;
  let base: string;
  let repo: Repo;
  const sourceId = "11111111-2222-4333-8444-555555555555";

  beforeAll(async () => {
    pg = await startTestCluster();
    base = tempDir("lifeboat-pitr-");
    repo = tempRepo(base);
    await initRepo(repo);
  });
  const log: string[] = [];
  afterAll(() => {
    if (process.env.PITR_TEST_LOG) console.log(log.join("\n"));
    pg?.stop();
    if (base) fs.rmSync(base, { recursive: true, force: true });
  });

  it("says what to change: a role without REPLICATION, a missing pg_hba line, wal_level=minimal", async () => {
    expect((await checkPitrPrerequisites(pg.conn(), "x")).problems).toEqual([]);
    const plain = await checkPitrPrerequisites(pg.conn("plain"), "x");
    expect(plain.problems.map((p) => p.code)).toEqual(["replication_role"]);
    expect(plain.problems[0].message).toContain('ALTER ROLE "plain" WITH REPLICATION');
    pg.sql("create role nohba login replication");
    const hba = await checkPitrPrerequisites(pg.conn("nohba"), "x");
    expect(hba.problems.map((p) => p.code)).toEqual(["pg_hba"]);
    expect(hba.problems[0].message).toContain("host replication nohba");
    const minimal = await startTestCluster({ walLevel: "minimal" });
    try {
      const m = await checkPitrPrerequisites(minimal.conn(), "x");
      expect(m.problems.map((p) => p.code)).toContain("wal_level");
      expect(m.problems.find((p) => p.code === "wal_level")!.message).toContain("wal_level = replica");
    } finally {
      minimal.stop();
    }
  });

  it("ships WAL in tagged batches; a SIGKILLed receiver leaves no missing segment; base backup; slot dropped", async () => {
    const slot = slotName(sourceId);
    const dataDir = path.join(base, "data");
    const spoolDir = spoolFolder(dataDir, sourceId);
    const stream = new WalStream({
      conn: pg.conn(),
      slot,
      sourceId,
      dataDir,
      spoolDir,
      host: "shop-production",
      targets: async () => [{ id: "d1", repo }],
      batchIntervalMs: 1500,
      maxSegments: 4,
      pollMs: 200,
      restartDelayMs: 300,
      onState: (st, m) => log.push(`${st} ${m ?? ""}`),
      onShipped: (r) =>
        log.push(
          `shipped ${r.shipped.map((x) => x.files.join(",")).join(";")} failed ${r.failed.map((f) => f.error.message)}`,
        ),
    });
    await stream.start();
    await until("streaming", async () => stream.state === "streaming");
    pg.sql("create table orders (id serial primary key, note text)", "shop");
    const first = pg.sql("select pg_walfile_name(pg_current_wal_lsn())");

    // Writes in the background while the receiver is killed twice.
    const writer = spawn("bash", [
      "-c",
      `for i in $(seq 1 30); do psql -X -q -h 127.0.0.1 -p ${pg.port} -U postgres -d shop -c "insert into orders (note) select repeat('x', 400) from generate_series(1, 2000)"; done`,
    ]);
    const written = new Promise((r) => writer.once("exit", r));
    log.push("wait a few");
    await until("a few segments", async () => (await walFiles(repo, sourceId)).size >= 3);
    stream.killReceiver();
    await new Promise((r) => setTimeout(r, 1500));
    stream.killReceiver();
    log.push("killed twice");
    await written;
    log.push("written");
    pg.sql("select pg_switch_wal()");
    const last = pg.sql("select pg_walfile_name(pg_current_wal_lsn())");
    // Everything before the current segment is complete; it must all reach the repository.
    await until("all complete segments shipped", async () => {
      const files = await walFiles(repo, sourceId);
      return [...files.keys()].some((n) => SEGMENT_NAME.test(n) && segNo(n) >= segNo(last) - 1n) && files;
    });
    log.push("all shipped");
    const files = await walFiles(repo, sourceId);
    const segments = [...files.keys()].filter((n) => SEGMENT_NAME.test(n)).sort();
    const missing: string[] = [];
    for (let n = segNo(first); n < segNo(last); n++)
      if (!segments.some((s) => segNo(s) === n)) missing.push(n.toString(16));
    expect(missing).toEqual([]);
    expect([...files.keys()].some((n) => PARTIAL_NAME.test(n))).toBe(true);

    const walSnaps = await listSnapshots(repo, { tags: ["wal"] });
    expect(walSnaps.length).toBeGreaterThan(1);
    for (const s of walSnaps) expect(s.tags.sort()).toEqual(["lifeboat", `source:${sourceId}`, "wal"]);
    // Batches: fewer snapshots than segments (at most 4 complete files each).
    expect(walSnaps.length).toBeLessThan(segments.length);
    // Complete segments left the spool once shipped.
    await stream.maybeShip(true);
    expect(fs.readdirSync(spoolDir).filter((n) => SEGMENT_NAME.test(n) && segNo(n) < segNo(last) - 1n)).toEqual([]);

    log.push("base backup");
    const bb = await takeBaseBackup(repo, pg.conn(), { sourceId, sourceName: "shop", host: "shop-production" });
    expect(bb.startWal).toMatch(SEGMENT_NAME);
    const [bbSnap] = await listSnapshots(repo, { tags: ["basebackup", `source:${sourceId}`] });
    expect(tagValue(bbSnap.tags, "start-wal")).toBe(bb.startWal);
    expect(tagValue(bbSnap.tags, "timeline")).toBe("1");
    // The consistent point, added once stored (restic tag: the returned id is the tagged snapshot's).
    expect(bbSnap.id).toBe(bb.snapshotId);
    expect(bb.endLsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    expect(tagValue(bbSnap.tags, "end-lsn")).toBe(bb.endLsn);
    expect(tagValue(bbSnap.tags, "end-time")).toBe(bb.endTime);
    expect(Date.parse(bb.endTime)).toBeGreaterThan(Date.parse(bbSnap.time));
    const env = {
      ...process.env,
      RESTIC_REPOSITORY: repo.url,
      RESTIC_PASSWORD: repo.password,
      RESTIC_CACHE_DIR: path.join(base, "c2"),
    };
    const tarList = execFileSync("bash", ["-c", "restic dump latest --tag basebackup /base.tar | tar -t"], {
      env,
      encoding: "utf8",
    });
    expect(tarList.split("\n")).toEqual(expect.arrayContaining(["backup_label", "backup_manifest", "PG_VERSION"]));
    const manifest = JSON.parse(
      execFileSync("bash", ["-c", "restic dump latest --tag basebackup /base.tar | tar -xO backup_manifest"], {
        env,
        encoding: "utf8",
      }),
    );
    expect(manifest["WAL-Ranges"].at(-1)["End-LSN"].toUpperCase()).toBe(bb.endLsn);

    log.push("stop");
    await stream.stop();
    log.push("cli");
    // The bare restic CLI lists both kinds by tag.
    const cli = (tag: string) =>
      JSON.parse(execFileSync("restic", ["snapshots", "--json", "--tag", tag], { env, encoding: "utf8" })) as unknown[];
    expect(cli("wal").length).toBe((await listSnapshots(repo, { tags: ["wal"] })).length);
    expect(cli("basebackup").length).toBe(1);

    expect((await slotState(pg.conn(), slot)).exists).toBe(true);
    expect(await dropSlot(pg.conn(), slot)).toBe(true);
    expect((await slotState(pg.conn(), slot)).exists).toBe(false);
  });
});
