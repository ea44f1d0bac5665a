/* Which snapshot goes into which target source for a restore: the backup's snapshots are matched to the
 * target environment's sources (source-map.ts: the same source when restoring in place, else by name and
 * type, unless the restore's sourceMap names another source of the same type), filtered by scope
 * by the role each source had when backed up (scope.ts: databases, files, config, full without code
 * unless includeCode; paths = the chosen files of directory sources). Pure; used by createRestore and the preview (to refuse early), the restore runner, its
 * safety scope and Undo's proposal — all with the restore's own map. */
import type { backupSnapshots, sources } from "@/lib/db/schema";
import { inScope, type ScopeName } from "@/lib/restores/scope";
import { roleOf } from "@/lib/sources/source-role";
import type { SourceMap } from "./schema";
import { targetFor } from "./source-map";

type Snap = typeof backupSnapshots.$inferSelect;
type Source = typeof sources.$inferSelect;
export type RestoreItem = { snapshots: Snap[]; target: Source; paths?: string[] };

export function planRestore(
  snaps: Snap[],
  targetSources: Source[],
  scope: ScopeName,
  paths?: { sourceId: string; path: string }[] | null,
  sourceMap?: SourceMap | null,
  includeCode = false,
): { items: RestoreItem[]; unmatched: string[]; problem?: string } {
  const good = snaps.filter((s) => (s.status === "succeeded" || s.status === "partial") && s.snapshotId);
  const bySource = new Map<string, Snap[]>();
  for (const s of good) bySource.set(s.sourceId, [...(bySource.get(s.sourceId) ?? []), s]);
  const items: RestoreItem[] = [];
  const unmatched: string[] = [];
  for (const [sourceId, list] of bySource) {
    const first = list[0]!;
    if (!inScope(scope, roleOf({ role: first.sourceRole, type: first.sourceType }), includeCode)) continue;
    let chosen: string[] | undefined;
    if (scope === "paths") {
      chosen = (paths ?? []).filter((p) => p.sourceId === sourceId).map((p) => p.path);
      if (!chosen.length) continue;
    }
    const target = targetFor({ sourceId, name: first.sourceName, type: first.sourceType }, targetSources, sourceMap);
    if (!target) {
      unmatched.push(`${first.sourceName} (${first.sourceType})`);
      continue;
    }
    items.push({ snapshots: list, target, ...(chosen ? { paths: chosen } : {}) });
  }
  const shared = items.find((item, i) => items.findIndex((o) => o.target.id === item.target.id) !== i);
  return { items, unmatched, problem: problemOf(scope, items.length, unmatched, shared?.target.name) };
}

/** Why the plan cannot run as asked (undefined: it can): a source without a counterpart, two sources
 * into one target, or nothing of the chosen scope in the backup. */
function problemOf(scope: string, planned: number, unmatched: string[], shared?: string): string | undefined {
  if (unmatched.length)
    return (
      `The target environment has no source named ${unmatched.join(", ")}; add one with the same name and ` +
      "type, or choose one of the same type to restore into."
    );
  if (shared) return `Two sources of the backup would be restored into "${shared}"; choose a different one for each.`;
  if (planned) return undefined;
  if (scope === "databases") return "This backup holds no database to restore.";
  if (scope === "files") return "This backup holds no files to restore.";
  if (scope === "config") return "This backup holds no configuration to restore (no source is marked config).";
  return "Nothing in this backup matches what you chose to restore.";
}
