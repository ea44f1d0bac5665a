/* The required-paths check of a directory source's snapshot: each path the user named (`index.php`,
 * `uploads/` — relative to the folder, or absolute; a trailing slash asks for a folder) must be in the
 * snapshot. Read from the snapshot's file index (written for the file browser, which the run awaits
 * before it verifies: a few key lookups per path), or, when the index could not be written, from one `restic ls`
 * of just those paths. */
import "server-only";
import path from "node:path";
import { and, eq, isNotNull } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { backupSnapshots } from "@/lib/db/schema";
import { lsSnapshot, type Repo } from "@/lib/engine";
import type { TCheckResult } from "@/lib/proof/schema";
import type { SnapshotRow } from "../backup-rows";
import { entryAt } from "../file-index/pages";

export const REQUIRED_PATHS_CHECK = "Required paths";

type Wanted = { label: string; abs: string; dir: boolean };

function wanted(folder: string, required: string[]): Wanted[] {
  return required.map((p) => {
    const abs = (p.startsWith("/") ? path.posix.normalize(p) : path.posix.join(folder, p)).replace(/\/+$/, "") || "/";
    return { label: p, abs, dir: p.endsWith("/") };
  });
}

/** The type of each wanted path found in the snapshot ("file", "dir", …), by absolute path. */
async function foundTypes(row: SnapshotRow, repo: Repo, want: Wanted[], signal?: AbortSignal) {
  const db = getDb();
  const found = new Map<string, string>();
  const [indexed] = await db
    .select({ root: backupSnapshots.indexRoot })
    .from(backupSnapshots)
    .where(and(eq(backupSnapshots.id, row.id), isNotNull(backupSnapshots.indexedAt)));
  if (indexed?.root) {
    for (const w of want) {
      const hit = w.abs === "/" ? { type: "dir" } : await entryAt(indexed.root, w.abs);
      if (hit) found.set(w.abs, hit.type);
    }
    return found;
  }
  return scanSnapshotFor(
    repo,
    row.snapshotId!,
    want.map((w) => w.abs),
    signal,
  );
}

/** The type of each of `paths` (absolute) found in the snapshot, from one `restic ls` of just those
 * paths (restic walks only the trees on the way to them) — the fallback when a snapshot has no file
 * index; bench/proof-verify.ts times it. */
export async function scanSnapshotFor(repo: Repo, snapshotId: string, paths: string[], signal?: AbortSignal) {
  const targets = new Set(paths);
  const found = new Map<string, string>();
  for await (const e of lsSnapshot(repo, snapshotId, { only: paths, signal })) {
    if (!targets.has(e.path)) continue;
    found.set(e.path, e.type);
    if (found.size === targets.size) break;
  }
  return found;
}

export async function requiredPathsCheck(
  row: SnapshotRow,
  repo: Repo,
  folder: string,
  required: string[],
  signal?: AbortSignal,
): Promise<TCheckResult> {
  const want = wanted(folder, required);
  const found = await foundTypes(row, repo, want, signal);
  const missing = want.filter((w) => {
    const type = found.get(w.abs);
    return !type || (w.dir && type !== "dir");
  });
  const name = `${REQUIRED_PATHS_CHECK} · ${row.sourceName}`;
  if (!missing.length) {
    return {
      name,
      status: "passed",
      message: `All ${want.length} required path${want.length === 1 ? " is" : "s are"} in the snapshot.`,
    };
  }
  return {
    name,
    status: "failed",
    message: `Missing from the snapshot: ${missing.map((m) => m.label).join(", ")}. The folder may be broken or the path set wrong.`,
  };
}
