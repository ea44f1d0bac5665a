/* The file browser when a folder page the index names is gone (garbage collection removed it under a
 * snapshot still being read — the window notes/fileindex.md describes): the folder is listed from the
 * repository instead, as for an unindexed snapshot, both when the missing page is the folder's own and
 * when it is a folder on the way to it. Real restic repository, real database; the page is removed as
 * the collector removes pages (its rows deleted). Its own file: the page cache is per process and must not
 * have seen the folders first. */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import {
  backups,
  backupSnapshots,
  destinations,
  environments,
  fileIndexPages,
  projects,
  sources,
} from "@/lib/db/schema";
import { loadDestinationRepo } from "@/lib/destinations/load-destination-repo";
import { backupPaths, initRepo, type Repo } from "@/lib/engine";
import { sealSecret } from "@/lib/secrets";
import { indexSnapshotFiles } from "../index-snapshot-files";
import { listBackupFiles } from "../list-backup-files";
import { folderKeyAt } from "./pages";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-pagemissing-"));
const site = path.join(work, "site");
let repo: Repo;
let backupId = "";
let sourceId = "";
let root = "";

beforeAll(async () => {
  fs.mkdirSync(path.join(site, "uploads", "deep"), { recursive: true });
  fs.writeFileSync(path.join(site, "index.html"), "<h1>hello</h1>\n");
  fs.writeFileSync(path.join(site, "uploads", "a.txt"), "a file\n");
  fs.writeFileSync(path.join(site, "uploads", "deep", "b.txt"), "deep file\n");
  fs.mkdirSync(path.join(site, "media", "x"), { recursive: true });
  fs.writeFileSync(path.join(site, "media", "x", "c.txt"), "c\n");
  const db = getDb();
  const [d] = await db
    .insert(destinations)
    .values({
      name: `Page missing ${randomBytes(3).toString("hex")}`,
      type: "local",
      config: { path: path.join(work, "repo") },
      repoPasswordEnc: sealSecret("page-missing-password"),
    })
    .returning();
  repo = await loadDestinationRepo(d!.id);
  await initRepo(repo);
  const slug = `pm-${randomBytes(4).toString("hex")}`;
  const [p] = await db.insert(projects).values({ name: slug, slug }).returning();
  const [e] = await db
    .insert(environments)
    .values({ projectId: p!.id, name: "Production", slug: "production", type: "production" })
    .returning();
  const [src] = await db
    .insert(sources)
    .values({ environmentId: e!.id, name: "site", type: "directory", config: { path: site } })
    .returning();
  sourceId = src!.id;
  const [b] = await db
    .insert(backups)
    .values({ environmentId: e!.id, status: "succeeded", trigger: "manual" })
    .returning();
  backupId = b!.id;
  const snap = await backupPaths(repo, {
    paths: [site],
    tags: ["lifeboat", `backup:${backupId}`, `source:${sourceId}`],
    host: "production",
  });
  const [row] = await db
    .insert(backupSnapshots)
    .values({
      backupId,
      sourceId,
      destinationId: d!.id,
      sourceName: "site",
      sourceType: "directory",
      status: "succeeded",
      snapshotId: snap.snapshotId,
    })
    .returning();
  root = (await indexSnapshotFiles(row!.id, repo, snap.snapshotId)).root;
}, 120_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Remove a folder's pages from the index, as garbage collection does. */
async function dropPages(abs: string) {
  const key = await folderKeyAt(root, abs);
  expect(key).toBeTruthy();
  await getDb().delete(fileIndexPages).where(eq(fileIndexPages.key, key!));
}

describe("file browser with a missing index page", () => {
  it("lists the folder from the repository when its page or one on the way is gone", async () => {
    // The folder's own page: /uploads (read on the way) still comes from the index, deep from restic.
    await dropPages(path.join(site, "uploads", "deep"));
    const deep = await listBackupFiles(backupId, { sourceId, path: "/uploads/deep" });
    expect(deep.path).toBe("/uploads/deep");
    expect(deep.entries.map((e) => [e.name, e.type, e.size])).toEqual([["b.txt", "file", 10]]);

    // A page on the way (never read yet, so not in the page cache): /media/x is reached through /media.
    await dropPages(path.join(site, "media"));
    const x = await listBackupFiles(backupId, { sourceId, path: "/media/x" });
    expect(x.entries.map((e) => [e.name, e.type])).toEqual([["c.txt", "file"]]);
    const media = await listBackupFiles(backupId, { sourceId, path: "/media" });
    expect(media.entries.map((e) => [e.name, e.type])).toEqual([["x", "dir"]]);

    // That these came from the repository: with it moved away /media cannot be listed, while the root and
    // /uploads, whose pages are there, are answered from the index alone.
    const parked = path.join(work, "repo-parked");
    fs.renameSync(path.join(work, "repo"), parked);
    try {
      await expect(listBackupFiles(backupId, { sourceId, path: "/media" })).rejects.toThrow();
      const top = await listBackupFiles(backupId, { sourceId, path: "/" });
      expect(top.entries.map((e) => e.name)).toEqual(["index.html", "media", "uploads"]);
      const uploads = await listBackupFiles(backupId, { sourceId, path: "/uploads" });
      expect(uploads.entries.map((e) => e.name)).toEqual(["a.txt", "deep"]);
    } finally {
      fs.renameSync(parked, path.join(work, "repo"));
    }
  }, 120_000);
});
