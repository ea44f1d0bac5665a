/* Starts this process's background services: the embedded worker (LIFEBOAT_EMBEDDED_WORKER, default on)
 * the scheduler (LIFEBOAT_SCHEDULER, default on) and the leased alert evaluator (LIFEBOAT_ALERTS, on). Called from instrumentation.ts in the Node.js
 * runtime after bootstrap, and from scripts/worker.ts. Invariant: once per process (a globalThis
 * promise), so Next.js re-running instrumentation or a second import never starts a second worker. */
import "server-only";
import { ensureMigrated } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { prepareScheduledBackups } from "@/lib/backups/create-backup";
import { getBoss, stopBoss } from "./boss";
import { defaultJobHandlers } from "./runners";
import { listScheduledEnvironments } from "./scheduled-environments";
import { startScheduler, type RunningScheduler } from "./scheduler";
import { startWorker, type JobHandlers, type RunningWorker } from "./worker";
import { type RunningEvaluator, startAlertEvaluator } from "@/lib/alerts/evaluator";
import { defaultRuleOptions } from "@/lib/alerts/rules";

export type BackgroundServices = {
  worker?: RunningWorker;
  scheduler?: RunningScheduler;
  alerts?: RunningEvaluator;
  stop(): Promise<void>;
};

const KEY = Symbol.for("lifeboat.background");
const g = globalThis as unknown as { [KEY]?: Promise<BackgroundServices> };

export function startBackgroundServices(
  opts: { worker?: boolean; scheduler?: boolean; alerts?: boolean; handlers?: JobHandlers } = {},
): Promise<BackgroundServices> {
  g[KEY] ??= start(opts).catch((e) => {
    g[KEY] = undefined;
    throw e;
  });
  return g[KEY]!;
}

async function start(opts: {
  worker?: boolean;
  scheduler?: boolean;
  alerts?: boolean;
  handlers?: JobHandlers;
}): Promise<BackgroundServices> {
  const e = env();
  const wantWorker = opts.worker ?? e.LIFEBOAT_EMBEDDED_WORKER === "on";
  const wantScheduler = opts.scheduler ?? e.LIFEBOAT_SCHEDULER === "on";
  const wantAlerts = opts.alerts ?? e.LIFEBOAT_ALERTS === "on";
  if (!wantWorker && !wantScheduler && !wantAlerts) return { stop: async () => {} };
  await ensureMigrated();
  await getBoss();
  const worker = wantWorker ? startWorker({ handlers: opts.handlers ?? defaultJobHandlers() }) : undefined;
  const scheduler = wantScheduler
    ? startScheduler({
        listScheduled: listScheduledEnvironments,
        prepare: prepareScheduledBackups,
      })
    : undefined;
  const alerts = wantAlerts
    ? startAlertEvaluator({
        intervalSeconds: e.LIFEBOAT_ALERT_INTERVAL_SECONDS,
        reminderSeconds:
          e.LIFEBOAT_ALERT_REMINDER_HOURS > 0 ? e.LIFEBOAT_ALERT_REMINDER_HOURS * 3600 : 10 * 365 * 86400,
        ruleOptions: defaultRuleOptions(e.LIFEBOAT_JOB_LEASE_SECONDS),
      })
    : undefined;
  logger().info({ worker: !!worker, scheduler: !!scheduler, alerts: !!alerts }, "background services started");
  return {
    worker,
    scheduler,
    alerts,
    async stop() {
      await alerts?.stop();
      await scheduler?.stop();
      await worker?.stop(30_000);
      await stopBoss();
      g[KEY] = undefined;
    },
  };
}
