/* In-process reader/writer lock per repository (keyed by its URL). Backups, restores, listings share the
 * repository; prune, check, copy, forget, key changes and unlock hold it alone. Grants are FIFO so a
 * waiting exclusive operation is not starved by a stream of backups. This only orders work inside this
 * process; restic's own repository lock (handled by the lock retry in run.ts) covers other processes. */

export type LockMode = "shared" | "exclusive";

import { Cancelled } from "../errors";

type Waiter = { mode: LockMode; grant: () => void };
type State = { shared: number; exclusive: boolean; queue: Waiter[] };

const states = new Map<string, State>();

function pump(key: string, st: State): void {
  while (st.queue.length) {
    const next = st.queue[0];
    if (next.mode === "exclusive") {
      if (st.exclusive || st.shared > 0) return;
      st.queue.shift();
      st.exclusive = true;
      next.grant();
      return;
    }
    if (st.exclusive) return;
    st.queue.shift();
    st.shared++;
    next.grant();
  }
  if (!st.exclusive && st.shared === 0) states.delete(key);
}

/** Wait for the lock; returns the release function (idempotent). */
export function acquireRepoLock(key: string, mode: LockMode, signal?: AbortSignal): Promise<() => void> {
  if (signal?.aborted) return Promise.reject(cancelledWhileWaiting());
  let st = states.get(key);
  if (!st) {
    st = { shared: 0, exclusive: false, queue: [] };
    states.set(key, st);
  }
  const state = st;
  return new Promise((resolve, reject) => {
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      if (mode === "exclusive") state.exclusive = false;
      else state.shared--;
      pump(key, state);
    };
    const waiter: Waiter = {
      mode,
      grant: () => {
        signal?.removeEventListener("abort", onAbort);
        resolve(release);
      },
    };
    const onAbort = () => {
      const i = state.queue.indexOf(waiter);
      if (i >= 0) {
        state.queue.splice(i, 1);
        pump(key, state);
        reject(cancelledWhileWaiting());
      }
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    state.queue.push(waiter);
    pump(key, state);
  });
}

export async function withRepoLock<T>(
  key: string,
  mode: LockMode,
  fn: () => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  const release = await acquireRepoLock(key, mode, signal);
  try {
    return await fn();
  } finally {
    release();
  }
}

/** For tests and diagnostics: what is held right now. */
export function repoLockState(key: string): { shared: number; exclusive: boolean; waiting: number } {
  const st = states.get(key);
  return { shared: st?.shared ?? 0, exclusive: st?.exclusive ?? false, waiting: st?.queue.length ?? 0 };
}

function cancelledWhileWaiting(): Cancelled {
  return new Cancelled(
    "The operation was cancelled before it started (it was waiting for another operation on the same repository).",
  );
}
