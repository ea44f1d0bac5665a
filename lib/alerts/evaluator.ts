/* The evaluator loop: every LIFEBOAT_ALERT_INTERVAL_SECONDS, in every panel/worker process, try to take
 * the evaluator lease (a row in app_settings, held for three intervals and renewed by its holder); the
 * holder evaluates the rules and sends the deliveries that are due. So overdue is noticed even when the
 * scheduler and every worker are down, and only one process evaluates at a time. Errors are logged and
 * the loop goes on: alerting must never stop because one pass failed. */
import "server-only";
import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { logger } from "@/lib/logger";
import { deliverDue } from "@/lib/notify/deliveries";
import { type EvaluateOptions, evaluateAlerts } from "./evaluate";

const LEASE_KEY = "alerts.evaluator.lease";

/** Takes or renews the lease for `seconds`; true when this holder has it. */
export async function acquireEvaluatorLease(holder: string, now: Date, seconds: number): Promise<boolean> {
  const until = new Date(now.getTime() + seconds * 1000).toISOString();
  const { rows } = await getDb().execute(sql`
    insert into app_settings (key, value, updated_at)
    values (${LEASE_KEY}, jsonb_build_object('holder', ${holder}::text, 'until', ${until}::text), now())
    on conflict (key) do update set value = excluded.value, updated_at = now()
    where (app_settings.value->>'until')::timestamptz < ${now.toISOString()}::timestamptz
       or app_settings.value->>'holder' = ${holder}::text
    returning key`);
  return rows.length > 0;
}

export type RunningEvaluator = { stop(): Promise<void>; tick(): Promise<void> };

export function startAlertEvaluator(
  opts: { intervalSeconds: number; now?: () => Date } & Omit<EvaluateOptions, "now">,
): RunningEvaluator {
  const holder = `${process.pid}-${crypto.randomBytes(4).toString("hex")}`;
  const now = opts.now ?? (() => new Date());
  let stopped = false;
  let running: Promise<void> | null = null;
  const tick = async () => {
    if (running) return running;
    running = (async () => {
      try {
        if (!(await acquireEvaluatorLease(holder, now(), opts.intervalSeconds * 3))) return;
        const r = await evaluateAlerts({ ...opts, now: now() });
        const d = await deliverDue({ now });
        if (r.opened.length || r.resolved.length || d.delivered || d.failed) {
          logger().info(
            { opened: r.opened.length, resolved: r.resolved.length, delivered: d.delivered, failed: d.failed },
            "alerts evaluated",
          );
        }
      } catch (e) {
        logger().error({ err: e }, "alert evaluation failed");
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
