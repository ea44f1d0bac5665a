/* The recovery targets an environment is held to — ONE truth for the overdue alert, the DR page, the
 * dashboard, reports ("RPO met") and /metrics. An edited value (environments.rpo_seconds / rto_seconds)
 * wins; otherwise a critical environment gets RPO 1 h / RTO 15 min, else its type's default (production
 * RPO 24 h / RTO 1 h, staging and development 1 week / 4 h).
 *
 * The overdue alert fires only past the RPO plus a grace that leaves a scheduled backup time to run
 * and finish: one twelfth of the target up to a day (24 h → 2 h, so 26 h; 1 h → 5 min), one seventh
 * beyond (a week → 1 day, so 8 days) — the thresholds the alert always had. Pure and browser-safe; the
 * SQL forms below compute the same numbers inside one query for all environments. */
export type EnvironmentKind = "production" | "staging" | "development";

export type TargetFields = {
  type: EnvironmentKind;
  rpoSeconds?: number | null;
  rtoSeconds?: number | null;
  critical?: boolean | null;
};

export type Targets = { rpoSeconds: number; rtoSeconds: number };

const MINUTE = 60;
const HOUR = 3600;
const DAY = 24 * HOUR;

export const TYPE_TARGETS: Record<EnvironmentKind, Targets> = {
  production: { rpoSeconds: DAY, rtoSeconds: HOUR },
  staging: { rpoSeconds: 7 * DAY, rtoSeconds: 4 * HOUR },
  development: { rpoSeconds: 7 * DAY, rtoSeconds: 4 * HOUR },
};

export const CRITICAL_TARGETS: Targets = { rpoSeconds: HOUR, rtoSeconds: 15 * MINUTE };

/** What the environment falls back to when a target is not edited. */
export function defaultTargets(e: Pick<TargetFields, "type" | "critical">): Targets {
  return e.critical ? CRITICAL_TARGETS : TYPE_TARGETS[e.type];
}

/** The targets in force, and which of them are the default rather than edited. */
export function effectiveTargets(e: TargetFields): Targets & { rpoInherited: boolean; rtoInherited: boolean } {
  const d = defaultTargets(e);
  return {
    rpoSeconds: e.rpoSeconds ?? d.rpoSeconds,
    rtoSeconds: e.rtoSeconds ?? d.rtoSeconds,
    rpoInherited: e.rpoSeconds == null,
    rtoInherited: e.rtoSeconds == null,
  };
}

export function rpoTargetSeconds(e: TargetFields): number {
  return effectiveTargets(e).rpoSeconds;
}

/** How long past its RPO a backup may still arrive before the environment is overdue. */
export function overdueGraceSeconds(rpoSeconds: number): number {
  return Math.round(rpoSeconds <= DAY ? rpoSeconds / 12 : rpoSeconds / 7);
}

export function overdueAfterSeconds(rpoSeconds: number): number {
  return rpoSeconds + overdueGraceSeconds(rpoSeconds);
}

/** SQL of the effective RPO of the environments row aliased `e` (same rule as effectiveTargets). */
export function rpoSecondsSql(e: string): string {
  return `coalesce(${e}.rpo_seconds, case when ${e}.critical then ${CRITICAL_TARGETS.rpoSeconds}
    when ${e}.type = 'production' then ${TYPE_TARGETS.production.rpoSeconds}
    when ${e}.type = 'staging' then ${TYPE_TARGETS.staging.rpoSeconds}
    else ${TYPE_TARGETS.development.rpoSeconds} end)`;
}

/** SQL of the overdue threshold (RPO + grace) in seconds, given the SQL of an RPO. */
export function overdueAfterSql(rpo: string): string {
  return `(${rpo} + round(case when ${rpo} <= ${DAY} then ${rpo} / 12.0 else ${rpo} / 7.0 end))`;
}

/** A span in words for messages: "26 h", "8 days", "65 min", "1 week". */
export function spanInWords(seconds: number): string {
  if (seconds % (7 * DAY) === 0 && seconds >= 7 * DAY) {
    const w = seconds / (7 * DAY);
    return w === 1 ? "1 week" : `${w} weeks`;
  }
  if (seconds >= 2 * DAY && seconds % DAY === 0) return `${seconds / DAY} days`;
  if (seconds >= HOUR && seconds % HOUR === 0) return `${seconds / HOUR} h`;
  if (seconds < 2 * HOUR) return `${Math.round(seconds / MINUTE)} min`;
  return `${Math.round((seconds / HOUR) * 10) / 10} h`;
}
