/* Starts this process's background services: the embedded worker (LIFEBOAT_EMBEDDED_WORKER, default on)
 * and the scheduler (LIFEBOAT_SCHEDULER, default on). Called from instrumentation.ts in the Node.js
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

export type BackgroundServices = { worker?: RunningWorker; scheduler?: RunningScheduler; stop(): Promise<void> };

const KEY = Symbol.for("lifeboat.background");
const g = globalThis as unknown as { [KEY]?: Promise<BackgroundServices> };

export function startBackgroundServices(
  opts: { worker?: boolean; scheduler?: boolean; handlers?: JobHandlers } = {},
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
  handlers?: JobHandlers;
}): Promise<BackgroundServices> {
  const e = env();
  const wantWorker = opts.worker ?? e.LIFEBOAT_EMBEDDED_WORKER === "on";
  const wantScheduler = opts.scheduler ?? e.LIFEBOAT_SCHEDULER === "on";
  if (!wantWorker && !wantScheduler) return { stop: async () => {} };
  await ensureMigrated();
  await getBoss();
  const worker = wantWorker ? startWorker({ handlers: opts.handlers ?? defaultJobHandlers() }) : undefined;
  const scheduler = wantScheduler
    ? startScheduler({
        listScheduled: listScheduledEnvironments,
        prepare: prepareScheduledBackups,
      })
    : undefined;
  logger().info({ worker: !!worker, scheduler: !!scheduler }, "background services started");
  return {
    worker,
    scheduler,
    async stop() {
      await scheduler?.stop();
      await worker?.stop(30_000);
      await stopBoss();
      g[KEY] = undefined;
    },
  };
}
