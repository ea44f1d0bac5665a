/* At worker start: the scratch folders (and throwaway clusters in them) of restores to a time that a
 * killed process left behind are stopped and removed; what was removed is logged. Never throws. */
import "server-only";
import { logger } from "@/lib/logger";
import { sweepScratchFolders } from "./scratch-cluster";

export async function sweepPitrScratch(): Promise<void> {
  try {
    const removed = await sweepScratchFolders();
    if (removed.length) logger().info({ removed }, "removed PITR scratch folders left by a stopped process");
  } catch (e) {
    logger().warn({ err: (e as Error).message }, "could not sweep PITR scratch folders");
  }
}
