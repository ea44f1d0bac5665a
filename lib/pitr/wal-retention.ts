/* Retention of a PITR source's snapshots in one repository (pure planning). Base backups: the newest
 * `keepBaseBackups` are kept. WAL follows the oldest kept base backup: a WAL snapshot is forgotten only
 * when EVERY file in it is a segment (or .partial) older than that base backup's start-wal, and never
 * when it holds a `.history` file — so nothing a kept base backup needs to replay is ever forgotten.
 * With no base backup at all nothing is forgotten. */
import { segmentPosition, tagValue } from "./repository-layout";
import { HISTORY_NAME } from "@/lib/pitr/wal-names";

export const DEFAULT_KEEP_BASE_BACKUPS = 7;

export type SnapshotLike = { id: string; time: string; tags: string[] };
export type WalSnapshotFiles = SnapshotLike & { files: string[] };

export type WalRetentionPlan = { forgetBaseBackups: string[]; forgetWal: string[]; oldestKeptStartWal: string | null };

export function planWalRetention(
  baseBackups: SnapshotLike[],
  walSnapshots: WalSnapshotFiles[],
  keepBaseBackups = DEFAULT_KEEP_BASE_BACKUPS,
): WalRetentionPlan {
  const newestFirst = [...baseBackups].sort((a, b) => b.time.localeCompare(a.time));
  const kept = newestFirst.slice(0, Math.max(1, keepBaseBackups));
  const forgetBaseBackups = newestFirst.slice(kept.length).map((s) => s.id);
  const starts = kept.map((s) => tagValue(s.tags, "start-wal")).filter((v): v is string => !!v);
  if (!kept.length || starts.length !== kept.length)
    return { forgetBaseBackups: [], forgetWal: [], oldestKeptStartWal: null };
  const oldest = starts.reduce((a, b) => (segmentPosition(a) <= segmentPosition(b) ? a : b));
  const forgetWal = walSnapshots
    .filter(
      (w) =>
        w.files.length > 0 &&
        w.files.every(
          (f) => !HISTORY_NAME.test(f) && segmentPosition(f.replace(/\.partial$/, "")) < segmentPosition(oldest),
        ),
    )
    .map((w) => w.id);
  return { forgetBaseBackups, forgetWal, oldestKeptStartWal: oldest };
}
