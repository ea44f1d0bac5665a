/* Comparing the old repository's snapshot list with the new one's after `restic copy` (pure). restic sets
 * a copy's `original` to the id of the snapshot it was copied from — or, when that one was itself a copy,
 * to that one's original — so each old snapshot s is matched by (s.original ?? s.id). A match must have
 * the same tree (same content), tags, host and paths. Every old snapshot needs exactly one match; new
 * snapshots that match no old one (their original was forgotten from the old repository between
 * attempts) are returned as `extra` to forget. The map is old id → new id. */
import type { Snapshot } from "@/lib/engine";

export type SnapshotComparison = { map: Record<string, string>; extra: string[] };

export class SnapshotListsDiffer extends Error {}

const same = (a: string[], b: string[]) =>
  a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

export function compareSnapshotLists(oldList: Snapshot[], newList: Snapshot[]): SnapshotComparison {
  const byOriginal = new Map<string, Snapshot[]>();
  for (const n of newList) {
    if (!n.original) continue;
    byOriginal.set(n.original, [...(byOriginal.get(n.original) ?? []), n]);
  }
  const map: Record<string, string> = {};
  const used = new Set<string>();
  const problems: string[] = [];
  for (const o of oldList) {
    const key = o.original ?? o.id;
    const matches = byOriginal.get(key) ?? [];
    if (matches.length !== 1) {
      problems.push(`${o.shortId}: ${matches.length} copies in the new repository`);
      continue;
    }
    const n = matches[0]!;
    if (
      (o.tree && n.tree && o.tree !== n.tree) ||
      !same(o.tags, n.tags) ||
      o.hostname !== n.hostname ||
      !same(o.paths, n.paths)
    ) {
      problems.push(`${o.shortId}: its copy ${n.shortId} differs (tree, tags, host or paths)`);
      continue;
    }
    map[o.id] = n.id;
    used.add(n.id);
  }
  if (problems.length)
    throw new SnapshotListsDiffer(
      `The new repository does not hold every snapshot of the old one: ${problems.slice(0, 5).join("; ")}` +
        (problems.length > 5 ? ` and ${problems.length - 5} more` : ""),
    );
  return { map, extra: newList.filter((n) => !used.has(n.id)).map((n) => n.id) };
}
