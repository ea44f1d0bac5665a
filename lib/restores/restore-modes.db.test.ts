/* Restores end to end in one process (worker + real restic + real folders), on PGlite and PostgreSQL,
 * through the REST routes a script would use:
 *  - a one-file restore into production: its safety backup holds only that file (restic ls), the file
 *    comes back, everything else is untouched, and Undo (the safety backup, the proposed selection)
 *    brings the newer file back;
 *  - the preview's counts (replaced, brought back, added since, excluded) for files / selected files,
 *    in mirror and merge mode;
 *  - mirror removes the file added since, merge keeps it, the excluded folder survives both;
 *  - the Restores list: newest first, who, what, from which backup, result, duration, safety backup,
 *    undoable. */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as restoreRoute from "@/app/api/v1/backups/[id]/restore/route";
import * as previewRoute from "@/app/api/v1/backups/[id]/restore/preview/route";
import * as restoresListRoute from "@/app/api/v1/environments/[id]/restores/route";
import { seedRoles, call, type TestUser } from "@/lib/auth/test-fixtures";
import { createBackup } from "@/lib/backups/create-backup";
import { getDb } from "@/lib/db";
import { backups, backupSnapshots, restores } from "@/lib/db/schema";
import { snapshotIndexEntries } from "@/lib/backups/file-index/pages";
import { loadDestinationRepo } from "@/lib/destinations/load-destination-repo";
import { lsSnapshot } from "@/lib/engine";
import { stopBoss } from "@/lib/jobs/boss";
import { jobHandlers } from "@/lib/job-kinds";
import { seedDestination, seedEnvironment, waitFor } from "@/lib/jobs/test-fixtures/seed";
import { startWorker, type RunningWorker } from "@/lib/jobs/worker";
import type { Role } from "@/lib/auth/roles";
import type { RestorePreview } from "./schema";
import { undoSelection } from "./undo-selection";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-restore-modes-"));
const site = path.join(tmp, "site");
let worker: RunningWorker;
let users: Record<Role, TestUser>;
let envId: string;
let sourceId: string;
let destId: string;
let backupId: string;

const read = (rel: string) => fs.readFileSync(path.join(site, rel), "utf8");
const write = (rel: string, data: string | Buffer) => {
  fs.mkdirSync(path.dirname(path.join(site, rel)), { recursive: true });
  fs.writeFileSync(path.join(site, rel), data);
};

async function settledRestore(id: string) {
  return waitFor("restore settled", async () => {
    const [r] = await getDb().select().from(restores).where(eq(restores.id, id));
    return r && !["queued", "running"].includes(r.status) ? r : undefined;
  });
}

async function restore(fromBackup: string, body: Record<string, unknown>) {
  const res = await call(restoreRoute.POST, {
    method: "POST",
    token: users.operator.token,
    params: { id: fromBackup },
    body,
  });
  expect(res.status, res.text).toBe(202);
  const r = await settledRestore(res.json.id);
  expect(r.error).toBeNull();
  expect(r.status).toBe("succeeded");
  return r;
}

async function preview(body: Record<string, unknown>): Promise<RestorePreview> {
  const res = await call(previewRoute.POST, {
    method: "POST",
    token: users.operator.token,
    params: { id: backupId },
    body,
  });
  expect(res.status, res.text).toBe(200);
  return res.json;
}

async function snapshotFilesOf(safetyBackupId: string): Promise<string[]> {
  const [snap] = await getDb().select().from(backupSnapshots).where(eq(backupSnapshots.backupId, safetyBackupId));
  const repo = await loadDestinationRepo(destId);
  const out: string[] = [];
  for await (const e of lsSnapshot(repo, snap!.snapshotId!)) if (e.type === "file") out.push(e.path);
  return out;
}

beforeAll(async () => {
  users = await seedRoles();
  write("index.html", "<h1>v1</h1>");
  write("docs/a.txt", "a as backed up");
  write("docs/b.txt", "b as backed up");
  write("media/big.bin", crypto.randomBytes(2 << 20));
  write("node_modules/dep/index.js", "dependency v1");
  const dest = await seedDestination(path.join(tmp, "repo"));
  destId = dest.id;
  const seeded = await seedEnvironment({
    slug: `prod-${crypto.randomBytes(3).toString("hex")}`,
    type: "production",
    sources: [{ name: "Site", type: "directory", config: { path: site, exclude: ["node_modules"] } }],
    destinationIds: [dest.id],
  });
  envId = seeded.env.id;
  sourceId = seeded.sources[0]!.id;
  worker = startWorker({ handlers: jobHandlers(), concurrency: 2, pollMs: 100, leaseSeconds: 10 });
  const b = await createBackup({ environmentId: envId, trigger: "manual", actor: users.operator.actor });
  backupId = b.id;
  const done = await waitFor("backup", async () => {
    const [row] = await getDb().select().from(backups).where(eq(backups.id, b.id));
    return row && !["queued", "running"].includes(row.status) ? row : undefined;
  });
  expect(done.status).toBe("succeeded");
  // Since the backup: one edit, one file added, the excluded dependency changed.
  write("docs/a.txt", "a edited after the backup");
  write("added-since.txt", "added after the backup");
  write("node_modules/dep/index.js", "dependency v2");
}, 180_000);

afterAll(async () => {
  await worker?.stop(2000);
  await stopBoss();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("restore preview", () => {
  it("counts what a files restore replaces, removes or keeps, and the excluded folder it leaves alone", async () => {
    const mirror = await preview({ scope: "files" });
    expect(mirror.items).toHaveLength(1);
    expect(mirror.items[0]).toMatchObject({
      kind: "folder",
      path: site,
      replaces: 4, // index.html, docs/a.txt, docs/b.txt, media/big.bin
      bringsBack: 0,
      addedSince: 1,
      excluded: ["node_modules"],
    });
    expect(mirror.totals).toEqual({ replaces: 4, bringsBack: 0, removes: 1, keeps: 0, excluded: 1 });
    const merge = await preview({ scope: "files", mode: "merge" });
    expect(merge.totals).toEqual({ replaces: 4, bringsBack: 0, removes: 0, keeps: 1, excluded: 1 });
    const one = await preview({ scope: "paths", paths: [{ sourceId, path: "/docs/a.txt" }] });
    expect(one.totals).toEqual({ replaces: 1, bringsBack: 0, removes: 0, keeps: 0, excluded: 0 });
  });

  it("refuses a body that names nothing to restore", async () => {
    const res = await call(previewRoute.POST, {
      method: "POST",
      token: users.operator.token,
      params: { id: backupId },
      body: { scope: "everything" },
    });
    expect(res.status).toBe(400);
    const viewer = await call(previewRoute.POST, {
      method: "POST",
      token: users.viewer.token,
      params: { id: backupId },
      body: { scope: "files" },
    });
    expect(viewer.status).toBe(403);
  });
});

describe("restores into production", () => {
  it("a one-file restore's safety backup holds only that file, and Undo brings the newer file back", async () => {
    const started = Date.now();
    const r = await restore(backupId, { scope: "paths", paths: [{ sourceId, path: "/docs/a.txt" }] });
    expect(read("docs/a.txt")).toBe("a as backed up");
    expect(read("added-since.txt")).toBe("added after the backup"); // not selected: untouched
    expect(r.safetyBackupId).toBeTruthy();
    expect(await snapshotFilesOf(r.safetyBackupId!)).toEqual([path.join(site, "docs/a.txt")]);
    const [safetySnap] = await getDb()
      .select()
      .from(backupSnapshots)
      .where(eq(backupSnapshots.backupId, r.safetyBackupId!));
    expect(safetySnap!.totalBytes).toBeLessThan(1000); // not the 2 MiB media file
    const indexed = await snapshotIndexEntries(safetySnap!.id);
    expect(indexed.filter((f) => f.type === "file").map((f) => f.name)).toEqual(["a.txt"]);
    expect(Date.now() - started).toBeLessThan(60_000);

    const undo = await undoSelection(r.id, r.safetyBackupId!);
    expect(undo).toEqual({ scope: "paths", picked: [{ sourceId, path: "/docs/a.txt" }] });
    await restore(r.safetyBackupId!, { scope: undo!.scope, paths: undo!.picked });
    expect(read("docs/a.txt")).toBe("a edited after the backup");
    expect(read("docs/b.txt")).toBe("b as backed up");
    expect(read("added-since.txt")).toBe("added after the backup");
  }, 180_000);

  it("mirror removes the file added since, merge keeps it; the excluded folder survives both", async () => {
    await restore(backupId, { scope: "files", mode: "merge" });
    expect(read("added-since.txt")).toBe("added after the backup");
    expect(read("docs/a.txt")).toBe("a as backed up");
    expect(read("node_modules/dep/index.js")).toBe("dependency v2");

    const r = await restore(backupId, { scope: "files" }); // mode defaults to mirror
    expect(r.mode).toBe("mirror");
    expect(fs.existsSync(path.join(site, "added-since.txt"))).toBe(false);
    expect(read("node_modules/dep/index.js")).toBe("dependency v2");
    // The removed file is in that restore's safety backup (the whole folder: a files restore replaces it).
    expect(await snapshotFilesOf(r.safetyBackupId!)).toContain(path.join(site, "added-since.txt"));
  }, 240_000);

  it("lists the restores newest first with who, what, result, duration and the safety backup", async () => {
    const res = await call(restoresListRoute.GET, {
      token: users.viewer.token,
      params: { id: envId },
      path: `/api/v1/environments/${envId}/restores?limit=3`,
    });
    expect(res.status, res.text).toBe(200);
    const { items, nextCursor } = res.json;
    expect(items).toHaveLength(3);
    expect(nextCursor).toBeTruthy();
    const [mirror, merge, undo] = items;
    expect(mirror).toMatchObject({ scope: "files", mode: "mirror", status: "succeeded", undoable: true });
    expect(merge).toMatchObject({ scope: "files", mode: "merge", status: "succeeded" });
    expect(undo).toMatchObject({ scope: "paths", paths: [{ sourceId, path: "/docs/a.txt" }] });
    expect(mirror.createdBy.email).toBe(users.operator.email);
    expect(mirror.backup).toMatchObject({ id: backupId, deleted: false });
    expect(mirror.safetyBackup).toMatchObject({ status: "succeeded", deleted: false });
    expect(mirror.durationMs).toBeGreaterThan(0);
    expect(new Date(mirror.createdAt) >= new Date(merge.createdAt)).toBe(true);
    const rest = await call(restoresListRoute.GET, {
      token: users.viewer.token,
      params: { id: envId },
      path: `/api/v1/environments/${envId}/restores?limit=3&cursor=${nextCursor}`,
    });
    expect(rest.json.items.map((i: { scope: string }) => i.scope)).toEqual(["paths"]); // the first restore
    expect(rest.json.nextCursor).toBeNull();
  });
});
