/* The pg-boss instance of this process, in the panel's own database: PGlite through the `db` adapter
 * (lib/jobs/pglite-adapter.ts), PostgreSQL through pg-boss's own small pool. Owns queue names and queue
 * creation; it does not know what a job does (lib/jobs/worker.ts and the kinds in lib/job-kinds.ts do).
 * Invariants: one instance per process (globalThis, so Next.js route bundles share it); queues are
 * created under a PostgreSQL advisory lock because concurrent createQueue from two processes can
 * deadlock (40P01); a queue is created once per process and remembered. */
import PgBoss from "pg-boss";
import { dbHandle } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { pgliteBossDb } from "./pglite-adapter";

export { DEFAULT_QUEUE, queueForLabel } from "./labels";
const QUEUE_LOCK = 72_616_010;

type Holder = { boss?: Promise<PgBoss>; queues: Map<string, Promise<void>> };
const KEY = Symbol.for("lifeboat.boss");
const g = globalThis as unknown as { [KEY]?: Holder };
function holder(): Holder {
  g[KEY] ??= { queues: new Map() };
  return g[KEY]!;
}

export function getBoss(): Promise<PgBoss> {
  const h = holder();
  h.boss ??= startBoss().catch((e) => {
    h.boss = undefined;
    throw e;
  });
  return h.boss;
}

async function startBoss(): Promise<PgBoss> {
  const db = dbHandle();
  const common = {
    schema: "pgboss",
    supervise: true,
    schedule: false,
    migrate: true,
    maintenanceIntervalSeconds: 30,
  } as const;
  const boss =
    db.kind === "pglite"
      ? new PgBoss({ ...common, db: pgliteBossDb(db.pglite) as PgBoss.Db })
      : new PgBoss({ ...common, connectionString: db.url, max: 8, application_name: "lifeboat-jobs" });
  boss.on("error", (e: Error) => logger().warn({ err: e.message }, "job queue error"));
  if (db.kind === "postgres") {
    await withAdvisoryLock(() => boss.start());
  } else {
    await boss.start();
  }
  return boss;
}

/** Creates `name` once per process (idempotent in the database too). */
export function ensureQueue(name: string): Promise<void> {
  const h = holder();
  let p = h.queues.get(name);
  if (!p) {
    p = createQueueSerialized(name).catch((e) => {
      h.queues.delete(name);
      throw e;
    });
    h.queues.set(name, p);
  }
  return p;
}

async function createQueueSerialized(name: string): Promise<void> {
  const boss = await getBoss();
  const options = {
    name,
    policy: "standard" as const,
    retryLimit: env().LIFEBOAT_JOB_RETRY_LIMIT,
    retryDelay: 2,
    // pg-boss's own expiry is only a backstop; leases are kept by our heartbeat (worker.ts).
    expireInHours: 23,
    retentionDays: 14,
  };
  for (let attempt = 0; ; attempt++) {
    try {
      if (dbHandle().kind === "postgres") await withAdvisoryLock(() => boss.createQueue(name, options));
      else await boss.createQueue(name, options);
      return;
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === "40P01" && attempt < 5) continue; // deadlock with another process: try again
      throw e;
    }
  }
}

async function withAdvisoryLock<T>(fn: () => Promise<T>): Promise<T> {
  const h = dbHandle();
  if (h.kind !== "postgres") return fn();
  const client = await h.pool.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [QUEUE_LOCK]);
    try {
      return await fn();
    } finally {
      await client.query("select pg_advisory_unlock($1)", [QUEUE_LOCK]);
    }
  } finally {
    client.release();
  }
}

/** Stops pg-boss (tests, scripts, shutdown). Waits for nothing: workers stop their own jobs first. */
export async function stopBoss(): Promise<void> {
  const h = holder();
  const p = h.boss;
  h.boss = undefined;
  h.queues.clear();
  if (!p) return;
  const boss = await p.catch(() => undefined);
  await boss?.stop({ graceful: false, close: true, wait: true }).catch(() => {});
}
