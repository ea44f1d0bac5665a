/* The evaluator loop: every LIFEBOAT_ALERT_INTERVAL_SECONDS, in every panel/worker process, try to take
 * the evaluator lease (lib/jobs/leased-loop.ts); the holder evaluates the rules and sends the deliveries
 * that are due. So overdue is noticed even when the scheduler and every worker are down, and only one
 * process evaluates at a time. Errors are logged and the loop goes on: alerting must never stop because
 * one pass failed. */
import "server-only";
import { acquireLease, type LeasedLoop, startLeasedLoop } from "@/lib/jobs/leased-loop";
import { logger } from "@/lib/logger";
import { deliverDue } from "@/lib/notify/deliveries";
import { type EvaluateOptions, evaluateAlerts } from "./evaluate";

const LEASE_KEY = "alerts.evaluator.lease";

/** Takes or renews the evaluator lease for `seconds`; true when this holder has it. */
export function acquireEvaluatorLease(holder: string, now: Date, seconds: number): Promise<boolean> {
  return acquireLease(LEASE_KEY, holder, now, seconds);
}

export type RunningEvaluator = LeasedLoop;

export function startAlertEvaluator(
  opts: { intervalSeconds: number; now?: () => Date } & Omit<EvaluateOptions, "now">,
): RunningEvaluator {
  const clock = opts.now ?? (() => new Date());
  return startLeasedLoop({
    leaseKey: LEASE_KEY,
    name: "alert evaluation",
    intervalSeconds: opts.intervalSeconds,
    now: clock,
    async run(now) {
      const r = await evaluateAlerts({ ...opts, now });
      const d = await deliverDue({ now: clock });
      if (r.opened.length || r.resolved.length || d.delivered || d.failed) {
        logger().info(
          { opened: r.opened.length, resolved: r.resolved.length, delivered: d.delivered, failed: d.failed },
          "alerts evaluated",
        );
      }
    },
  });
}
