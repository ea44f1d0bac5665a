/* What the safety backup before a restore covers: exactly what the restore will replace, not the whole
 * environment — the target sources the restore touches (a databases-only restore: those databases;
 * Everything: every source the backup has a counterpart for) and, for a restore of selected files,
 * only those files as they are now in the target's folder (a file that does not exist now has nothing
 * to save). Computed on the worker that runs the restore (it sees the folders), and handed to the backup
 * run of the safety backup (lib/backups/safety-backup.ts). Read-only. */
import "server-only";
import fsp from "node:fs/promises";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { backupSnapshots, restores, sources } from "@/lib/db/schema";
import { planRestore } from "./restore-plan";

/** Per target source: the whole source, or only these absolute paths of its folder. Handed to the backup
 * run in process (never through a job payload), so it needs no schema. */
export type SafetyScope = { sourceId: string; paths?: string[] }[];

export async function safetyScopeForRestore(restoreId: string): Promise<SafetyScope> {
  const db = getDb();
  const [r] = await db.select().from(restores).where(eq(restores.id, restoreId));
  if (!r) return [];
  const [snaps, targetSources] = await Promise.all([
    db.select().from(backupSnapshots).where(eq(backupSnapshots.backupId, r.backupId!)),
    db.select().from(sources).where(eq(sources.environmentId, r.targetEnvironmentId)),
  ]);
  const { items } = planRestore(snaps, targetSources, r.scope, r.paths, r.sourceMap, r.includeCode);
  const originIds = [...new Set(items.map((i) => i.snapshots[0]!.sourceId))];
  const origins = originIds.length ? await db.select().from(sources).where(inArray(sources.id, originIds)) : [];
  const scope: SafetyScope = [];
  for (const item of items) {
    if (!item.paths) {
      scope.push({ sourceId: item.target.id });
      continue;
    }
    const from = folderOf(origins.find((o) => o.id === item.snapshots[0]!.sourceId));
    const to = folderOf(item.target);
    if (!to) continue;
    const live: string[] = [];
    for (const p of item.paths) {
      const abs = livePath(p, from, to);
      if (abs && (await fsp.lstat(abs).catch(() => null))) live.push(abs);
    }
    if (live.length) scope.push({ sourceId: item.target.id, paths: [...new Set(live)] });
  }
  return scope;
}

/** The sources of a backup, narrowed to a safety scope. */
export function sourcesInScope<T extends { id: string }>(all: T[], scope: SafetyScope | null): T[] {
  return scope ? all.filter((s) => scope.some((x) => x.sourceId === s.id)) : all;
}

/** The `paths` option of one source's backup under a safety scope (nothing: the whole source). */
export function safetyPathsFor(scope: SafetyScope | null, sourceId: string): { paths?: string[] } {
  const paths = scope?.find((x) => x.sourceId === sourceId)?.paths;
  return paths ? { paths } : {};
}

const folderOf = (s: { config: Record<string, unknown> } | undefined) =>
  typeof s?.config.path === "string" ? path.posix.resolve(s.config.path) : undefined;

/** Where a chosen path lives in the target folder: an absolute path under the origin's folder moves
 * over; anything else is relative to the folder (how the file browser names paths). */
function livePath(p: string, from: string | undefined, to: string): string | undefined {
  const prefix = (dir: string) => (dir === "/" ? "/" : `${dir}/`);
  const rel =
    from && (p === from || p.startsWith(prefix(from)))
      ? p.slice(from.length)
      : p === to || p.startsWith(prefix(to))
        ? p.slice(to.length)
        : p;
  const abs = path.posix.normalize(path.posix.join(to, rel.replace(/^\/+/, "")));
  return abs === to || abs.startsWith(prefix(to)) ? abs : undefined;
}
