/* Which snapshot goes into which target source for a restore: the backup's snapshots are matched to the
 * target environment's sources by name and type (the same source when restoring in place), filtered by
 * scope (databases = postgres/mysql/sqlite/command, files = directory, paths = the chosen files of
 * directory sources). Pure; used by createRestore (to refuse early) and the restore runner. */
import type { backupSnapshots, sources } from "@/lib/db/schema";
import { isDatabaseSource, isFileSource } from "@/lib/restores/scope";

type Snap = typeof backupSnapshots.$inferSelect;
type Source = typeof sources.$inferSelect;
export type RestoreItem = { snapshots: Snap[]; target: Source; paths?: string[] };

export function planRestore(
  snaps: Snap[],
  targetSources: Source[],
  scope: "full" | "databases" | "files" | "paths",
  paths?: { sourceId: string; path: string }[] | null,
): { items: RestoreItem[]; unmatched: string[]; problem?: string } {
  const good = snaps.filter((s) => (s.status === "succeeded" || s.status === "partial") && s.snapshotId);
  const bySource = new Map<string, Snap[]>();
  for (const s of good) bySource.set(s.sourceId, [...(bySource.get(s.sourceId) ?? []), s]);
  const items: RestoreItem[] = [];
  const unmatched: string[] = [];
  for (const [sourceId, list] of bySource) {
    const first = list[0]!;
    if (scope === "databases" && !isDatabaseSource(first.sourceType)) continue;
    if (scope === "files" && !isFileSource(first.sourceType)) continue;
    let chosen: string[] | undefined;
    if (scope === "paths") {
      chosen = (paths ?? []).filter((p) => p.sourceId === sourceId).map((p) => p.path);
      if (!chosen.length) continue;
    }
    const target =
      targetSources.find((t) => t.id === sourceId) ??
      targetSources.find((t) => t.name === first.sourceName && t.type === first.sourceType);
    if (!target) {
      unmatched.push(`${first.sourceName} (${first.sourceType})`);
      continue;
    }
    items.push({ snapshots: list, target, ...(chosen ? { paths: chosen } : {}) });
  }
  const problem = unmatched.length
    ? `The target environment has no source named ${unmatched.join(", ")}; add one with the same name and type to restore into it.`
    : scope === "databases"
      ? "This backup holds no database to restore."
      : scope === "files"
        ? "This backup holds no files to restore."
        : undefined;
  return { items, unmatched, problem };
}
