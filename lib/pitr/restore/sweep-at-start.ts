/* At worker start: the scratch folders (and throwaway clusters in them) of restores to a time that a
 * killed process left behind are stopped and removed, and whole-cluster downloads past their expiry (or
 * half moved in by a killed job) too; what was removed is logged. Never throws. */
import "server-only";
import { logger } from "@/lib/logger";
import { clusterDownloadRoot } from "./cluster-download-root";
import { sweepClusterDownloads } from "./cluster-download";
import { sweepScratchFolders } from "./scratch-cluster";

export async function sweepPitrScratch(): Promise<void> {
  try {
    const removed = await sweepScratchFolders();
    if (removed.length) logger().info({ removed }, "removed PITR scratch folders left by a stopped process");
    const expired = await sweepClusterDownloads(clusterDownloadRoot());
    if (expired.length) logger().info({ expired }, "removed whole-cluster downloads past their expiry");
  } catch (e) {
    logger().warn({ err: (e as Error).message }, "could not sweep PITR scratch folders");
  }
}
