/* A reader/writer lock that holds across every process using this database: on PostgreSQL a session
 * advisory lock on a connection of its own (advisory-lock.ts), so it holds across workers and hosts; on
 * the embedded PGlite database (one process by construction) the in-process keyed reader/writer lock.
 * Shared holders overlap, an exclusive holder is alone; waits are bounded (ClusterLockTimeout names the
 * holders) and cancellable (the engine's Cancelled); the lock is released when `fn` settles, also when it
 * throws. Callers hold it around single steps and never nest two holds of one key (a waiting exclusive
 * request queues later shared ones behind it, so a nested shared hold could wait on itself). */
import { acquireRepoLock, Cancelled, type LockMode } from "@/lib/engine";
import { acquireAdvisoryLock, AdvisoryLockAborted, AdvisoryLockTimeout } from "./advisory-lock";
import { logger } from "@/lib/logger";
import { dbHandle } from "./client";

export type { LockMode };

export type ClusterLockOptions = {
  waitMs: number;
  signal?: AbortSignal;
  /** who holds it (shown to whoever times out waiting), e.g. "backup 1a2b… on web-2:4711" */
  holder?: string;
};

export type LockHolder = { holder: string; mode: LockMode; since: Date };

export class ClusterLockTimeout extends Error {
  constructor(
    readonly key: string,
    readonly waitedMs: number,
    readonly holders: LockHolder[],
  ) {
    super(`Waited ${Math.round(waitedMs / 1000)} s for the lock "${key}"; it is still held.`);
    this.name = "ClusterLockTimeout";
  }
}

/** Embedded mode: who holds what, so a timeout can say it as PostgreSQL's pg_locks would. */
const localHolders = new Map<string, Set<LockHolder>>();

export async function withClusterLock<T>(
  key: string,
  mode: LockMode,
  fn: () => Promise<T>,
  opts: ClusterLockOptions,
): Promise<T> {
  const release = await acquireClusterLock(key, mode, opts);
  try {
    return await fn();
  } finally {
    await release();
  }
}

export async function acquireClusterLock(
  key: string,
  mode: LockMode,
  opts: ClusterLockOptions,
): Promise<() => Promise<void>> {
  const h = dbHandle();
  if (h.kind === "postgres") {
    try {
      return await acquireAdvisoryLock(h.url, key, mode, {
        ...opts,
        onLost: (e) =>
          logger().error({ key, holder: opts.holder, err: e.message }, "lost the connection holding a lock"),
      });
    } catch (e) {
      if (e instanceof AdvisoryLockTimeout) throw new ClusterLockTimeout(key, opts.waitMs, e.holders);
      if (e instanceof AdvisoryLockAborted) throw cancelled();
      throw e;
    }
  }
  return acquireLocal(key, mode, opts);
}

async function acquireLocal(key: string, mode: LockMode, opts: ClusterLockOptions): Promise<() => Promise<void>> {
  const timer = new AbortController();
  const t = setTimeout(() => timer.abort(), Math.max(1, opts.waitMs));
  const signal = opts.signal ? AbortSignal.any([opts.signal, timer.signal]) : timer.signal;
  let releaseLock: () => void;
  try {
    releaseLock = await acquireRepoLock(`lifeboat-cluster:${key}`, mode, signal);
  } catch (e) {
    if (opts.signal?.aborted) throw cancelled();
    if (timer.signal.aborted) throw new ClusterLockTimeout(key, opts.waitMs, [...(localHolders.get(key) ?? [])]);
    throw e;
  } finally {
    clearTimeout(t);
  }
  const me: LockHolder = { holder: opts.holder ?? "unnamed", mode, since: new Date() };
  const set = localHolders.get(key) ?? new Set();
  set.add(me);
  localHolders.set(key, set);
  return async () => {
    set.delete(me);
    if (!set.size && localHolders.get(key) === set) localHolders.delete(key);
    releaseLock();
  };
}

function cancelled(): Cancelled {
  return new Cancelled(
    "The operation was cancelled before it started (it was waiting for another operation on the same repository).",
  );
}
