/* The job kinds Lifeboat runs (each declared with lib/jobs/define-job.ts in its own domain), and the
 * background services of this process wired to them: the worker gets their handlers, the scheduler
 * creates scheduled backups, a cancel settles the row a queued job works on. New kinds (verify, check,
 * copy) are added to JOB_KINDS. */
import "server-only";
import { backupJob } from "@/lib/backups/backup-job";
import { prepareScheduledBackups } from "@/lib/backups/create-backup";
import { retentionJob } from "@/lib/backups/retention-job";
import type { Actor } from "@/lib/auth/roles";
import { cancelJob as cancelQueuedOrRunning, type CancelResult } from "@/lib/jobs/cancel";
import type { JobHandlers } from "@/lib/jobs/define-job";
import { listScheduledEnvironments } from "@/lib/backup-settings/scheduled-environments";
import { startServices, type BackgroundServices } from "@/lib/jobs/start";
import { startAlertEvaluator } from "@/lib/alerts/evaluator";
import { defaultRuleOptions } from "@/lib/alerts/rules";
import { env } from "@/lib/env";
import { startReportMailer } from "@/lib/reports/mail/report-mailer";
import { restoreJob } from "@/lib/restores/restore-job";

export const JOB_KINDS = [backupJob, restoreJob, retentionJob] as const;

export function jobHandlers(): JobHandlers {
  return Object.fromEntries(JOB_KINDS.map((k) => [k.kind, k.handler]));
}

/** Starts this process's worker, scheduler and the leased alert evaluator (LIFEBOAT_ALERTS; see
 * lib/jobs/start.ts for the other switches). */
export function startBackgroundServices(
  opts: { worker?: boolean; scheduler?: boolean; alerts?: boolean; handlers?: JobHandlers } = {},
): Promise<BackgroundServices> {
  const e = env();
  const wantAlerts = opts.alerts ?? e.LIFEBOAT_ALERTS === "on";
  return startServices({
    worker: opts.worker,
    scheduler: opts.scheduler,
    handlers: opts.handlers ?? jobHandlers(),
    listScheduled: listScheduledEnvironments,
    prepare: prepareScheduledBackups,
    others: wantAlerts
      ? [
          () =>
            startAlertEvaluator({
              intervalSeconds: e.LIFEBOAT_ALERT_INTERVAL_SECONDS,
              reminderSeconds:
                e.LIFEBOAT_ALERT_REMINDER_HOURS > 0 ? e.LIFEBOAT_ALERT_REMINDER_HOURS * 3600 : 10 * 365 * 86400,
              ruleOptions: defaultRuleOptions(e.LIFEBOAT_JOB_LEASE_SECONDS),
            }),
          () => startReportMailer(),
        ]
      : [],
  });
}

/** Cancels a job (operator+, audited); a queued one's subject row (backup, restore) is settled too. */
export function cancelJob(jobId: string, actor: Actor): Promise<CancelResult> {
  return cancelQueuedOrRunning(jobId, actor, jobHandlers());
}
