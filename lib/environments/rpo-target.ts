/* The recovery point objective an environment is held to when nothing overrides it: production 26 h
 * (a daily backup plus slack), staging and development 8 days. Declared once: the overdue alert fires past
 * it, reports measure "RPO met" against it, and /metrics exports it for Prometheus rules. */
export type EnvironmentKind = "production" | "staging" | "development";

const HOUR = 3600;

export function defaultRpoSeconds(type: EnvironmentKind): number {
  return type === "production" ? 26 * HOUR : 8 * 24 * HOUR;
}
