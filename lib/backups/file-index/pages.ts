/* The folder pages of the file index (table file_index_pages): how a folder listing becomes its key and
 * pages, how pages are written (shared: a page already present is not written again), and how a folder
 * or one entry is read back from a snapshot's root key. A key is a hash of the folder's entries, its
 * subfolders' keys included, so a key names a whole subtree and never changes: pages are immutable, and
 * the read side caches them freely (bounded). */
import "server-only";
import { createHash } from "node:crypto";
import path from "node:path";
import { asc, eq, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { backupSnapshots, type FileIndexEntryTuple, fileIndexPages } from "@/lib/db/schema";

export const PAGE_SIZE = 1000;

export type IndexEntry = {
  name: string;
  type: FileIndexEntryTuple[1];
  size: number;
  mtime: Date | null;
  /** The subfolder's key (folders only). */
  child: string | null;
};

export type PageRow = typeof fileIndexPages.$inferInsert;

const byName = (a: FileIndexEntryTuple, b: FileIndexEntryTuple) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** A folder's key and pages from its entries (any order; sorted here). */
export function folderPages(entries: FileIndexEntryTuple[]): { key: string; rows: PageRow[] } {
  const sorted = [...entries].sort(byName);
  const key = createHash("sha256").update(JSON.stringify(sorted)).digest("hex").slice(0, 40);
  const rows: PageRow[] = [];
  for (let i = 0; i === 0 || i < sorted.length; i += PAGE_SIZE) {
    const slice = sorted.slice(i, i + PAGE_SIZE);
    rows.push({
      key,
      page: i / PAGE_SIZE,
      entries: slice,
      children: slice.flatMap((e) => (e[4] ? [e[4]] : [])),
    });
  }
  return { key, rows };
}

/** Writes pages, skipping those already stored (another snapshot holds the same folder). Returns how
 * many rows were new. */
export async function writePages(rows: PageRow[]): Promise<number> {
  if (!rows.length) return 0;
  const inserted = await getDb()
    .insert(fileIndexPages)
    .values(rows)
    .onConflictDoNothing()
    .returning({ key: fileIndexPages.key });
  return inserted.length;
}

/** Folders read lately, by key (pages never change, so this is never stale). Bounded by entry count. */
const cache = new Map<string, FileIndexEntryTuple[]>();
let cachedEntries = 0;
const CACHE_ENTRIES = 200_000;

/** A page the index names is not stored (removed by garbage collection under a snapshot still being read):
 * readers then list from the repository, as for an unindexed snapshot. */
export class IndexPageMissing extends Error {}

export async function readFolder(key: string): Promise<FileIndexEntryTuple[]> {
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const rows = await getDb()
    .select({ entries: fileIndexPages.entries })
    .from(fileIndexPages)
    .where(eq(fileIndexPages.key, key))
    .orderBy(asc(fileIndexPages.page));
  if (!rows.length) throw new IndexPageMissing(`file index page ${key} is missing`);
  const entries = rows.length === 1 ? rows[0]!.entries : rows.flatMap((r) => r.entries);
  cache.set(key, entries);
  cachedEntries += entries.length;
  while (cachedEntries > CACHE_ENTRIES && cache.size > 1) {
    const [oldKey, old] = cache.entries().next().value!;
    cache.delete(oldKey);
    cachedEntries -= old.length;
  }
  return entries;
}

export function toEntry(t: FileIndexEntryTuple): IndexEntry {
  return { name: t[0], type: t[1], size: t[2], mtime: t[3] === null ? null : new Date(t[3]), child: t[4] };
}

/** The key of the folder at `abs` (absolute inside the snapshot), or null when there is no such folder. */
export async function folderKeyAt(root: string, abs: string): Promise<string | null> {
  let key = root;
  for (const part of abs.split("/").filter(Boolean)) {
    const hit = (await readFolder(key)).find((e) => e[0] === part);
    if (hit?.[1] !== "dir" || !hit[4]) return null;
    key = hit[4];
  }
  return key;
}

/** The entry at `abs` (not "/"), or null when absent. */
export async function entryAt(root: string, abs: string): Promise<IndexEntry | null> {
  if (abs === "/") return null;
  const parent = await folderKeyAt(root, path.posix.dirname(abs));
  if (!parent) return null;
  const hit = (await readFolder(parent)).find((e) => e[0] === path.posix.basename(abs));
  return hit ? toEntry(hit) : null;
}

/** Every entry below `abs` (depth first), with its parent folder's absolute path. */
export async function* walkIndex(root: string, abs = "/"): AsyncGenerator<IndexEntry & { parent: string }> {
  const start = await folderKeyAt(root, abs);
  if (!start) return;
  const stack: [string, string][] = [[abs, start]];
  while (stack.length) {
    const [dir, key] = stack.pop()!;
    for (const t of await readFolder(key)) {
      yield { ...toEntry(t), parent: dir };
      if (t[1] === "dir" && t[4]) stack.push([path.posix.join(dir, t[0]), t[4]]);
    }
  }
}

/** Bytes the file index holds in the database (pages and their index), for the bench and the notes. */
export async function fileIndexBytes(): Promise<number> {
  const { rows } = await getDb().execute(sql`select pg_total_relation_size('file_index_pages')::bigint as n`);
  return Number(rows[0]?.n ?? 0);
}

/** Every indexed entry of one snapshot row (empty when it is not indexed): for checks and tests. */
export async function snapshotIndexEntries(snapshotRowId: string): Promise<(IndexEntry & { parent: string })[]> {
  const [row] = await getDb()
    .select({ root: backupSnapshots.indexRoot })
    .from(backupSnapshots)
    .where(eq(backupSnapshots.id, snapshotRowId));
  const out: (IndexEntry & { parent: string })[] = [];
  if (row?.root) for await (const e of walkIndex(row.root)) out.push(e);
  return out;
}
