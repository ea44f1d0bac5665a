/* Reads one source's PITR inventory from a restic repository: `restic snapshots` filtered by the
 * source's tag, then — only for snapshots the cache does not know yet (a snapshot is immutable, so
 * what it holds is read once) — `restic ls --json` for the WAL files of a batch or the base.tar of a
 * base backup. No database here: the cache is handed in (lib/pitr/inventory/cache.ts keeps it in a table). */
import { listSnapshots, lsSnapshot, type Repo, type Snapshot } from "@/lib/engine";
import { BASE_BACKUP_FILENAME, sourceTag, TAG_BASEBACKUP, TAG_LIFEBOAT, TAG_WAL, tagValue } from "../repository-layout";
import type { BaseBackupEntry, Inventory, WalBatchEntry } from "./types";
import { parseWalName, SEGMENT_NAME } from "../wal-names";
import { manifestEndLsn } from "./manifest-end";

export type CachedSnapshot = { kind: "base"; entry: BaseBackupEntry } | { kind: "wal"; entry: WalBatchEntry };

export type InventoryCache = {
  get(snapshotIds: string[]): Promise<Map<string, CachedSnapshot>>;
  put(items: CachedSnapshot[]): Promise<void>;
};

const LS_PARALLEL = 4;

export const noCache: InventoryCache = { get: async () => new Map(), put: async () => undefined };

export async function readInventory(
  repo: Repo,
  sourceId: string,
  cache: InventoryCache = noCache,
  signal?: AbortSignal,
): Promise<Inventory> {
  const snaps = await listSnapshots(repo, { tags: [TAG_LIFEBOAT, sourceTag(sourceId)], signal });
  const pitr = snaps.filter((s) => s.tags.includes(TAG_WAL) || s.tags.includes(TAG_BASEBACKUP));
  const known = await cache.get(pitr.map((s) => s.id));
  // `restic ls` of the snapshots not cached yet, a few at once (each is a process reading the index).
  // A base backup cached before its end was read from its manifest (no endFrom) is read again.
  for (const [id, c] of known) if (c.kind === "base" && !c.entry.endFrom && !c.entry.endTime) known.delete(id);
  const todo = pitr.filter((s) => !known.has(s.id));
  const read: (CachedSnapshot | null)[] = new Array(todo.length).fill(null);
  let next = 0;
  const lane = async () => {
    while (next < todo.length) {
      const i = next++;
      read[i] = await readSnapshot(repo, todo[i]!, signal);
    }
  };
  await Promise.all(Array.from({ length: Math.min(LS_PARALLEL, todo.length) }, lane));
  const fresh = read.filter((x): x is CachedSnapshot => !!x);
  if (fresh.length) await cache.put(fresh);
  const all = [...pitr.map((s) => known.get(s.id)).filter((x) => !!x), ...fresh];
  return {
    bases: all.flatMap((c) => (c.kind === "base" ? [c.entry] : [])),
    batches: all.flatMap((c) => (c.kind === "wal" ? [c.entry] : [])),
  };
}

/** A base backup stored without the end tags: its end LSN from the manifest inside it (read once). */
async function endFromManifest(repo: Repo, snapshotId: string, path: string, signal?: AbortSignal) {
  const endLsn = await manifestEndLsn(repo, snapshotId, path, signal);
  return endLsn ? { endLsn, endFrom: "manifest" as const } : { endFrom: "none" as const };
}

async function readSnapshot(repo: Repo, s: Snapshot, signal?: AbortSignal): Promise<CachedSnapshot | null> {
  if (s.tags.includes(TAG_BASEBACKUP)) {
    const startWal = tagValue(s.tags, "start-wal")?.toUpperCase();
    const timeline = Number(tagValue(s.tags, "timeline"));
    if (!startWal || !SEGMENT_NAME.test(startWal) || !Number.isInteger(timeline)) return null;
    let path: string | undefined;
    for await (const e of lsSnapshot(repo, s.id, { signal })) if (e.name === BASE_BACKUP_FILENAME) path = e.path;
    if (!path) return null;
    const endLsn = tagValue(s.tags, "end-lsn")?.toUpperCase();
    const endTime = Date.parse(tagValue(s.tags, "end-time") ?? "");
    return {
      kind: "base",
      entry: {
        snapshotId: s.id,
        time: new Date(s.time).toISOString(),
        timeline,
        startWal,
        path,
        ...(Number(tagValue(s.tags, "wal-segsize")) > 0
          ? { segmentBytes: Number(tagValue(s.tags, "wal-segsize")) }
          : {}),
        ...(endLsn && /^[0-9A-F]+\/[0-9A-F]+$/.test(endLsn) && Number.isFinite(endTime)
          ? { endLsn, endTime: new Date(endTime).toISOString(), endFrom: "tags" as const }
          : await endFromManifest(repo, s.id, path, signal)),
      },
    };
  }
  const files: WalBatchEntry["files"] = [];
  for await (const e of lsSnapshot(repo, s.id, { signal })) {
    if (e.type === "file" && parseWalName(e.name)) files.push({ name: e.name, path: e.path, size: e.size });
  }
  return { kind: "wal", entry: { snapshotId: s.id, time: new Date(s.time).toISOString(), files } };
}
