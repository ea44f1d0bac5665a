/* Off-site copies end to end with the embedded worker, real restic, a local primary and two copy
 * targets on real servers on loopback: S3 (s3rver over HTTPS) and REST (rclone serve restic). Each good
 * backup is copied to both (the targets created with the primary's chunker parameters); the bare restic
 * CLI with the recovery kit lists the copies; the copy repository is about the primary's size; retention
 * runs per destination (primary: the environment's keep-last 2, S3: its own keep-last 1, REST: its own
 * keep-last 3); with the primary's repository deleted a restore falls back to a copy and says so. Runs
 * on db-pglite and db-postgres. */
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as backupRoute from "@/app/api/v1/backups/[id]/route";
import * as restoreRoute from "@/app/api/v1/backups/[id]/restore/route";
import * as kitRoute from "@/app/api/v1/destinations/[id]/recovery-kit/route";
import * as settingsRoute from "@/app/api/v1/environments/[id]/backup-settings/route";
import * as restoreGetRoute from "@/app/api/v1/restores/[id]/route";
import { call, seedRoles, type TestUser } from "@/lib/auth/test-fixtures";
import { createBackup } from "@/lib/backups/create-backup";
import { getDb } from "@/lib/db";
import { backupCopies, backups, destinations, jobs } from "@/lib/db/schema";
import { jobHandlers } from "@/lib/job-kinds";
import { listRestores } from "@/lib/restores/list-restores";
import { stopBoss } from "@/lib/jobs/boss";
import { seedDestination, seedEnvironment, waitFor } from "@/lib/jobs/test-fixtures/seed";
import { type RunningWorker, startWorker } from "@/lib/jobs/worker";
import { sealJson, sealSecret } from "@/lib/secrets";
import { type RestTestServer, startRestServer } from "@/test/support/servers/rest-server";
import { type S3TestServer, startS3Server } from "@/test/support/servers/s3-server";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-copies-"));
let worker: RunningWorker;
let admin: TestUser;
let s3: S3TestServer;
let rest: RestTestServer;

function dirBytes(p: string): number {
  let n = 0;
  for (const e of fs.readdirSync(p, { withFileTypes: true })) {
    const full = path.join(p, e.name);
    n += e.isDirectory() ? dirBytes(full) : fs.statSync(full).size;
  }
  return n;
}

/** The bare restic CLI with what the recovery kit hands out (and the server's CA for the self-signed TLS). */
async function bareRestic(destinationId: string, args: string[]): Promise<string> {
  const kit = await call(kitRoute.POST, {
    method: "POST",
    token: admin.token,
    params: { id: destinationId },
    body: { password: admin.password },
  });
  expect(kit.status).toBe(200);
  const ca = path.join(tmp, "ca.pem");
  fs.writeFileSync(ca, s3.caCertPem);
  return execFileSync("restic", ["--no-cache", "--cacert", ca, ...args], {
    env: {
      PATH: process.env.PATH,
      HOME: tmp,
      ...kit.json.env,
      RESTIC_REPOSITORY: kit.json.repository,
      RESTIC_PASSWORD: kit.json.password,
    },
    encoding: "utf8",
  });
}

async function bareSnapshots(destinationId: string): Promise<{ id: string; tags: string[] }[]> {
  return JSON.parse(await bareRestic(destinationId, ["snapshots", "--json"]));
}

async function settledBackup(id: string) {
  return waitFor(`backup ${id}`, async () => {
    const [b] = await getDb().select().from(backups).where(eq(backups.id, id));
    return b && !["queued", "running"].includes(b.status) ? b : undefined;
  });
}

async function copiesDone(backupId: string, count: number) {
  return waitFor(`copies of ${backupId}`, async () => {
    const rows = await getDb().select().from(backupCopies).where(eq(backupCopies.backupId, backupId));
    const done = rows.filter((r) => r.status === "succeeded" || r.status === "failed");
    if (done.length < count) return undefined;
    // The copy job also ran the target's retention: wait for the jobs themselves to settle.
    const js = await getDb().select().from(jobs).where(eq(jobs.kind, "copy"));
    return js.every((j) => !["queued", "running"].includes(j.status)) ? rows : undefined;
  });
}

async function retentionSettled() {
  return waitFor("retention jobs", async () => {
    const js = await getDb().select().from(jobs).where(eq(jobs.kind, "retention"));
    return js.every((j) => !["queued", "running"].includes(j.status));
  });
}

const tagOf = (s: { tags: string[] }, prefix: string) => s.tags.find((t) => t.startsWith(prefix))?.slice(prefix.length);

beforeAll(async () => {
  admin = (await seedRoles()).admin;
  [s3, rest] = await Promise.all([startS3Server({ buckets: ["offsite"] }), startRestServer()]);
  worker = startWorker({ handlers: jobHandlers(), concurrency: 2, pollMs: 100, leaseSeconds: 30 });
}, 60_000);
afterAll(async () => {
  await worker?.stop(2000);
  await stopBoss();
  await Promise.all([s3?.stop(), rest?.stop()]);
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("off-site copies", () => {
  it("copies every good backup to S3 and REST, per-destination retention, and restores from a copy when the primary is gone", async () => {
    const tag = crypto.randomBytes(3).toString("hex");
    const primaryPath = path.join(tmp, "primary");
    const primary = await seedDestination(primaryPath, `primary-${tag}`);
    const [s3Dest] = await getDb()
      .insert(destinations)
      .values({
        name: `s3-${tag}`,
        type: "s3",
        config: {
          endpoint: `https://${s3.endpoint}`,
          bucket: "offsite",
          prefix: tag,
          pathStyle: true,
          caCert: s3.caCertPem,
        },
        secretsEnc: sealJson({ accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey }),
        repoPasswordEnc: sealSecret(crypto.randomBytes(24).toString("hex")),
      })
      .returning();
    const [restDest] = await getDb()
      .insert(destinations)
      .values({
        name: `rest-${tag}`,
        type: "rest",
        config: { url: `${rest.url}copy-${tag}` },
        repoPasswordEnc: sealSecret(crypto.randomBytes(24).toString("hex")),
      })
      .returning();

    const dir = path.join(tmp, "site");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "a.bin"), crypto.randomBytes(3_000_000));
    const { env } = await seedEnvironment({
      slug: `copies-${tag}`,
      sources: [{ name: "site files", type: "directory", config: { path: dir } }],
      destinationIds: [primary.id],
      retention: { keepLast: 2 },
    });
    // The copy targets through the API, each with its own retention.
    const put = await call(settingsRoute.PUT, {
      method: "PUT",
      token: admin.token,
      params: { id: env.id },
      body: {
        retention: { keepLast: 2 },
        destinationIds: [primary.id],
        copies: [
          { destinationId: s3Dest!.id, retention: { keepLast: 1 } },
          { destinationId: restDest!.id, retention: { keepLast: 3 } },
        ],
      },
    });
    expect(put.status, put.text).toBe(200);
    expect(put.json.copies).toEqual([
      { destinationId: s3Dest!.id, retention: { keepLast: 1 } },
      { destinationId: restDest!.id, retention: { keepLast: 3 } },
    ]);
    // A primary as its own copy target is refused with the field named.
    const bad = await call(settingsRoute.PUT, {
      method: "PUT",
      token: admin.token,
      params: { id: env.id },
      body: { destinationIds: [primary.id], copies: [{ destinationId: primary.id }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields["copies.0.destinationId"]).toMatch(/already receives/);

    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      fs.writeFileSync(path.join(dir, `day-${i}.txt`), `day ${i} ${crypto.randomBytes(8).toString("hex")}`);
      const b = await createBackup({ environmentId: env.id, trigger: "scheduled" });
      expect((await settledBackup(b.id)).status).toBe("succeeded");
      const rows = await copiesDone(b.id, 2);
      expect(rows.map((r) => r.status)).toEqual(["succeeded", "succeeded"]);
      ids.push(b.id);
      if (i === 0) {
        // Created with the primary's chunker parameters, and about the primary's size (shared chunks).
        const primaryConfig = JSON.parse(await bareRestic(primary.id, ["cat", "config"]));
        const restConfig = JSON.parse(await bareRestic(restDest!.id, ["cat", "config"]));
        const s3Config = JSON.parse(await bareRestic(s3Dest!.id, ["cat", "config"]));
        expect(restConfig.chunker_polynomial).toBe(primaryConfig.chunker_polynomial);
        expect(s3Config.chunker_polynomial).toBe(primaryConfig.chunker_polynomial);
        const primaryBytes = dirBytes(path.join(primaryPath, "data"));
        const restBytes = dirBytes(path.join(rest.directory, `copy-${tag}`, "data"));
        expect(Math.abs(restBytes - primaryBytes) / primaryBytes).toBeLessThan(0.1);
      }
    }
    await retentionSettled();

    // The Backup API lists the copies.
    const view = await call(backupRoute.GET, { token: admin.token, params: { id: ids[2]! } });
    expect(view.json.copies).toHaveLength(2);
    expect(view.json.copies.map((c: { status: string }) => c.status)).toEqual(["succeeded", "succeeded"]);
    expect(view.json.copies[0].snapshotIds).toHaveLength(1);
    expect(view.json.copies[0].copiedAt).toBeTruthy();

    // Each destination keeps what its own policy says (the bare restic CLI with the kit).
    const held = async (id: string) => (await bareSnapshots(id)).map((s) => tagOf(s, "backup:")).sort();
    expect(await held(primary.id)).toEqual([ids[1], ids[2]].sort());
    expect(await held(s3Dest!.id)).toEqual([ids[2]]);
    expect(await held(restDest!.id)).toEqual([...ids].sort());

    // The primary's repository is gone: the restore reads the copy and says so.
    const wanted = fs.readFileSync(path.join(dir, "day-2.txt"), "utf8");
    fs.rmSync(primaryPath, { recursive: true, force: true });
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir);
    const started = await call(restoreRoute.POST, {
      method: "POST",
      token: admin.token,
      params: { id: ids[2]! },
      body: { scope: "full", safetyBackup: false },
    });
    expect(started.status, started.text).toBe(202);
    const done = await waitFor("restore", async () => {
      const r = await call(restoreGetRoute.GET, { token: admin.token, params: { id: started.json.id } });
      return r.json && !["queued", "running"].includes(r.json.status) ? r.json : undefined;
    });
    expect(done.status, JSON.stringify(done.error)).toBe("succeeded");
    expect(done.restoredFromCopy.message).toMatch(
      /^(Primary unreachable|Primary repository missing|Snapshot not in the primary) .*: restored site files from copy (s3|rest)-/,
    );
    expect(fs.readFileSync(path.join(dir, "day-2.txt"), "utf8")).toBe(wanted);
    expect(fs.statSync(path.join(dir, "a.bin")).size).toBe(3_000_000);
    // The environment's Restores tab (its list) says the same.
    const list = await listRestores(done.targetEnvironmentId);
    expect(list.items.find((r) => r.id === done.id)?.restoredFromCopy?.message).toBe(done.restoredFromCopy.message);
  }, 300_000);
});
