/* Outages during a backup, with the worker's services in this process, real restic, a private Lifeboat
 * database on PostgreSQL: (1) the S3 server (s3rver over HTTPS) stopped hard mid-backup → the backup
 * fails with a clear error, an alert is raised by the evaluator, and "Backup now" once the server is
 * back (same address and certificate) is green; (2) a local destination on a 20 MB tmpfs the test mounts
 * runs full → a clear error, the repository still passes `restic check`, an alert; (3) the PostgreSQL
 * source (a private cluster made with initdb) stopped with `pg_ctl stop -m immediate` mid-dump → the
 * backup failed and no snapshot of it is left in the repository. Each case adds its counts. */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestCluster, type TestCluster } from "@/lib/engine/pitr/test-cluster";
import { pgBinary } from "@/lib/engine/pitr/pg-tools";
import { seedDestination, seedEnvironment, waitFor } from "@/lib/jobs/test-fixtures/seed";
import { freePort } from "@/test/support/servers/server-process";
import { startS3Server, type S3TestServer } from "@/test/support/servers/s3-server";
import { makeSelfSignedCert } from "@/test/support/servers/tls-cert";
import {
  backupNow,
  backupRow,
  backupSettled,
  openAlertsOf,
  type Outage,
  startOutageSetting,
  stuckRows,
} from "./outage-harness";
import { recordCounts, resticCheckAll, resticSnapshots, type RepoAccess } from "./support";

let o: Outage;
beforeAll(async () => {
  o = await startOutageSetting("lbt_faults_out");
});
afterAll(async () => {
  await o?.stop();
});

/** A command source that streams `mb` MB of random data at about 5 MB/s: long enough to stop things. */
const stream = (mb: number) =>
  `i=0; while [ $i -lt ${mb} ]; do head -c 1048576 /dev/urandom; sleep 0.2; i=$((i+1)); done`;

const whileRunning = (backupId: string, minBytes: number) =>
  waitFor("the backup to be uploading", async () => {
    const b = await backupRow(backupId);
    if (b && !["queued", "running"].includes(b.status)) throw new Error(`the backup ended ${b.status} too early`);
    return (b?.progress?.bytesDone ?? 0) >= minBytes;
  });

describe("outages mid-backup", () => {
  it("the S3 server stopped mid-backup: failed with a clear error, alert, green after it is back", async () => {
    const { getDb } = await import("@/lib/db");
    const { destinations } = await import("@/lib/db/schema");
    const { openSecret, sealJson, sealSecret } = await import("@/lib/secrets");
    const cert = makeSelfSignedCert(path.join(o.tmp, "s3-tls"));
    const port = await freePort();
    const data = path.join(o.tmp, "s3-data");
    let s3: S3TestServer | undefined = await startS3Server({ buckets: ["faults"], port, cert, directory: data });
    try {
      const [dest] = await getDb()
        .insert(destinations)
        .values({
          name: "offsite s3",
          type: "s3",
          config: { endpoint: `https://${s3.endpoint}`, bucket: "faults", pathStyle: true, caCert: cert.certPem },
          secretsEnc: sealJson({ accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey }),
          repoPasswordEnc: sealSecret("s3 fault password"),
        })
        .returning();
      const { env } = await seedEnvironment({
        slug: "s3-outage",
        type: "production",
        sources: [
          { name: "stream", type: "command", config: { backupCommand: stream(40), restoreCommand: "cat >/dev/null" } },
        ],
        destinationIds: [dest!.id],
      });
      const first = await backupNow(env.id);
      await whileRunning(first.id, 6 << 20);
      await s3.stop({ hard: true, keepData: true });
      s3 = undefined;
      const failed = await backupSettled(first.id);
      console.log(`[faults] S3 outage: backup ${failed.status}: ${failed.error?.message}`);
      expect(failed.status).toBe("failed");
      expect(failed.error?.message ?? "").toMatch(/stopped responding|unreachable|could not reach|connection refused/i);
      expect(failed.error?.message ?? "").toContain(`127.0.0.1:${port}`);
      const alerts = await openAlertsOf(env.id);
      expect(alerts.map((a) => a.kind)).toContain("backup_failed");

      s3 = await startS3Server({ port, cert, directory: data });
      const retry = await backupSettled((await backupNow(env.id)).id);
      expect(`${retry.status} ${retry.error?.message ?? ""}`.trim()).toBe("succeeded");
      expect((await openAlertsOf(env.id)).map((a) => a.kind)).not.toContain("backup_failed");

      const access: RepoAccess = {
        repo: `s3:https://${s3.endpoint}/faults`,
        password: openSecret(dest!.repoPasswordEnc),
        env: { AWS_ACCESS_KEY_ID: s3.accessKeyId, AWS_SECRET_ACCESS_KEY: s3.secretAccessKey },
        args: ["--cacert", cert.certPath, "-o", "s3.bucket-lookup=path"],
      };
      const half = resticSnapshots(access, `backup:${first.id}`);
      const [code, out] = resticCheckAll(access, { unlockFirst: true });
      const stuck = await stuckRows(o.db.url);
      recordCounts("s3-outage", { corrupt: code === 0 ? 0 : 1, stuck: stuck.length, falseGreen: half.length });
      expect(half, "a snapshot of the failed backup").toEqual([]);
      expect(out).toContain("no errors were found");
      expect(stuck).toEqual([]);
    } finally {
      await s3?.stop({ hard: true, keepData: true });
    }
  });

  it("a full disk on a local destination: a clear error, the repository intact, an alert", async (t) => {
    const { openSecret } = await import("@/lib/secrets");
    const mnt = path.join(o.tmp, "small-disk");
    fs.mkdirSync(mnt);
    const m = spawnSync("mount", ["-t", "tmpfs", "-o", "size=20m", "tmpfs", mnt], { encoding: "utf8" });
    if (m.status !== 0) {
      console.log(`[faults] full disk: SKIPPED — mounting a tmpfs is not permitted here: ${m.stderr.trim()}`);
      t.skip();
    }
    try {
      const dest = await seedDestination(path.join(mnt, "repo"), "small disk");
      const { env } = await seedEnvironment({
        slug: "disk-full",
        sources: [
          { name: "stream", type: "command", config: { backupCommand: stream(40), restoreCommand: "cat >/dev/null" } },
        ],
        destinationIds: [dest.id],
      });
      const b = await backupSettled((await backupNow(env.id)).id);
      console.log(`[faults] full disk: backup ${b.status}: ${b.error?.message}`);
      expect(b.status).toBe("failed");
      expect(b.error?.message ?? "").toMatch(/no space left|disk is full|full/i);
      expect((await openAlertsOf(env.id)).map((a) => a.kind)).toContain("backup_failed");
      const access = { repo: path.join(mnt, "repo"), password: openSecret(dest.repoPasswordEnc) };
      const [code, out] = resticCheckAll(access, { unlockFirst: true });
      const half = resticSnapshots(access, `backup:${b.id}`);
      recordCounts("disk-full", {
        corrupt: code === 0 ? 0 : 1,
        stuck: (await stuckRows(o.db.url)).length,
        falseGreen: half.length,
      });
      expect(out, out).toContain("no errors were found");
      expect(code).toBe(0);
      expect(half).toEqual([]);
    } finally {
      spawnSync("umount", ["-l", mnt]);
    }
  });

  it("the PostgreSQL source stopped mid-dump: failed, and no half snapshot kept", async () => {
    const { openSecret } = await import("@/lib/secrets");
    let cluster: TestCluster | undefined = await startTestCluster({ walLevel: "minimal" });
    try {
      cluster.sql("create database shop_big");
      // ~150 MB of rows: the dump streams for seconds, so the server can be stopped in the middle.
      cluster.sql(
        "create table orders as select g as id, repeat(md5(g::text), 4) as note from generate_series(1, 1100000) g",
        "shop_big",
      );
      const repo = path.join(o.tmp, "pg-repo");
      const dest = await seedDestination(repo, "pg outage");
      const { env } = await seedEnvironment({
        slug: "pg-down",
        sources: [
          {
            name: "db",
            type: "postgres",
            config: { host: "127.0.0.1", port: cluster.port, user: "postgres", database: "shop_big" },
          },
        ],
        destinationIds: [dest.id],
      });
      const { id } = await backupNow(env.id);
      // Mid-dump for certain, whatever the machine's speed: once pg_dump's COPY of the big table runs, the
      // pg_dump process is paused (SIGSTOP) — it has sent part of the table into the backup and can read
      // no more — the server is stopped under it, and pg_dump goes on (SIGCONT) into a dead connection.
      // (Waiting for a byte count instead let an idle machine finish the whole dump before the stop.)
      const copying = () =>
        cluster!.sql("select count(*) from pg_stat_activity where query like 'COPY public.orders%'") !== "0";
      await waitFor("pg_dump's COPY of the big table", async () => copying(), 120_000);
      const dumpPid = spawnSync("pgrep", ["-f", `pg_dump.*--port=${cluster.port}`], { encoding: "utf8" })
        .stdout.trim()
        .split("\n")[0];
      expect(dumpPid, "the pg_dump process of this backup").toMatch(/^\d+$/);
      process.kill(Number(dumpPid), "SIGSTOP");
      try {
        expect(copying(), "pg_dump was still copying the table when it was paused").toBe(true);
        const data = path.join(cluster.dir, "data");
        const stop = spawnSync(
          "runuser",
          ["-u", "postgres", "--", pgBinary("pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"],
          { encoding: "utf8" },
        );
        expect(stop.status, stop.stderr).toBe(0);
      } finally {
        process.kill(Number(dumpPid), "SIGCONT");
      }
      const b = await backupSettled(id);
      console.log(`[faults] source down: backup ${b.status}: ${b.error?.message}`);
      expect(b.status).toBe("failed");
      const access = { repo, password: openSecret(dest.repoPasswordEnc) };
      const half = resticSnapshots(access, `backup:${id}`);
      const [code] = resticCheckAll(access, { unlockFirst: true });
      recordCounts("source-down", {
        corrupt: code === 0 ? 0 : 1,
        stuck: (await stuckRows(o.db.url)).length,
        falseGreen: half.length,
      });
      expect(half, "snapshots of the failed backup").toEqual([]);
      expect(code).toBe(0);
    } finally {
      cluster?.stop();
      cluster = undefined;
    }
  });
});
