/* Before maintenance: restic locks that no live job holds are removed. Runs while the check holds the
 * destination's exclusive repository lock (lib/destinations/repository-lock.ts), so no Lifeboat job on
 * any worker is using the repository: every lock left is a crashed run's or a foreign process's. A lock
 * is stale when its holder ran on this host and is gone, or when it has not been refreshed for longer
 * than restic's refresh interval allows (restic renews live locks every 5 minutes; we wait for 6, or
 * the job lease when that is longer). When every lock is stale they are removed (`unlock --remove-all`);
 * when a fresh foreign one is among them only restic's own `unlock` runs, which never removes a live
 * lock, and the check then waits for that holder like any restic run. Returns what it removed, in words. */
import "server-only";
import { isStaleHolder } from "@/lib/engine/restic/stale-locks";
import { readLockFiles, type Repo, type ResticLockFile, unlock } from "@/lib/engine";

const RESTIC_REFRESH_MS = 6 * 60_000;

function describeLock(l: ResticLockFile): string {
  const at = new Date(l.time);
  const when = Number.isNaN(at.getTime()) ? l.time : `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  return `${l.exclusive ? "an exclusive" : "a"} lock of process ${l.pid} on ${l.host} from ${when}`;
}

export function isStaleLock(l: ResticLockFile, now: Date, leaseMs: number): boolean {
  if (isStaleHolder({ pid: l.pid, host: l.host })) return true;
  const t = new Date(l.time).getTime();
  return Number.isFinite(t) && now.getTime() - t > Math.max(RESTIC_REFRESH_MS, leaseMs);
}

export async function clearStaleLocks(
  repo: Repo,
  opts: { now?: Date; leaseMs: number; signal?: AbortSignal },
): Promise<{ cleared: string[]; live: string[] }> {
  const locks = await readLockFiles(repo, opts.signal);
  if (!locks.length) return { cleared: [], live: [] };
  const now = opts.now ?? new Date();
  const stale = locks.filter((l) => isStaleLock(l, now, opts.leaseMs));
  const live = locks.filter((l) => !stale.includes(l));
  if (!stale.length) return { cleared: [], live: live.map(describeLock) };
  await unlock(repo, { removeAll: live.length === 0 });
  const left = new Set((await readLockFiles(repo, opts.signal)).map((l) => l.id));
  return {
    cleared: stale.filter((l) => !left.has(l.id)).map((l) => `Removed ${describeLock(l)} (no job held it)`),
    live: live.map(describeLock),
  };
}
