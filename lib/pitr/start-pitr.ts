/* Starts this process's PITR supervisor with the settings of lib/env.ts (data directory for the spool,
 * LIFEBOAT_WORKER_LABELS for pinned sources). Stopped with the other background services. */
import "server-only";
import { env } from "@/lib/env";
import { PitrSupervisor } from "./supervisor";

export function startPitrSupervisor(): { stop(): Promise<void> } {
  const e = env();
  const labels = e.LIFEBOAT_WORKER_LABELS.split(",")
    .map((l) => l.trim())
    .filter(Boolean);
  const sup = new PitrSupervisor({ dataDir: e.dataDir, labels }).start();
  return { stop: () => sup.stop() };
}
