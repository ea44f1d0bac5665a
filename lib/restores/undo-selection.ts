/* What "Undo this restore" proposes in the safety backup's Restore dialog: the undone restore's own
 * scope — never more (undoing a files-only restore must not also roll the databases back) — and, for a
 * restore of selected files, the same files, named by the target environment's sources (those are what
 * the safety backup holds; a restore from another environment matched its sources by name and type,
 * restore-plan.ts). Null when the restore does not belong to that safety backup. Read-only. */
import "server-only";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { backupSnapshots, sources } from "@/lib/db/schema";
import { isAppError } from "@/lib/errors";
import { planRestore } from "./restore-plan";
import { getRestore, type RestoreView } from "./get-restore";

export type UndoSelection = { scope: RestoreView["scope"]; picked: { sourceId: string; path: string }[] };

export async function undoSelection(restoreId: string, safetyBackupId: string): Promise<UndoSelection | null> {
  const r = await getRestore(restoreId).catch((e) => {
    if (isAppError(e) && e.code === "not_found") return null; // also a malformed id
    throw e;
  });
  if (!r || r.safetyBackupId !== safetyBackupId) return null;
  if (r.scope !== "paths") return { scope: r.scope, picked: [] };
  const db = getDb();
  const [snaps, targetSources] = await Promise.all([
    db.select().from(backupSnapshots).where(eq(backupSnapshots.backupId, r.backupId!)),
    db.select().from(sources).where(eq(sources.environmentId, r.targetEnvironmentId)),
  ]);
  const { items } = planRestore(snaps, targetSources, "paths", r.paths, r.sourceMap);
  const originIds = [...new Set(items.map((i) => i.snapshots[0]!.sourceId))];
  const origins = originIds.length ? await db.select().from(sources).where(inArray(sources.id, originIds)) : [];
  const picked: UndoSelection["picked"] = [];
  for (const item of items) {
    const originId = item.snapshots[0]!.sourceId;
    for (const p of item.paths ?? []) {
      const moved =
        originId === item.target.id
          ? p
          : movePath(p, folderOf(origins.find((o) => o.id === originId)), folderOf(item.target));
      // A file whose place in the target cannot be told: the closest safe proposal is files only.
      if (!moved) return { scope: "files", picked: [] };
      picked.push({ sourceId: item.target.id, path: moved });
    }
  }
  return picked.length ? { scope: "paths", picked } : { scope: "files", picked: [] };
}

const folderOf = (s: { config: Record<string, unknown> } | undefined) =>
  typeof s?.config.path === "string" ? s.config.path.replace(/\/+$/, "") || "/" : undefined;

/** `/srv/staging/uploads/logo.png` from a source at /srv/staging/uploads, for a target at
 * /srv/prod/uploads: `/srv/prod/uploads/logo.png` (where the restore put it, and the safety backup has it). */
function movePath(p: string, from: string | undefined, to: string | undefined): string | undefined {
  if (!from || !to) return undefined;
  if (p === from) return to;
  const prefix = from === "/" ? "/" : `${from}/`;
  if (!p.startsWith(prefix)) return undefined;
  return path.posix.join(to, p.slice(prefix.length));
}
