/* The consistent point of a base backup stored before Lifeboat tagged it (no end-lsn/end-time tags), read
 * from the backup's own files: `restic dump` of its base.tar streamed through the engine's ManifestTap,
 * which keeps only the `backup_manifest` member (the last one) and gives its WAL-Ranges End-LSN.
 * backup_label is no help here: it holds the START of the backup only. The whole tar is read once per
 * such snapshot (the inventory cache keeps the answer). The END TIME is not in the manifest: the window
 * derives a safe bound from when the WAL past End-LSN was first shipped (./window.ts). */
import { dumpFile, ManifestTap, type Repo } from "@/lib/engine";

/** End-LSN (`X/Y`) of the base backup's manifest, or null when the tar has none (PostgreSQL < 13). */
export async function manifestEndLsn(
  repo: Repo,
  snapshotId: string,
  path: string,
  signal?: AbortSignal,
): Promise<string | null> {
  const tap = new ManifestTap();
  const dump = dumpFile(repo, { snapshotId, path, signal });
  dump.stream.on("data", (c: Buffer) => tap.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    dump.stream.once("end", resolve);
    dump.stream.once("error", reject);
  });
  await Promise.all([dump.done, ended]);
  if (await tap.verdict()) return null;
  return tap.end().endLsn;
}
