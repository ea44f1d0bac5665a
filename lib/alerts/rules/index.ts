/* The rules the evaluator runs, one file per kind, and their default options. Kinds not listed here
 * (verification, checks, test restores) are raised by their own modules through the same lifecycle. */
import { backupFailedRule } from "./backup-failed";
import { destinationUnreachableRule } from "./destination-unreachable";
import { jobStuckRule } from "./job-stuck";
import { overdueRule } from "./overdue";
import { storageLowRule } from "./storage-low";
import type { AlertRule, RuleOptions } from "./types";
import { defaultRpoSeconds } from "@/lib/environments/rpo-target";

export type { AlertRule, FailingCondition, RuleOptions, QueryRows } from "./types";

export const DEFAULT_RULES: AlertRule[] = [
  backupFailedRule,
  overdueRule,
  destinationUnreachableRule,
  jobStuckRule,
  storageLowRule,
];

export function defaultRuleOptions(leaseSeconds: number): RuleOptions {
  return {
    overdueHours: {
      production: defaultRpoSeconds("production") / 3600,
      staging: defaultRpoSeconds("staging") / 3600,
      development: defaultRpoSeconds("development") / 3600,
    },
    stuckAfterSeconds: Math.max(300, leaseSeconds * 3),
  };
}
