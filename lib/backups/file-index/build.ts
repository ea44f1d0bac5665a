/* Writes the folder index of one directory snapshot and returns its root key. Two ways:
 * - full: one streamed `restic ls` of the whole snapshot; restic lists depth first, so each folder is
 *   complete when the listing leaves it, and is hashed and written then (only the open path is in memory);
 * - incremental, against an indexed parent snapshot: `restic diff` (restic compares its content-addressed
 *   tree ids, so its cost follows the change) names the changed paths; only their folders and those
 *   folders' ancestors are listed again (one `restic ls` of just those folders); every other subfolder
 *   keeps the parent snapshot's key. An unchanged tree writes nothing and reuses the parent's root.
 * Pages already stored are shared, never written twice. */
import "server-only";
import path from "node:path";
import { diffSnapshots, type LsEntry, lsSnapshot, type Repo } from "@/lib/engine";
import type { FileIndexEntryTuple } from "@/lib/db/schema";
import { folderKeyAt, folderPages, type PageRow, writePages } from "./pages";

export type BuildResult = {
  root: string;
  mode: "full" | "incremental" | "unchanged";
  folders: number;
  pagesWritten: number;
};

/** More changed folders than this and the snapshot is listed whole instead (one `restic ls` either way). */
const MAX_CHANGED_FOLDERS = 2000;
const FLUSH_ENTRIES = 20_000;

const tuple = (e: LsEntry, child: string | null = null): FileIndexEntryTuple => {
  const ms = e.mtime ? Date.parse(e.mtime) : Number.NaN;
  return [e.name, e.type, e.size ?? 0, Number.isFinite(ms) ? ms : null, child];
};

const parentOf = (p: string) => path.posix.dirname(p);

class PageWriter {
  private pending: PageRow[] = [];
  private size = 0;
  written = 0;
  folders = 0;
  async add(entries: FileIndexEntryTuple[]): Promise<string> {
    const { key, rows } = folderPages(entries);
    this.folders++;
    this.pending.push(...rows);
    this.size += entries.length + 1;
    if (this.size >= FLUSH_ENTRIES) await this.flush();
    return key;
  }
  async flush(): Promise<void> {
    const rows = this.pending;
    this.pending = [];
    this.size = 0;
    // One folder may appear twice in a batch (two equal subtrees): keep one row per key and page.
    const unique = [...new Map(rows.map((r) => [`${r.key}:${r.page}`, r])).values()];
    for (let i = 0; i < unique.length; i += 500) this.written += await writePages(unique.slice(i, i + 500));
  }
}

export async function buildFullIndex(repo: Repo, snapshotId: string, signal?: AbortSignal): Promise<BuildResult> {
  const out = new PageWriter();
  // The open folders, root first; each holds its entries so far (a folder's own entry waits in its parent
  // for the key, set when the folder is closed).
  const stack: { path: string; entries: FileIndexEntryTuple[] }[] = [{ path: "/", entries: [] }];
  const close = async () => {
    const done = stack.pop()!;
    const key = await out.add(done.entries);
    const parent = stack[stack.length - 1]!;
    // Depth first: the folder's own entry is the last one its parent got.
    const own = parent.entries[parent.entries.length - 1];
    if (own?.[0] === path.posix.basename(done.path) && own[1] === "dir") own[4] = key;
    else throw new Error(`restic ls listed ${done.path} out of order`);
  };
  for await (const e of lsSnapshot(repo, snapshotId, { signal })) {
    const dir = parentOf(e.path);
    while (stack.length > 1 && stack[stack.length - 1]!.path !== dir) await close();
    const top = stack[stack.length - 1]!;
    if (top.path !== dir) throw new Error(`restic ls listed ${e.path} outside the folder it was in`);
    top.entries.push(tuple(e));
    if (e.type === "dir") stack.push({ path: e.path, entries: [] });
  }
  while (stack.length > 1) await close();
  const root = await out.add(stack[0]!.entries);
  await out.flush();
  return { root, mode: "full", folders: out.folders, pagesWritten: out.written };
}

/** The folders to list again for these changes: each changed path's folder and all its ancestors, and a
 * folder that was added or modified itself. */
export function changedFolders(changes: { path: string; modifier: string }[]): Set<string> {
  const dirs = new Set<string>();
  const addWithAncestors = (p: string) => {
    for (let d = p; !dirs.has(d); d = parentOf(d)) {
      dirs.add(d);
      if (d === "/") break;
    }
  };
  for (const c of changes) {
    const isDir = c.path.endsWith("/");
    const p = c.path.replace(/\/+$/, "") || "/";
    addWithAncestors(parentOf(p));
    if (isDir && c.modifier !== "-") addWithAncestors(p);
  }
  return dirs;
}

export async function buildIncrementalIndex(
  repo: Repo,
  parent: { snapshotId: string; indexRoot: string },
  snapshotId: string,
  signal?: AbortSignal,
): Promise<BuildResult> {
  const changes = await diffSnapshots(repo, parent.snapshotId, snapshotId, { signal });
  if (!changes.length) return { root: parent.indexRoot, mode: "unchanged", folders: 0, pagesWritten: 0 };
  const dirs = changedFolders(changes);
  if (dirs.size > MAX_CHANGED_FOLDERS) return buildFullIndex(repo, snapshotId, signal);
  const listed = new Map<string, Map<string, LsEntry>>();
  for (const d of dirs) listed.set(d, new Map());
  for await (const e of lsSnapshot(repo, snapshotId, { only: [...dirs], signal })) {
    const here = listed.get(parentOf(e.path));
    // `ls` of chosen folders prints the folders on the way too; keep each listed folder's children once.
    here?.set(e.name, e);
  }
  const exists = (d: string) => d === "/" || listed.get(parentOf(d))?.get(path.posix.basename(d))?.type === "dir";
  const out = new PageWriter();
  const built = new Map<string, string>();
  const order = [...dirs].filter(exists).sort((a, b) => b.split("/").length - a.split("/").length);
  for (const d of order) {
    const entries: FileIndexEntryTuple[] = [];
    for (const e of listed.get(d)!.values()) {
      let child: string | null = null;
      if (e.type === "dir") {
        child = built.get(e.path) ?? (await folderKeyAt(parent.indexRoot, e.path));
        // A folder restic did not name as changed but the parent index lacks: list the snapshot whole.
        if (!child) return buildFullIndex(repo, snapshotId, signal);
      }
      entries.push(tuple(e, child));
    }
    built.set(d, await out.add(entries));
  }
  await out.flush();
  return { root: built.get("/")!, mode: "incremental", folders: out.folders, pagesWritten: out.written };
}
