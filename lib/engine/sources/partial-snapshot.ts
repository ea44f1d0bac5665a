/* Partial directory snapshots: a safety backup before a restore of selected files saves only those
 * entries (restic keeps their full paths, so the snapshot's `paths` are the entries) and records the
 * folder they belong to in a tag `folder:<path>` (commas and % escaped, restic splits tags at commas).
 * The bare restic CLI restores such a snapshot like any other. `describeSnapshot` tells a restore what a
 * snapshot holds: its folder, and for a partial one the entries (a restore from it puts back only
 * those, never "the whole folder" — that would delete everything else). Pure except the one lookup. */
import { ResticError } from "../errors";
import { listSnapshots } from "../restic/snapshots";
import type { Repo, Snapshot } from "../types";
import { RestoreFailed } from "./errors";

const PREFIX = "folder:";

export type SnapshotContents = { folder: string; entries?: string[] };

export function folderTag(folder: string): string {
  return PREFIX + folder.replace(/%/g, "%25").replace(/,/g, "%2C");
}

export function contentsOf(snap: Pick<Snapshot, "paths" | "tags" | "shortId">, sourceName: string): SnapshotContents {
  const tag = snap.tags.find((t) => t.startsWith(PREFIX));
  if (tag) {
    const folder = tag.slice(PREFIX.length).replace(/%2C/g, ",").replace(/%25/g, "%");
    return { folder, entries: [...snap.paths] };
  }
  if (snap.paths.length !== 1) {
    throw new RestoreFailed(
      sourceName,
      "the restore",
      `expected one folder in snapshot ${snap.shortId}, found ${snap.paths.length}`,
    );
  }
  return { folder: snap.paths[0]! };
}

export async function describeSnapshot(
  repo: Repo,
  snapshotId: string,
  sourceName: string,
  signal?: AbortSignal,
): Promise<SnapshotContents> {
  // A repository that cannot be listed says why (unreachable, gone, wrong password) instead of reading as
  // "no snapshot": a restore falls back to an off-site copy only for some of those (lib/copies/fallback-reason).
  const found = await listSnapshots(repo, { ids: [snapshotId], signal }).catch((e) => {
    if (e instanceof ResticError) throw e;
    return [] as Snapshot[];
  });
  const snap = found.find((s) => s.id.startsWith(snapshotId));
  if (!snap)
    throw new RestoreFailed(sourceName, "the restore", `found no snapshot ${snapshotId.slice(0, 8)} in the repository`);
  return contentsOf(snap, sourceName);
}
