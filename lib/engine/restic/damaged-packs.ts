/* After a failed `restic check`: which packs it named as damaged, and which snapshots need them.
 * restic 0.14 reports a damaged pack as "pack <id>: …" (structure: wrong size, missing) or "Pack ID does
 * not match, want <id>, got …" (data read); `restic find --pack` stops at the first snapshot that uses
 * each blob, so the snapshots that depend on the packs are found by asking once per snapshot (bounded
 * concurrency; only the snapshots the caller cares about). */
import type { Repo } from "../types";
import { runRestic } from "./run";

const PACK_ID = /\b(?:pack|want)\s+([0-9a-f]{64})\b/gi;

/** The full ids of the packs that check problem lines name, without repeats, in order of appearance. */
export function damagedPackIds(problems: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const line of problems) for (const m of line.matchAll(PACK_ID)) seen.add((m[1] as string).toLowerCase());
  return [...seen];
}

async function snapshotUsesPacks(repo: Repo, snapshotId: string, packIds: string[], signal?: AbortSignal) {
  let out = "";
  await runRestic(repo, ["find", "--json", "--no-lock", "--pack", "--snapshot", snapshotId, ...packIds], {
    what: "find the backups that use damaged data",
    onStdoutLine: (l) => {
      out += l;
    },
    signal,
    watchdog: false,
  });
  const parsed = out.trim() ? (JSON.parse(out) as unknown) : [];
  return Array.isArray(parsed) && parsed.length > 0;
}

/** Of `snapshotIds`, those whose data lives (partly) in one of `packIds`. */
export async function snapshotsUsingPacks(
  repo: Repo,
  packIds: string[],
  snapshotIds: string[],
  opts: { signal?: AbortSignal; concurrency?: number } = {},
): Promise<string[]> {
  if (!packIds.length || !snapshotIds.length) return [];
  const hits: string[] = [];
  const queue = [...snapshotIds];
  const worker = async () => {
    for (let id = queue.shift(); id; id = queue.shift()) {
      if (await snapshotUsesPacks(repo, id, packIds, opts.signal)) hits.push(id);
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 2, queue.length) }, worker));
  return snapshotIds.filter((id) => hits.includes(id));
}
