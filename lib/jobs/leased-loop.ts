/* A leased periodic loop: every `intervalSeconds`, in every panel/worker process that starts it, try to
 * take a named lease (a row in app_settings, held for three intervals and renewed by its holder); only
 * the holder runs the pass. Used by the alert evaluator and by the proof schedulers (integrity checks,
 * test restores), so a cluster-wide task runs in one process at a time and goes on when that process
 * dies. A pass that throws is logged and the loop goes on. The lease is not exactly-once: a task that
 * fires something per time slot must record the slot itself (an insert that only one process wins). */
import "server-only";
import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { logger } from "@/lib/logger";

/** Takes or renews the lease `key` for `seconds`; true when `holder` has it. */
export async function acquireLease(key: string, holder: string, now: Date, seconds: number): Promise<boolean> {
  const until = new Date(now.getTime() + seconds * 1000).toISOString();
  const { rows } = await getDb().execute(sql`
    insert into app_settings (key, value, updated_at)
    values (${key}, jsonb_build_object('holder', ${holder}::text, 'until', ${until}::text), now())
    on conflict (key) do update set value = excluded.value, updated_at = now()
    where (app_settings.value->>'until')::timestamptz < ${now.toISOString()}::timestamptz
       or app_settings.value->>'holder' = ${holder}::text
    returning key`);
  return rows.length > 0;
}

export type LeasedLoop = { stop(): Promise<void>; tick(): Promise<void> };

export type LeasedLoopOptions = {
  /** The lease's key in app_settings, e.g. "alerts.evaluator.lease". */
  leaseKey: string;
  /** Name used in the log line of a failed pass. */
  name: string;
  intervalSeconds: number;
  now?: () => Date;
  /** One pass, run only while this process holds the lease. */
  run: (now: Date) => Promise<void>;
};

export function startLeasedLoop(opts: LeasedLoopOptions): LeasedLoop {
  const holder = `${process.pid}-${crypto.randomBytes(4).toString("hex")}`;
  const now = opts.now ?? (() => new Date());
  let stopped = false;
  let running: Promise<void> | null = null;
  const tick = async () => {
    if (running) return running;
    running = (async () => {
      try {
        if (!(await acquireLease(opts.leaseKey, holder, now(), opts.intervalSeconds * 3))) return;
        await opts.run(now());
      } catch (e) {
        logger().error({ err: e }, `${opts.name} failed`);
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const timer = setInterval(() => {
    if (!stopped) void tick();
  }, opts.intervalSeconds * 1000);
  timer.unref?.();
  void tick();
  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
