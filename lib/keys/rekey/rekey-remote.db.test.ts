/* Re-key of remote destinations and the sweep that deletes their old repositories (db-pglite and
 * db-postgres; real restic, the embedded worker). S3 (s3rver over HTTPS): A backup lands in the S3 repository under
 * `<tag>/repo`; the bucket also holds a foreign object under that prefix and one under another prefix.
 * After POST …/rekey the destination uses `<tag>/repo-rekey-<stamp>` (the bare restic CLI with the
 * recovery kit lists the snapshot there). A sweep inside keepOldDays leaves the old repository whole; the
 * sweep after it deletes every restic object under the old prefix — only the foreign README is left there,
 * the other prefix and the new repository are untouched, restic can no longer open the old one — and the
 * audit entry says how many objects went and that one other object was left alone. SFTP (Debian's sshd,
 * key auth, strict known_hosts; its files are on this machine): after keepOldDays the old folder is gone
 * (sftp batches), the new one still opens, and the audit says how many files went and "folder removed". */
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as kitRoute from "@/app/api/v1/destinations/[id]/recovery-kit/route";
import * as rekeyRoute from "@/app/api/v1/destinations/[id]/rekey/route";
import { call, seedRoles, type TestUser } from "@/lib/auth/test-fixtures";
import { createBackup } from "@/lib/backups/create-backup";
import { getDb } from "@/lib/db";
import { auditLog, backups, destinations, jobs, repositoryRekeys } from "@/lib/db/schema";
import { ensureRepositoryInitialized } from "@/lib/destinations/ensure-repository-initialized";
import { listS3Keys } from "@/lib/engine/destinations/s3-remove";
import { jobHandlers } from "@/lib/job-kinds";
import { stopBoss } from "@/lib/jobs/boss";
import { seedEnvironment, waitFor } from "@/lib/jobs/test-fixtures/seed";
import { type RunningWorker, startWorker } from "@/lib/jobs/worker";
import { sealJson, sealSecret } from "@/lib/secrets";
import { type S3TestServer, startS3Server } from "@/test/support/servers/s3-server";
import { type SftpTestServer, startSftpServer } from "@/test/support/servers/sftp-server";
import { sweepRekeyedRepositories } from "./delete-old-repository";

const BUCKET = "rekeyed";
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-copyleft-rekey-remote-"));
let worker: RunningWorker;
let admin: TestUser;
let s3: S3TestServer;
let sftp: SftpTestServer;

/** The bare restic CLI with what the recovery kit hands out; `repository` overrides the kit's. */
function bareRestic(kit: { repository: string; password: string; env: Record<string, string> }, args: string[]) {
  const ca = path.join(tmp, "ca.pem");
  fs.writeFileSync(ca, s3.caCertPem);
  return execFileSync("restic", ["--no-cache", "--cacert", ca, ...args], {
    env: {
      PATH: process.env.PATH,
      HOME: tmp,
      ...kit.env,
      RESTIC_REPOSITORY: kit.repository,
      RESTIC_PASSWORD: kit.password,
    } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

async function kitOf(id: string) {
  const kit = await call(kitRoute.POST, {
    method: "POST",
    token: admin.token,
    params: { id },
    body: { password: admin.password },
  });
  expect(kit.status, kit.text).toBe(200);
  return kit.json as { repository: string; password: string; env: Record<string, string> };
}

const keysUnder = (prefix: string) =>
  listS3Keys({
    scheme: "https",
    host: s3.endpoint,
    bucket: BUCKET,
    prefix,
    pathStyle: true,
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
    caCertPem: s3.caCertPem,
  });

/** One good backup of a fresh environment into `destinationId`, its retention settled. */
async function backupInto(destinationId: string, tag: string) {
  const dir = path.join(tmp, `site-${destinationId}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "day.bin"), crypto.randomBytes(300_000));
  const { env } = await seedEnvironment({
    slug: `rk-${tag}-${destinationId.slice(0, 6)}`,
    sources: [{ name: "site files", type: "directory", config: { path: dir } }],
    destinationIds: [destinationId],
    retention: { keepLast: 10 },
  });
  const b = await createBackup({ environmentId: env.id, trigger: "scheduled" });
  const settled = await waitFor(`backup ${b.id}`, async () => {
    const [r] = await getDb().select().from(backups).where(eq(backups.id, b.id));
    return r && !["queued", "running"].includes(r.status) ? r : undefined;
  });
  expect(settled.status, JSON.stringify(settled.error)).toBe("succeeded");
  await waitFor("retention idle", async () => {
    const js = await getDb().select().from(jobs).where(eq(jobs.kind, "retention"));
    return js.every((j) => !["queued", "running"].includes(j.status)) || undefined;
  });
}

/** POST …/rekey (keep the old repository 3 days) and wait until it switched. */
async function rekeyOf(destinationId: string) {
  const r = await call(rekeyRoute.POST, {
    method: "POST",
    token: admin.token,
    params: { id: destinationId },
    body: { adminPassword: admin.password, keepOldDays: 3 },
  });
  expect(r.status, r.text).toBe(202);
  const row = await waitFor(
    "the re-key",
    async () => {
      const [x] = await getDb().select().from(repositoryRekeys).where(eq(repositoryRekeys.id, r.json.id));
      return x && !["queued", "running"].includes(x.status) ? x : undefined;
    },
    240_000,
  );
  expect(row.status, JSON.stringify(row.error)).toBe("switched");
  return row;
}

/** The audit entry of the old repository's deletion. */
async function deletionAudit(destinationId: string) {
  const [audit] = await getDb()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetId, destinationId), eq(auditLog.action, "destination.rekey_old_deleted")));
  return audit!;
}

beforeAll(async () => {
  admin = (await seedRoles()).admin;
  [s3, sftp] = await Promise.all([startS3Server({ buckets: [BUCKET] }), startSftpServer()]);
  worker = startWorker({ handlers: jobHandlers(), concurrency: 2, pollMs: 100, leaseSeconds: 30 });
}, 60_000);
afterAll(async () => {
  await worker?.stop(2000);
  await stopBoss();
  await Promise.all([s3?.stop(), sftp?.stop()]);
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("re-key of a remote destination", () => {
  it("S3: switches to a new prefix, keeps the old repository for keepOldDays, then deletes only its objects", async () => {
    const tag = crypto.randomBytes(3).toString("hex");
    const oldPrefix = `${tag}/repo`;
    const [dest] = await getDb()
      .insert(destinations)
      .values({
        name: `s3-${tag}`,
        type: "s3",
        config: {
          endpoint: `https://${s3.endpoint}`,
          bucket: BUCKET,
          prefix: oldPrefix,
          pathStyle: true,
          caCert: s3.caCertPem,
        },
        secretsEnc: sealJson({ accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey }),
        repoPasswordEnc: sealSecret(crypto.randomBytes(24).toString("hex")),
      })
      .returning();
    expect((await ensureRepositoryInitialized(dest!.id)).ok).toBe(true);
    await backupInto(dest!.id, tag);
    await s3.putObject(BUCKET, `${oldPrefix}/README.txt`, "not restic's: stays");
    await s3.putObject(BUCKET, `${tag}/other/keep.txt`, "another prefix: stays");
    const oldKit = await kitOf(dest!.id);
    const oldKeys = await keysUnder(oldPrefix);
    expect(oldKeys).toContain(`${oldPrefix}/config`);
    expect(oldKeys.filter((k) => k.startsWith(`${oldPrefix}/data/`)).length).toBeGreaterThan(0);

    const row = await rekeyOf(dest!.id);
    const newPrefix = String(row.newConfig!.prefix);
    expect(newPrefix).toMatch(new RegExp(`^${tag}/repo-rekey-\\d{8}-\\d{4}$`));
    const newKit = await kitOf(dest!.id);
    expect(newKit.repository).toContain(newPrefix);
    const newSnaps = JSON.parse(bareRestic(newKit, ["snapshots", "--json"])) as unknown[];
    expect(newSnaps).toHaveLength(1);
    const newKeys = await keysUnder(newPrefix);

    // Inside the keep period nothing is deleted: the old repository still opens with its password.
    expect(await sweepRekeyedRepositories(new Date(Date.now() + 86_400_000))).toBe(0);
    expect(await keysUnder(oldPrefix)).toEqual(expect.arrayContaining(oldKeys));
    expect(JSON.parse(bareRestic(oldKit, ["snapshots", "--json"]))).toHaveLength(1);

    // After it: every restic object under the old prefix is gone, the rest stays.
    expect(await sweepRekeyedRepositories(new Date(Date.now() + 4 * 86_400_000))).toBe(1);
    expect(await keysUnder(oldPrefix)).toEqual([`${oldPrefix}/README.txt`]);
    expect(await keysUnder(`${tag}/other`)).toEqual([`${tag}/other/keep.txt`]);
    expect((await keysUnder(newPrefix)).sort()).toEqual(newKeys.sort());
    expect(() => bareRestic(oldKit, ["snapshots", "--json"])).toThrow();
    expect(JSON.parse(bareRestic(newKit, ["snapshots", "--json"]))).toHaveLength(1);

    const done = await call(rekeyRoute.GET, { token: admin.token, params: { id: dest!.id } });
    expect(done.json).toMatchObject({ state: "done", oldLocation: null, deleteAfter: null });
    const audit = await deletionAudit(dest!.id);
    expect(audit.outcome).toBe("success");
    const restic = oldKeys.filter((k) => k !== `${oldPrefix}/README.txt`).length; // no lock is left between runs
    expect((audit.details as { how: string }).how).toBe(
      `${restic} object(s) of the repository deleted; 1 other object(s) under the prefix left alone`,
    );
  }, 400_000);

  it("SFTP: keeps the old folder for keepOldDays, then removes it with sftp batches", async () => {
    const tag = crypto.randomBytes(3).toString("hex");
    const oldPath = path.join(sftp.rootDir, `repo-${tag}`);
    const [dest] = await getDb()
      .insert(destinations)
      .values({
        name: `sftp-${tag}`,
        type: "sftp",
        config: { host: sftp.host, port: sftp.port, user: sftp.user, path: oldPath, knownHosts: sftp.knownHosts },
        secretsEnc: sealJson({ privateKey: sftp.privateKey }),
        repoPasswordEnc: sealSecret(crypto.randomBytes(24).toString("hex")),
      })
      .returning();
    expect((await ensureRepositoryInitialized(dest!.id)).ok).toBe(true);
    await backupInto(dest!.id, tag);
    const oldFiles = fs.readdirSync(oldPath, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(oldFiles.some((e) => e.name === "config")).toBe(true);

    const row = await rekeyOf(dest!.id);
    const newPath = String(row.newConfig!.path);
    expect(newPath).toMatch(new RegExp(`^${oldPath}-rekey-\\d{8}-\\d{4}$`));
    expect(fs.existsSync(path.join(newPath, "config"))).toBe(true);

    expect(await sweepRekeyedRepositories(new Date(Date.now() + 86_400_000))).toBe(0);
    expect(fs.existsSync(path.join(oldPath, "config"))).toBe(true);
    expect(await sweepRekeyedRepositories(new Date(Date.now() + 4 * 86_400_000))).toBe(1);
    expect(fs.existsSync(oldPath)).toBe(false);
    const newKit = await kitOf(dest!.id);
    expect(newKit.repository).toContain(newPath);
    const key = path.join(tmp, `key-${tag}`);
    fs.writeFileSync(key, sftp.privateKey, { mode: 0o600 });
    const known = path.join(tmp, `known-${tag}`);
    fs.writeFileSync(known, sftp.knownHosts);
    const ssh = `ssh -i ${key} -o IdentitiesOnly=yes -o BatchMode=yes -o UserKnownHostsFile=${known} -p ${sftp.port} ${sftp.user}@${sftp.host} -s sftp`;
    const snaps = execFileSync(
      "restic",
      [
        "--no-cache",
        "-r",
        `sftp:${sftp.user}@${sftp.host}:${newPath}`,
        "-o",
        `sftp.command=${ssh}`,
        "snapshots",
        "--json",
      ],
      {
        env: { PATH: process.env.PATH, HOME: tmp, RESTIC_PASSWORD: newKit.password } as unknown as NodeJS.ProcessEnv,
        encoding: "utf8",
      },
    );
    expect(JSON.parse(snaps)).toHaveLength(1);
    const audit = await deletionAudit(dest!.id);
    expect(audit.outcome).toBe("success");
    expect((audit.details as { how: string }).how).toBe(
      `${oldFiles.length} file(s) of the repository deleted; folder removed`,
    );
  }, 400_000);
});
