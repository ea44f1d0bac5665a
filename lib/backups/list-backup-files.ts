/* One folder of a backup for the file browser. Directory sources are read from the folder index
 * (lib/backups/file-index/: a few key lookups from the snapshot's root key) — no restic per click. Sources that are a single
 * stream (database dumps, command output) are not indexed; their one file is listed from the
 * repository. Paths are relative to the folder the source backed up. */
import "server-only";
import { z } from "zod";
import { loadDestinationRepo } from "@/lib/destinations/load-destination-repo";
import { lsSnapshot } from "@/lib/engine";
import { AppError } from "@/lib/errors";
import { folderKeyAt, IndexPageMissing, readFolder, toEntry } from "./file-index/pages";
import { indexEntry, locateSnapshot, mapPath, type SnapshotLocation } from "./snapshot-location";

export const ZListBackupFiles = z.object({
  sourceId: z.string().uuid("Choose a source of this backup."),
  path: z.string().max(4096).default("/"),
});

export type FileEntry = {
  name: string;
  type: "file" | "dir" | "symlink" | "other";
  size: number;
  mtime: string | null;
};
export type FileListing = { path: string; entries: FileEntry[] };

export async function listBackupFiles(backupId: string, input: z.input<typeof ZListBackupFiles>): Promise<FileListing> {
  const { sourceId, path } = ZListBackupFiles.parse(input);
  const loc = await locateSnapshot(backupId, sourceId, path);
  const root = loc.snapshot.indexedAt ? loc.snapshot.indexRoot : null;
  const indexed = root ? await fromIndex(root, loc).catch(missingToNull) : null;
  if (indexed) return indexed;
  return {
    path: loc.path,
    entries: await listFromRepository(loc.snapshot.destinationId, loc.snapshot.snapshotId, loc.root, loc.absolute),
  };
}

const missingToNull = (e: unknown) => {
  if (e instanceof IndexPageMissing) return null;
  throw e;
};

async function fromIndex(root: string, loc: SnapshotLocation): Promise<FileListing> {
  const key = await folderKeyAt(root, loc.absolute);
  if (!key) {
    const self = await indexEntry(loc.snapshot, loc.absolute);
    if (!self) throw new AppError("not_found", `There is no folder ${loc.path} in this backup.`);
    throw new AppError("validation_failed", `${loc.path} is a file, not a folder.`, { path: "Not a folder" });
  }
  return {
    path: loc.path,
    entries: (await readFolder(key)).map((t) => {
      const e = toEntry(t);
      return { name: e.name, type: e.type, size: e.size, mtime: e.mtime ? e.mtime.toISOString() : null };
    }),
  };
}

async function listFromRepository(
  destinationId: string,
  snapshotId: string,
  root: string,
  dir: string,
): Promise<FileEntry[]> {
  const repo = await loadDestinationRepo(destinationId);
  const out: FileEntry[] = [];
  for await (const e of lsSnapshot(repo, snapshotId)) {
    const parent = e.path.slice(0, e.path.lastIndexOf("/")) || "/";
    if (parent !== dir) continue;
    mapPath(root, e.path); // never list anything outside the root
    out.push({ name: e.name, type: e.type, size: e.size ?? 0, mtime: e.mtime ?? null });
    if (out.length >= 10_000) break;
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
