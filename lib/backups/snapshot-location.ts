/* Where a path of a backup lives: the snapshot row for (backup, source) — the indexed one first — the
 * folder the source backed up (the root of the file browser) and the mapping from a browser path
 * ("/", "/uploads/a.png", relative to that root) to the absolute path inside the snapshot. Refuses paths
 * that climb out of the root; and what a path is (folder or file). Shared by the file list and the downloads. */
import "server-only";
import path from "node:path";
import { and, asc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { backups, backupSnapshots, sources } from "@/lib/db/schema";
import { lsSnapshot, type Repo } from "@/lib/engine";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { getBackupRow } from "./get-backup";
import type { SnapshotRow } from "./backup-view";
import { entryAt, type IndexEntry, readFolder } from "./file-index/pages";

export type SnapshotLocation = {
  snapshot: SnapshotRow & { snapshotId: string };
  /** Absolute folder inside the snapshot that the browser shows as "/". */
  root: string;
  /** The requested path, normalized, relative to root ("/" or "/a/b"). */
  path: string;
  /** The same path inside the snapshot. */
  absolute: string;
};

export async function locateSnapshot(backupId: string, sourceId: string, requested: string): Promise<SnapshotLocation> {
  // One query: the backup must exist and not be deleted; its snapshot of this source (indexed first).
  const [hit] = isUuid(backupId)
    ? await getDb()
        .select({ snap: backupSnapshots, deletedAt: backups.deletedAt, config: sources.config })
        .from(backupSnapshots)
        .innerJoin(backups, eq(backups.id, backupSnapshots.backupId))
        .leftJoin(sources, eq(sources.id, backupSnapshots.sourceId))
        .where(
          and(
            eq(backupSnapshots.backupId, backupId),
            eq(backupSnapshots.sourceId, sourceId),
            isNotNull(backupSnapshots.snapshotId),
            // A snapshot the primary's retention forgot cannot be read there (the backup may live in a copy).
            isNull(backupSnapshots.forgottenAt),
          ),
        )
        .orderBy(sql`${backupSnapshots.indexedAt} is null`, asc(backupSnapshots.destinationId))
        .limit(1)
    : [];
  if (!hit) {
    const row = await getBackupRow(backupId); // says whether the backup itself is missing or deleted
    if (row.primaryForgottenAt)
      throw new AppError(
        "not_found",
        "This backup is held only in its off-site copies now: browsing and downloads read the primary. Restore it (the restore reads the copy), or use the copy's recovery kit.",
      );
    throw new AppError(
      "not_found",
      "This backup holds no data of that source (the source may have failed in this run).",
    );
  }
  if (hit.deletedAt) throw new AppError("not_found", "This backup was deleted.");
  const snap = hit.snap;
  const root = snap.sourceType === "directory" ? await directoryRoot(snap, hit.config) : "/";
  const { rel, abs } = mapPath(root, requested);
  return { snapshot: snap as SnapshotLocation["snapshot"], root, path: rel, absolute: abs };
}

export function mapPath(root: string, requested: string): { rel: string; abs: string } {
  const r = (requested || "/").trim();
  const inside = (p: string) => p === root || p.startsWith(root === "/" ? "/" : `${root}/`);
  const abs = path.posix.normalize(inside(r) ? r : path.posix.join(root, r)).replace(/(.)\/+$/, "$1");
  if (!inside(abs))
    throw new AppError("validation_failed", `"${requested}" is outside the backed-up folder.`, {
      path: "Outside the backed-up folder",
    });
  const rel = abs === root ? "/" : abs.slice(root === "/" ? 0 : root.length);
  return { rel, abs };
}

/** A snapshot's root never changes, so it is found once per process (bounded cache). */
const roots = new Map<string, string>();

/** The backed-up folder: the source's configured path when the index has it, else found in the index
 * (the deepest folder reached from "/" through single-folder levels). */
async function directoryRoot(snap: SnapshotRow, config: Record<string, unknown> | null): Promise<string> {
  const cached = roots.get(snap.id);
  if (cached) return cached;
  const root = await findRoot(snap, config);
  if (snap.indexedAt) {
    if (roots.size >= 1000) roots.delete(roots.keys().next().value!);
    roots.set(snap.id, root);
  }
  return root;
}

async function findRoot(snap: SnapshotRow, config: Record<string, unknown> | null): Promise<string> {
  const configured = typeof config?.path === "string" ? path.posix.resolve(config.path) : null;
  if (!snap.indexRoot) return "/";
  if (configured && (configured === "/" || (await entryAt(snap.indexRoot, configured)))) return configured;
  let dir = "/";
  let key = snap.indexRoot;
  for (let depth = 0; depth < 64; depth++) {
    const kids = await readFolder(key);
    if (kids.length !== 1 || kids[0]![1] !== "dir" || !kids[0]![4]) break;
    dir = path.posix.join(dir, kids[0]![0]);
    key = kids[0]![4];
  }
  return dir;
}

/** The index entry of one path (null when not indexed or absent). */
export async function indexEntry(snap: { indexRoot: string | null }, abs: string): Promise<IndexEntry | null> {
  return snap.indexRoot ? entryAt(snap.indexRoot, abs) : null;
}

export type EntryKind = { type: "dir" } | { type: "file"; size: number; mtime: Date | null };

/** Whether a path of the snapshot is a folder or a file (with size and time): from the index when the
 * snapshot is indexed, else from `restic ls`. */
export async function entryKind(
  repo: Repo,
  snap: { id: string; snapshotId: string; indexedAt: Date | null; indexRoot: string | null },
  abs: string,
  root: string,
): Promise<EntryKind> {
  if (abs === root && root !== "/") return { type: "dir" };
  if (snap.indexedAt && snap.indexRoot) {
    const e = await indexEntry(snap, abs);
    if (!e) throw new AppError("not_found", "That file or folder is not in this backup.");
    return e.type === "dir" ? { type: "dir" } : { type: "file", size: e.size, mtime: e.mtime };
  }
  if (abs === "/") return { type: "dir" };
  for await (const e of lsSnapshot(repo, snap.snapshotId)) {
    if (e.path === abs)
      return e.type === "dir"
        ? { type: "dir" }
        : { type: "file", size: e.size ?? 0, mtime: e.mtime ? new Date(e.mtime) : null };
  }
  throw new AppError("not_found", "That file or folder is not in this backup.");
}
