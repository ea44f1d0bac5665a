/* Right after a check settles, bring the check_failed alerts up to date through the alert lifecycle
 * (the evaluator would within a minute; a finished check should not wait for it). Only that rule is
 * evaluated, over every destination, so other kinds and other destinations are left as they are. */
import "server-only";
import { evaluateAlerts } from "@/lib/alerts/evaluate";
import { checkFailedRule } from "@/lib/alerts/rules/check-failed";
import { logger } from "@/lib/logger";

export async function syncCheckAlerts(): Promise<void> {
  try {
    await evaluateAlerts({ rules: [checkFailedRule] });
  } catch (e) {
    // Alerting must never turn a check's result into an error; the evaluator retries within a minute.
    logger().warn({ err: (e as Error).message }, "check alerts not updated");
  }
}
