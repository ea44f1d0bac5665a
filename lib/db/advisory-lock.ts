/* PostgreSQL session advisory locks, each held on a connection of its own (never one of the pool's, which
 * a later query could reuse while the lock is held): shared or exclusive, keyed by a string (hashtext of
 * it, under one fixed lock class), with a bounded wait (lock_timeout) and an AbortSignal. Released with
 * pg_advisory_unlock and then, whatever happens, by closing the connection: a session's advisory locks
 * end with it, so a holder that crashes or loses its host frees them too. The connection's
 * application_name names the holder, so a waiter that gives up can say who holds the lock. */
import pg from "pg";
import type { LockMode } from "@/lib/engine";

/** The first key of the two-int advisory lock form used for every string-keyed lock. */
export const STRING_LOCK_CLASS = 72_616_020;

export type AdvisoryLockOptions = {
  /** how long to wait for the lock before giving up (AdvisoryLockTimeout) */
  waitMs: number;
  signal?: AbortSignal;
  /** who holds it, for whoever waits (shown by describeAdvisoryHolders; ≤ 48 characters are kept) */
  holder?: string;
  /** called when the connection that holds the lock breaks (the lock is gone from then on) */
  onLost?: (error: Error) => void;
};

export type AdvisoryHolder = { holder: string; mode: LockMode; since: Date; pid: number };

export class AdvisoryLockTimeout extends Error {
  constructor(
    readonly key: string,
    readonly holders: AdvisoryHolder[],
  ) {
    super(`Timed out waiting for the lock "${key}"`);
    this.name = "AdvisoryLockTimeout";
  }
}

export class AdvisoryLockAborted extends Error {
  constructor(readonly key: string) {
    super(`Stopped waiting for the lock "${key}" (cancelled)`);
    this.name = "AdvisoryLockAborted";
  }
}

const APP_PREFIX = "lifeboat lock: ";

/** Waits for the lock; resolves with its release (idempotent; never throws). */
export async function acquireAdvisoryLock(
  url: string,
  key: string,
  mode: LockMode,
  opts: AdvisoryLockOptions,
): Promise<() => Promise<void>> {
  if (opts.signal?.aborted) throw new AdvisoryLockAborted(key);
  const client = new pg.Client({
    connectionString: url,
    application_name: (APP_PREFIX + (opts.holder ?? "unnamed")).slice(0, 63),
  });
  let held = false;
  client.on("error", (e) => {
    if (held) opts.onLost?.(e);
  });
  const close = () => client.end().catch(() => undefined);
  await client.connect();
  // Cancelling closes the connection: the pending lock request dies with its session.
  const onAbort = () => void close();
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    await client.query(`set lock_timeout = ${Math.max(1, Math.round(opts.waitMs))}`);
    await client.query(`select ${lockFn(mode)}($1, hashtext($2))`, [STRING_LOCK_CLASS, key]);
  } catch (e) {
    opts.signal?.removeEventListener("abort", onAbort);
    if (opts.signal?.aborted) {
      await close();
      throw new AdvisoryLockAborted(key);
    }
    if ((e as { code?: string }).code === "55P03") {
      const holders = await describeAdvisoryHolders(client, key).catch(() => []);
      await close();
      throw new AdvisoryLockTimeout(key, holders);
    }
    await close();
    throw e;
  }
  opts.signal?.removeEventListener("abort", onAbort);
  held = true;
  let released: Promise<void> | undefined;
  return () => {
    released ??= (async () => {
      held = false;
      await client.query(`select ${unlockFn(mode)}($1, hashtext($2))`, [STRING_LOCK_CLASS, key]).catch(() => {});
      await close();
    })();
    return released;
  };
}

const lockFn = (mode: LockMode) => (mode === "shared" ? "pg_advisory_lock_shared" : "pg_advisory_lock");
const unlockFn = (mode: LockMode) => (mode === "shared" ? "pg_advisory_unlock_shared" : "pg_advisory_unlock");

/** Who holds the lock right now (granted requests only), read from pg_locks and pg_stat_activity. */
export async function describeAdvisoryHolders(
  client: Pick<pg.Client, "query">,
  key: string,
): Promise<AdvisoryHolder[]> {
  const r = await client.query<{ app: string; mode: string; since: Date; pid: number }>(
    `select a.application_name as app, l.mode, a.backend_start as since, a.pid
       from pg_locks l join pg_stat_activity a on a.pid = l.pid
      where l.locktype = 'advisory' and l.granted and l.objsubid = 2 and l.classid = $1
        and l.objid::text::bigint = (hashtext($2)::bigint + 4294967296) % 4294967296
      order by a.backend_start`,
    [STRING_LOCK_CLASS, key],
  );
  return r.rows.map((row) => ({
    holder: row.app.startsWith(APP_PREFIX) ? row.app.slice(APP_PREFIX.length) : row.app || "another session",
    mode: row.mode === "ShareLock" ? "shared" : "exclusive",
    since: row.since,
    pid: row.pid,
  }));
}
