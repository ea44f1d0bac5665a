/* The runners inside one process, as the embedded worker runs them (db-pglite: the panel's default
 * mode; db-postgres too): a manual backup of a directory into a local restic repository, its file index,
 * the max-manual-backups limit kept by the retention job that follows, a restore of damaged files
 * (safety backup first) byte-exact, and refusals with actionable messages. Real restic, real files. */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { backups, backupSnapshots, jobs, restores } from "@/lib/db/schema";
import { snapshotIndexEntries } from "@/lib/backups/file-index/pages";
import { createBackup } from "@/lib/backups/create-backup";
import { createRestore } from "@/lib/restores/create-restore";
import { call, seedUser } from "@/lib/auth/test-fixtures";
import * as backupsRoute from "@/app/api/v1/environments/[id]/backups/route";
import { stopBoss } from "./boss";
import { jobHandlers } from "@/lib/job-kinds";
import { seedDestination, seedEnvironment, waitFor } from "./test-fixtures/seed";
import { startWorker, type RunningWorker } from "./worker";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-runners-"));
const operator = { id: null, email: "ops@example.com", role: "operator" as const, via: "token" as const };
let worker: RunningWorker;

const hashTree = (root: string) =>
  fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const p = path.join(e.parentPath, e.name);
      return `${path.relative(root, p)}:${crypto.createHash("sha256").update(fs.readFileSync(p)).digest("hex")}`;
    })
    .sort();

async function settled<T extends { status: string }>(what: string, read: () => Promise<T | undefined>): Promise<T> {
  return waitFor(what, async () => {
    const r = await read();
    return r && !["queued", "running"].includes(r.status) ? r : undefined;
  });
}
const backupRow = (id: string) =>
  getDb()
    .select()
    .from(backups)
    .where(eq(backups.id, id))
    .then((r) => r[0]);
const idle = () =>
  waitFor("no job queued or running", async () =>
    (await getDb().select().from(jobs)).every((j) => !["queued", "running"].includes(j.status)),
  );

beforeAll(() => {
  worker = startWorker({ handlers: jobHandlers(), concurrency: 2, pollMs: 100, leaseSeconds: 10 });
});
afterAll(async () => {
  await worker?.stop(2000);
  await stopBoss();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("job runners", () => {
  it("backs up, indexes, keeps max manual backups, restores byte-exact", async () => {
    const site = path.join(tmp, "site");
    fs.mkdirSync(path.join(site, "a", "b"), { recursive: true });
    fs.writeFileSync(path.join(site, "index.html"), "<h1>hi</h1>");
    fs.writeFileSync(path.join(site, "a", "b", "data.bin"), crypto.randomBytes(100_000));
    const before = hashTree(site);
    const dest = await seedDestination(path.join(tmp, "repo"));
    const { env } = await seedEnvironment({
      slug: "site",
      sources: [{ name: "site", type: "directory", config: { path: site } }],
      destinationIds: [dest.id],
      maxManualBackups: 1,
    });

    const first = await createBackup({ environmentId: env.id, trigger: "manual", actor: operator });
    const b1 = await settled("first backup", () => backupRow(first.id));
    expect(b1.error).toBeNull();
    expect(b1.status).toBe("succeeded");
    expect(b1.totalBytes).toBeGreaterThan(100_000);
    const [snap] = await getDb().select().from(backupSnapshots).where(eq(backupSnapshots.backupId, first.id));
    expect(snap!.snapshotId).toMatch(/^[0-9a-f]{64}$/);
    const files = await snapshotIndexEntries(snap!.id);
    expect(files.find((f) => f.name === "data.bin")).toMatchObject({
      parent: path.join(site, "a", "b"),
      type: "file",
      size: 100_000,
    });

    // A second manual backup with max 1: the retention job that follows removes the first.
    await idle();
    const second = await createBackup({ environmentId: env.id, trigger: "manual", actor: operator });
    expect((await settled("second backup", () => backupRow(second.id))).status).toBe("succeeded");
    await waitFor("the first manual backup to be replaced", async () => (await backupRow(first.id))?.deletedAt);
    const alive = await getDb()
      .select()
      .from(backups)
      .where(and(eq(backups.environmentId, env.id), isNull(backups.deletedAt)));
    expect(alive.map((b) => b.id)).toEqual([second.id]);

    // Damage and restore (safety backup first).
    await idle();
    fs.writeFileSync(path.join(site, "index.html"), "defaced");
    fs.rmSync(path.join(site, "a", "b", "data.bin"));
    const r = await createRestore({ backupId: second.id, scope: "files", safetyBackup: true, actor: operator });
    const restore = await settled("restore", () =>
      getDb()
        .select()
        .from(restores)
        .where(eq(restores.id, r.id))
        .then((x) => x[0]),
    );
    expect(restore.error).toBeNull();
    expect(restore.status).toBe("succeeded");
    expect(restore.safetyBackupId).toBeTruthy();
    expect((await backupRow(restore.safetyBackupId!))?.status).toBe("succeeded");
    expect(hashTree(site)).toEqual(before);
  });

  it("refuses with messages a user can act on", async () => {
    const dest = await seedDestination(path.join(tmp, "repo2"));
    const { env } = await seedEnvironment({ slug: "empty", sources: [], destinationIds: [dest.id] });
    await expect(createBackup({ environmentId: env.id, trigger: "manual", actor: operator })).rejects.toThrow(
      /has no sources yet/,
    );
    const viewer = await seedUser("viewer");
    const refused = await call(backupsRoute.POST, { method: "POST", token: viewer.token, params: { id: env.id } });
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toMatch(/operator role/);
  });
});
