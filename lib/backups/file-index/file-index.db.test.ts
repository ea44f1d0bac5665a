/* The folder index against a real restic repository: a full index lists every folder exactly as `restic
 * ls` does; an unchanged snapshot adds no pages and takes the parent's root; a small change rewrites only
 * the changed folder and its ancestors, and the incremental root equals a full index of the same snapshot
 * (equal keys mean equal subtrees); garbage collection after retention removes only the pages no kept
 * snapshot reaches. */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { backups, backupSnapshots, environments, fileIndexPages, projects } from "@/lib/db/schema";
import { backupPaths, initRepo, lsSnapshot, type Repo } from "@/lib/engine";
import { indexSnapshotFiles } from "../index-snapshot-files";
import { collectFileIndexPages } from "./gc";
import { folderKeyAt, readFolder, snapshotIndexEntries } from "./pages";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-fileindex-"));
const site = path.join(work, "site");
const repo: Repo = { url: path.join(work, "repo"), password: "fileindex-test" };
let environmentId = "";
const sourceId = "00000000-0000-4000-8000-00000000f11e";
const destinationId = "00000000-0000-4000-8000-00000000de57";

const pageCount = async () => (await getDb().select({ n: count() }).from(fileIndexPages))[0]!.n;

/** A backup row and its directory snapshot row for a new restic snapshot of the site. */
async function snapshot(): Promise<{ rowId: string; snapshotId: string; backupId: string }> {
  const res = await backupPaths(repo, { paths: [site], tags: ["lifeboat"], host: "fileindex" });
  const db = getDb();
  const [b] = await db.insert(backups).values({ environmentId, status: "succeeded", trigger: "manual" }).returning();
  const [s] = await db
    .insert(backupSnapshots)
    .values({
      backupId: b!.id,
      sourceId,
      destinationId,
      sourceName: "site",
      sourceType: "directory",
      status: "succeeded",
      snapshotId: res.snapshotId,
    })
    .returning();
  return { rowId: s!.id, snapshotId: res.snapshotId, backupId: b!.id };
}

async function rootOf(rowId: string): Promise<string> {
  const [r] = await getDb()
    .select({ root: backupSnapshots.indexRoot })
    .from(backupSnapshots)
    .where(eq(backupSnapshots.id, rowId));
  return r!.root!;
}

const write = (rel: string, body: string) => {
  fs.mkdirSync(path.dirname(path.join(site, rel)), { recursive: true });
  fs.writeFileSync(path.join(site, rel), body);
};

beforeAll(async () => {
  for (let d = 0; d < 5; d++) for (let f = 0; f < 30; f++) write(`d${d}/sub/f${f}.txt`, `${d}/${f}`);
  for (let f = 0; f < 2100; f++) write(`big/f${String(f).padStart(4, "0")}.txt`, "x"); // 3 pages
  write("top.txt", "top");
  await initRepo(repo);
  const db = getDb();
  const slug = `fi-${randomBytes(4).toString("hex")}`;
  const [p] = await db.insert(projects).values({ name: slug, slug }).returning();
  const [e] = await db
    .insert(environments)
    .values({ projectId: p!.id, name: "Production", slug: "production", type: "production" })
    .returning();
  environmentId = e!.id;
}, 120_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe("file index by folder", () => {
  const rows: { rowId: string; snapshotId: string; backupId: string }[] = [];

  it("a full index holds every entry restic lists, folders of more than 1000 entries in pages", async () => {
    const s = await snapshot();
    rows.push(s);
    const res = await indexSnapshotFiles(s.rowId, repo, s.snapshotId);
    expect(res.mode).toBe("full");
    const fromRestic = [];
    for await (const e of lsSnapshot(repo, s.snapshotId)) fromRestic.push(`${e.path} ${e.type} ${e.size ?? 0}`);
    const indexed = (await snapshotIndexEntries(s.rowId)).map(
      (e) => `${path.posix.join(e.parent, e.name)} ${e.type} ${e.size}`,
    );
    expect(indexed.sort()).toEqual(fromRestic.sort());
    const bigKey = await folderKeyAt(await rootOf(s.rowId), path.posix.join(site, "big"));
    const pages = await getDb()
      .select({ page: fileIndexPages.page })
      .from(fileIndexPages)
      .where(eq(fileIndexPages.key, bigKey!));
    expect(pages.map((p) => p.page).sort()).toEqual([0, 1, 2]);
    expect(await readFolder(bigKey!)).toHaveLength(2100);
  }, 120_000);

  it("an unchanged snapshot adds no pages and shares the parent's root", async () => {
    const before = await pageCount();
    const s = await snapshot();
    rows.push(s);
    const parent = rows[0]!;
    const res = await indexSnapshotFiles(s.rowId, repo, s.snapshotId, {
      parent: { snapshotId: parent.snapshotId, indexRoot: await rootOf(parent.rowId) },
    });
    expect(res.mode).toBe("unchanged");
    expect(await pageCount()).toBe(before);
    expect(await rootOf(s.rowId)).toBe(await rootOf(parent.rowId));
  }, 120_000);

  it("a small change rewrites only the changed folders, and equals a full index of that snapshot", async () => {
    write("d3/sub/new.txt", "added");
    fs.rmSync(path.join(site, "d1/sub/f0.txt"));
    const before = await pageCount();
    const s = await snapshot();
    rows.push(s);
    const parent = rows[1]!;
    const res = await indexSnapshotFiles(s.rowId, repo, s.snapshotId, {
      parent: { snapshotId: parent.snapshotId, indexRoot: await rootOf(parent.rowId) },
    });
    expect(res.mode).toBe("incremental");
    // d3/sub, d3, d1/sub, d1, the site and the folders above it — never the 2100-entry folder.
    const depth = site.split("/").filter(Boolean).length;
    expect(res.folders).toBe(4 + depth + 1);
    expect((await pageCount()) - before).toBe(res.pagesWritten);
    const incremental = await rootOf(s.rowId);
    const full = await indexSnapshotFiles(s.rowId, repo, s.snapshotId);
    expect(full.root).toBe(incremental);
    const names = (await snapshotIndexEntries(s.rowId)).map((e) => path.posix.join(e.parent, e.name));
    expect(names).toContain(path.join(site, "d3/sub/new.txt"));
    expect(names).not.toContain(path.join(site, "d1/sub/f0.txt"));
  }, 120_000);

  it("garbage collection after retention removes only the pages no kept snapshot reaches", async () => {
    const db = getDb();
    const d1Old = await folderKeyAt(await rootOf(rows[0]!.rowId), path.posix.join(site, "d1/sub"));
    const bigKey = await folderKeyAt(await rootOf(rows[2]!.rowId), path.posix.join(site, "big"));
    // Nothing is unreferenced yet.
    expect((await collectFileIndexPages({ graceMinutes: 0 })).removed).toBe(0);
    // Retention forgets the first two snapshots (same tree): the old d1/sub goes, the shared big folder stays.
    for (const r of rows.slice(0, 2))
      await db.update(backupSnapshots).set({ forgottenAt: new Date() }).where(eq(backupSnapshots.id, r.rowId));
    const before = await pageCount();
    // Young pages are spared by default.
    expect((await collectFileIndexPages()).removed).toBe(0);
    const { removed } = await collectFileIndexPages({ graceMinutes: 0 });
    expect(removed).toBeGreaterThan(0);
    expect(await pageCount()).toBe(before - removed);
    const keys = new Set((await db.select({ key: fileIndexPages.key }).from(fileIndexPages)).map((r) => r.key));
    expect(keys.has(d1Old!)).toBe(false);
    expect(keys.has(bigKey!)).toBe(true);
    // The kept snapshot still reads whole.
    const fromRestic = [];
    for await (const e of lsSnapshot(repo, rows[2]!.snapshotId)) fromRestic.push(e.path);
    const indexed = (await snapshotIndexEntries(rows[2]!.rowId)).map((e) => path.posix.join(e.parent, e.name));
    expect(indexed.sort()).toEqual(fromRestic.sort());
  }, 120_000);
});
