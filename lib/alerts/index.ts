/* Alerts: rules (one query per kind), the lifecycle (open → resolved, reminders, ack, mute), grouped
 * notifications through lib/notify, the leased evaluator loop, and the read side. */
export { evaluateAlerts, syncAlertConditions, DEFAULT_REMINDER_SECONDS } from "./evaluate";
export { startAlertEvaluator, acquireEvaluatorLease } from "./evaluator";
export { listAlerts, countOpenAlerts } from "./list-alerts";
export { acknowledgeAlert, muteAlert } from "./acknowledge-alert";
export type { FailingCondition } from "./rules";
export * from "./schema";
