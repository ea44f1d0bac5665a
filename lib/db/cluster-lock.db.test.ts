/* The cluster lock on both databases: shared holders overlap and an exclusive one waits for all of them;
 * an exclusive holder keeps everyone else out; a wait ends after its bound with ClusterLockTimeout naming
 * the holder, or at once on cancel; the lock is released when the work throws. On PostgreSQL each hold is
 * a session of its own, visible to (and enforced against) any other connection, and a holder whose
 * session dies (a crashed worker) frees the lock. */
import pg from "pg";
import { describe, expect, it } from "vitest";
import { Cancelled } from "@/lib/engine";
import { STRING_LOCK_CLASS } from "./advisory-lock";
import { dbHandle } from "./client";
import { acquireClusterLock, ClusterLockTimeout, withClusterLock } from "./cluster-lock";

const onPostgres = process.env.LIFEBOAT_TEST_DB === "postgres";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let n = 0;
const freshKey = () => `test:${process.pid}:${Date.now()}:${n++}`;

/** Resolves true when `p` settles within `ms`. */
async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  return Promise.race([
    p.then(
      () => true,
      () => true,
    ),
    sleep(ms).then(() => false),
  ]);
}

describe("withClusterLock", () => {
  it("lets shared holders overlap and makes an exclusive request wait for all of them", async () => {
    const key = freshKey();
    const a = await acquireClusterLock(key, "shared", { waitMs: 5_000, holder: "reader a" });
    const b = await acquireClusterLock(key, "shared", { waitMs: 5_000, holder: "reader b" });
    const events: string[] = [];
    const ex = acquireClusterLock(key, "exclusive", { waitMs: 30_000, holder: "writer" }).then((rel) => {
      events.push("exclusive granted");
      return rel;
    });
    expect(await settlesWithin(ex, 500)).toBe(false);
    events.push("release a");
    await a();
    expect(await settlesWithin(ex, 300)).toBe(false);
    events.push("release b");
    await b();
    const release = await ex;
    expect(events).toEqual(["release a", "release b", "exclusive granted"]);
    await release();
  });

  it("keeps shared and exclusive requests out while one holds it exclusively, and names the holder", async () => {
    const key = freshKey();
    const release = await acquireClusterLock(key, "exclusive", { waitMs: 5_000, holder: "prune on host-a:42" });
    const started = Date.now();
    const err = await withClusterLock(key, "shared", async () => "ran", { waitMs: 700, holder: "backup" }).catch(
      (e: unknown) => e,
    );
    const waited = Date.now() - started;
    expect(err).toBeInstanceOf(ClusterLockTimeout);
    const timeout = err as ClusterLockTimeout;
    expect(timeout.holders).toHaveLength(1);
    expect(timeout.holders[0]).toMatchObject({ holder: "prune on host-a:42", mode: "exclusive" });
    expect(timeout.message).toContain(key);
    expect(waited).toBeGreaterThanOrEqual(600);
    expect(waited).toBeLessThan(20_000);
    const again = await withClusterLock(key, "exclusive", async () => "ran", { waitMs: 300 }).catch((e) => e);
    expect(again).toBeInstanceOf(ClusterLockTimeout);
    await release();
    expect(await withClusterLock(key, "exclusive", async () => "ran", { waitMs: 5_000 })).toBe("ran");
  });

  it("releases the lock when the work throws", async () => {
    const key = freshKey();
    await expect(
      withClusterLock(
        key,
        "exclusive",
        async () => {
          throw new Error("prune failed");
        },
        { waitMs: 5_000 },
      ),
    ).rejects.toThrow("prune failed");
    // Granted at once (a lock left behind would make this time out).
    expect(await withClusterLock(key, "exclusive", async () => "next", { waitMs: 2_000 })).toBe("next");
  });

  it("stops waiting at once when cancelled, and the cancelled request never gets the lock", async () => {
    const key = freshKey();
    const release = await acquireClusterLock(key, "exclusive", { waitMs: 5_000 });
    const controller = new AbortController();
    let ran = false;
    const waiting = withClusterLock(
      key,
      "shared",
      async () => {
        ran = true;
      },
      { waitMs: 60_000, signal: controller.signal },
    ).catch((e: unknown) => e);
    await sleep(300);
    const cancelledAt = Date.now();
    controller.abort();
    const err = await waiting;
    expect(Date.now() - cancelledAt).toBeLessThan(5_000);
    expect(err).toBeInstanceOf(Cancelled);
    await release();
    await sleep(100);
    expect(ran).toBe(false);
    expect(await withClusterLock(key, "exclusive", async () => "free", { waitMs: 2_000 })).toBe("free");
  });

  it("does not make different keys wait for each other", async () => {
    const release = await acquireClusterLock(freshKey(), "exclusive", { waitMs: 5_000 });
    expect(await withClusterLock(freshKey(), "exclusive", async () => "other", { waitMs: 1_000 })).toBe("other");
    await release();
  });
});

describe.runIf(onPostgres)("withClusterLock on PostgreSQL", () => {
  const url = () => {
    const h = dbHandle();
    if (h.kind !== "postgres") throw new Error("expected PostgreSQL");
    return h.url;
  };
  async function otherConnection() {
    const c = new pg.Client({ connectionString: url() });
    await c.connect();
    return c;
  }
  const tryLock = async (c: pg.Client, fn: string, key: string) =>
    (await c.query(`select ${fn}($1, hashtext($2)) as ok`, [STRING_LOCK_CLASS, key])).rows[0].ok as boolean;

  it("holds in PostgreSQL itself: another connection can take it shared but not exclusively", async () => {
    const key = freshKey();
    const other = await otherConnection();
    try {
      const shared = await acquireClusterLock(key, "shared", { waitMs: 5_000, holder: "backup" });
      expect(await tryLock(other, "pg_try_advisory_lock", key)).toBe(false);
      expect(await tryLock(other, "pg_try_advisory_lock_shared", key)).toBe(true);
      await other.query("select pg_advisory_unlock_shared($1, hashtext($2))", [STRING_LOCK_CLASS, key]);
      await shared();
      expect(await tryLock(other, "pg_try_advisory_lock", key)).toBe(true);
      // Held by the other connection now: our exclusive request waits for it and times out.
      const err = await withClusterLock(key, "exclusive", async () => 1, { waitMs: 500 }).catch((e) => e);
      expect(err).toBeInstanceOf(ClusterLockTimeout);
      expect((err as ClusterLockTimeout).holders[0]?.mode).toBe("exclusive");
      await other.query("select pg_advisory_unlock($1, hashtext($2))", [STRING_LOCK_CLASS, key]);
    } finally {
      await other.end();
    }
  });

  it("is freed when the holder's session dies (a worker that crashed)", async () => {
    const key = freshKey();
    const other = await otherConnection();
    try {
      await acquireClusterLock(key, "exclusive", { waitMs: 5_000, holder: "doomed" }); // never released
      const holderPid = await other.query(
        "select pid from pg_stat_activity where application_name = 'lifeboat lock: doomed' and datname = current_database()",
      );
      expect(holderPid.rows).toHaveLength(1);
      const waiter = withClusterLock(key, "exclusive", async () => "after the crash", { waitMs: 30_000 });
      expect(await settlesWithin(waiter, 300)).toBe(false);
      await other.query("select pg_terminate_backend($1)", [holderPid.rows[0].pid]);
      expect(await waiter).toBe("after the crash");
    } finally {
      await other.end();
    }
  });
});
