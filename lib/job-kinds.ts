/* The job kinds Lifeboat runs (each declared with lib/jobs/define-job.ts in its own domain), and the
 * background services of this process wired to them: the worker gets their handlers, the scheduler
 * creates scheduled backups, the check scheduler queues the daily integrity checks (LIFEBOAT_CHECKS), a
 * cancel settles the row a queued job works on. New kinds are added to JOB_KINDS. */
import { startPitrSupervisor } from "@/lib/pitr/start-pitr";
import "server-only";
import { backupJob } from "@/lib/backups/backup-job";
import { prepareScheduledBackups } from "@/lib/backups/create-backup";
import { retentionJob } from "@/lib/backups/retention-job";
import { copyJob } from "@/lib/copies/copy-job";
import type { Actor } from "@/lib/auth/roles";
import { cancelJob as cancelQueuedOrRunning, type CancelResult } from "@/lib/jobs/cancel";
import type { JobHandlers } from "@/lib/jobs/define-job";
import { listScheduledEnvironments } from "@/lib/backup-settings/scheduled-environments";
import { oneShot, startServices, type BackgroundServices } from "@/lib/jobs/start";
import { startAlertEvaluator } from "@/lib/alerts/evaluator";
import { defaultRuleOptions } from "@/lib/alerts/rules";
import { env } from "@/lib/env";
import { checkJob } from "@/lib/proof/checks/check-job";
import { startCheckScheduler } from "@/lib/proof/checks/check-scheduler";
import { startReportMailer } from "@/lib/reports/mail/report-mailer";
import { restoreJob } from "@/lib/restores/restore-job";
import { startTestRestoreScheduler, sweepScratchLeftovers, testRestoreJob } from "@/lib/proof/test-restore";
import { pitrRestoreJob } from "@/lib/pitr/restore/pitr-restore-job";
import { sweepPitrScratch } from "@/lib/pitr/restore/sweep-at-start";
import { rotateKeyJob } from "@/lib/keys/rotate/rotate-job";
import { startRotationScheduler } from "@/lib/keys/rotate/rotation-scheduler";
import { rekeyJob } from "@/lib/keys/rekey/rekey-job";
import { startRekeySweeper } from "@/lib/keys/rekey/rekey-sweeper";

export const JOB_KINDS = [
  backupJob,
  restoreJob,
  retentionJob,
  testRestoreJob,
  checkJob,
  pitrRestoreJob,
  copyJob,
  rotateKeyJob,
  rekeyJob,
] as const;

export function jobHandlers(): JobHandlers {
  return Object.fromEntries(JOB_KINDS.map((k) => [k.kind, k.handler]));
}

/** Starts this process's worker, scheduler, the leased alert evaluator (LIFEBOAT_ALERTS), the leased
 * test-restore scheduler (LIFEBOAT_TEST_RESTORES), the check scheduler (LIFEBOAT_CHECKS) and, with the
 * worker, the PITR WAL streams, and with the scheduler the scheduled key rotations; see lib/jobs/start.ts for the other switches. A
 * worker first sweeps the scratch targets of test restores and PITR restores a killed process left. */
export function startBackgroundServices(
  opts: {
    worker?: boolean;
    scheduler?: boolean;
    alerts?: boolean;
    testRestores?: boolean;
    checks?: boolean;
    handlers?: JobHandlers;
  } = {},
): Promise<BackgroundServices> {
  const e = env();
  const wantAlerts = opts.alerts ?? e.LIFEBOAT_ALERTS === "on";
  const wantWorker = opts.worker ?? e.LIFEBOAT_EMBEDDED_WORKER === "on";
  const wantScheduler = opts.scheduler ?? e.LIFEBOAT_SCHEDULER === "on";
  const wantTestRestores = (opts.testRestores ?? e.LIFEBOAT_TEST_RESTORES === "on") && wantScheduler;
  const wantChecks = (opts.checks ?? e.LIFEBOAT_CHECKS === "on") && wantScheduler;
  // Where jobs run: sweep what killed runs left, and the PITR WAL streams (each source leased to one
  // worker cluster-wide).
  const workerSide = wantWorker
    ? [
        oneShot("test-restore scratch sweep", () => sweepScratchLeftovers(e.LIFEBOAT_JOB_LEASE_SECONDS)),
        oneShot("PITR scratch sweep", sweepPitrScratch),
        () => startPitrSupervisor(),
      ]
    : [];
  return startServices({
    worker: opts.worker,
    scheduler: opts.scheduler,
    handlers: opts.handlers ?? jobHandlers(),
    listScheduled: listScheduledEnvironments,
    prepare: prepareScheduledBackups,
    others: [
      ...workerSide,
      ...(wantTestRestores ? [() => startTestRestoreScheduler()] : []),
      ...(wantAlerts
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
        : []),
      ...(wantChecks ? [() => startCheckScheduler({ intervalSeconds: 60, hourUtc: e.LIFEBOAT_CHECK_HOUR })] : []),
      // Scheduled key rotations (per destination, off unless a destination sets keyRotationDays).
      ...(wantScheduler ? [() => startRotationScheduler({ intervalSeconds: 300 })] : []),
      // Old repositories of re-keys, deleted once their keep period has passed.
      ...(wantScheduler ? [() => startRekeySweeper({ intervalSeconds: 600 })] : []),
    ],
  });
}

/** Cancels a job (operator+, audited); a queued one's subject row (backup, restore) is settled too. */
export function cancelJob(jobId: string, actor: Actor): Promise<CancelResult> {
  return cancelQueuedOrRunning(jobId, actor, jobHandlers());
}
