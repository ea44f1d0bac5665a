/* Applies PITR retention (wal-retention.ts) in one destination after a new base backup: lists the
 * source's base backups and WAL batches, reads the file names of the WAL batches shipped before the
 * oldest kept base backup (later ones are kept without looking), forgets what the plan says and prunes,
 * under the destination's exclusive repository lock. */
import "server-only";
import { forget, listSnapshots, lsSnapshot, prune, type ShipTarget } from "@/lib/engine";
import { withRepositoryLock } from "@/lib/destinations/repository-lock";
import { sourceTag, TAG_BASEBACKUP, TAG_WAL } from "./repository-layout";
import { DEFAULT_KEEP_BASE_BACKUPS, planWalRetention, type WalSnapshotFiles } from "./wal-retention";

export async function runWalRetention(
  target: ShipTarget,
  sourceId: string,
  keepBaseBackups = DEFAULT_KEEP_BASE_BACKUPS,
): Promise<{ forgotten: number }> {
  const { repo } = target;
  const bases = await listSnapshots(repo, { tags: [TAG_BASEBACKUP, sourceTag(sourceId)] });
  const kept = [...bases].sort((a, b) => b.time.localeCompare(a.time)).slice(0, Math.max(1, keepBaseBackups));
  const oldestKeptTime = kept.at(-1)?.time;
  if (!oldestKeptTime) return { forgotten: 0 };
  const wal = (await listSnapshots(repo, { tags: [TAG_WAL, sourceTag(sourceId)] })).filter(
    (w) => w.time < oldestKeptTime,
  );
  const withFiles: WalSnapshotFiles[] = [];
  for (const w of wal) {
    const files: string[] = [];
    for await (const e of lsSnapshot(repo, w.id)) if (e.type === "file") files.push(e.name);
    withFiles.push({ ...w, files });
  }
  const plan = planWalRetention(bases, withFiles, keepBaseBackups);
  const ids = [...plan.forgetBaseBackups, ...plan.forgetWal];
  if (!ids.length) return { forgotten: 0 };
  await withRepositoryLock(
    target.id,
    "exclusive",
    async () => {
      await forget(repo, { ids });
      await prune(repo);
    },
    { purpose: "PITR retention" },
  );
  return { forgotten: ids.length };
}
