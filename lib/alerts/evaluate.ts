/* One evaluation: run every rule (one query each), apply the lifecycle, plan grouped notifications and
 * backup pings — all in ONE transaction, so an alert's transition and the messages about it commit
 * together (told exactly once; a crash tells nobody and the next pass sees the transition again).
 * `syncAlertConditions` is the same path for modules that compute their own conditions (proof). */
import "server-only";
import { inTransaction, type SqlRunner } from "@/lib/jobs/tx";
import { enqueueDeliveries } from "@/lib/notify/deliveries";
import { applyConditions, type Transitions } from "./lifecycle";
import { disabledEnvironments } from "./overrides/override-sql";
import { planNotifications, type RoutingChannel } from "./plan-notifications";
import { planPings } from "./plan-pings";
import { type AlertRule, DEFAULT_RULES, defaultRuleOptions, type FailingCondition, type RuleOptions } from "./rules";

export const DEFAULT_REMINDER_SECONDS = 24 * 3600;

export type EvaluateOptions = {
  now?: Date;
  rules?: AlertRule[];
  ruleOptions?: RuleOptions;
  reminderSeconds?: number;
};

export type EvaluationResult = Transitions & { deliveriesPlanned: number };

async function routingChannels(q: SqlRunner): Promise<RoutingChannel[]> {
  const { rows } = await q.executeSql("select id, type, project_ids, min_severity from notification_channels");
  return rows.map((r) => ({ id: r.id, type: r.type, projectIds: r.project_ids ?? null, minSeverity: r.min_severity }));
}

async function applyAndPlan(
  q: SqlRunner,
  kinds: string[],
  failing: FailingCondition[],
  now: Date,
  reminderSeconds: number,
): Promise<EvaluationResult> {
  // An environment (or its project) that switched a kind off has no alert of it; the open one resolves.
  const off = await disabledEnvironments(q, kinds);
  const wanted = off.size
    ? failing.filter((f) => !f.environmentId || !off.has(`${f.environmentId}:${f.kind}`))
    : failing;
  const t = await applyConditions(q, kinds, wanted, now, reminderSeconds);
  const planned = [...planNotifications(t, await routingChannels(q), now), ...(await planPings(q, now))];
  await enqueueDeliveries(q, planned, now);
  return { ...t, deliveriesPlanned: planned.length };
}

export async function evaluateAlerts(opts: EvaluateOptions = {}): Promise<EvaluationResult> {
  const now = opts.now ?? new Date();
  const rules = opts.rules ?? DEFAULT_RULES;
  const ruleOptions = opts.ruleOptions ?? defaultRuleOptions(60);
  return inTransaction(async (q) => {
    const query = async (text: string, values: unknown[]) => (await q.executeSql(text, values)).rows;
    const failing: FailingCondition[] = [];
    for (const rule of rules) failing.push(...(await rule.evaluate(query, now, ruleOptions)));
    return applyAndPlan(
      q,
      rules.map((r) => r.kind),
      failing,
      now,
      opts.reminderSeconds ?? DEFAULT_REMINDER_SECONDS,
    );
  });
}

/** For modules that evaluate their own kinds: `failing` is the complete set of those kinds failing now. */
export async function syncAlertConditions(
  kinds: string[],
  failing: FailingCondition[],
  opts: { now?: Date; reminderSeconds?: number } = {},
): Promise<EvaluationResult> {
  const now = opts.now ?? new Date();
  return inTransaction((q) => applyAndPlan(q, kinds, failing, now, opts.reminderSeconds ?? DEFAULT_REMINDER_SECONDS));
}
