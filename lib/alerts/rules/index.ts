/* The rules the evaluator runs, one file per kind, and their default options. Kinds not listed here
 * (verification, test restores) are raised by their own modules through the same lifecycle. */
import { backupFailedRule } from "./backup-failed";
import { checkFailedRule } from "./check-failed";
import { copyBehindRule } from "./copy-behind";
import { destinationUnreachableRule } from "./destination-unreachable";
import { jobStuckRule } from "./job-stuck";
import { overdueRule } from "./overdue";
import { storageLowRule } from "./storage-low";
import type { AlertRule, RuleOptions } from "./types";

export type { AlertRule, FailingCondition, RuleOptions, QueryRows } from "./types";

export const DEFAULT_RULES: AlertRule[] = [
  backupFailedRule,
  overdueRule,
  destinationUnreachableRule,
  jobStuckRule,
  checkFailedRule,
  storageLowRule,
  copyBehindRule,
];

export function defaultRuleOptions(leaseSeconds: number): RuleOptions {
  return {
    stuckAfterSeconds: Math.max(300, leaseSeconds * 3),
  };
}
