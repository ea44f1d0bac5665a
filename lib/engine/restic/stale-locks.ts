/* Deciding whether a restic lock is stale, the way restic itself does for `restic unlock`: its holder
 * ran on this host (same host name) and that process no longer exists. Used by run.ts to clear a lock
 * left by a crashed or killed restic (an outage, kill -9) before retrying, and by foreign-locks.ts.
 * Invariant: a lock held by a live process, or by any process on another host, is never called stale
 * here, so nothing built on this removes it (and the removal itself is a plain `restic unlock`, which
 * only removes locks restic also judges stale). */
import os from "node:os";

export type LockHolder = { pid: number; host: string };

/** true only when the holder is on this host and its pid is gone (kill(pid, 0) → ESRCH). */
export function isStaleHolder(holder: LockHolder, hostname = os.hostname()): boolean {
  if (holder.host !== hostname) return false;
  if (!Number.isInteger(holder.pid) || holder.pid <= 0) return false;
  try {
    process.kill(holder.pid, 0);
    return false; // alive (ours)
  } catch (e) {
    // EPERM: alive, owned by someone else.
    return (e as NodeJS.ErrnoException).code === "ESRCH";
  }
}
