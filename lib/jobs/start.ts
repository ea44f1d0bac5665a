/* Starts this process's background services: the worker (LIFEBOAT_EMBEDDED_WORKER, default on) with
 * the job kinds it is given, and the scheduler (LIFEBOAT_SCHEDULER, default on) with its input and the
 * function that creates what fires. lib/job-kinds.ts wires Lifeboat's kinds in; instrumentation.ts
 * (Node.js runtime, after bootstrap) and scripts/worker.ts call that. Invariant: once per process (a
 * globalThis promise), so Next.js re-running instrumentation or a second import never starts a second
 * worker. */
import "server-only";
import { ensureMigrated } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { getBoss, stopBoss } from "./boss";
import type { JobHandlers } from "./define-job";
import { startScheduler, type RunningScheduler, type SchedulerOptions } from "./scheduler";
import { startWorker, type RunningWorker } from "./worker";

export type BackgroundServices = { worker?: RunningWorker; scheduler?: RunningScheduler; stop(): Promise<void> };

export type ServicesOptions = {
  worker?: boolean;
  scheduler?: boolean;
  handlers: JobHandlers;
  listScheduled: SchedulerOptions["listScheduled"];
  prepare: SchedulerOptions["prepare"];
};

const KEY = Symbol.for("lifeboat.background");
const g = globalThis as unknown as { [KEY]?: Promise<BackgroundServices> };

export function startServices(opts: ServicesOptions): Promise<BackgroundServices> {
  g[KEY] ??= start(opts).catch((e) => {
    g[KEY] = undefined;
    throw e;
  });
  return g[KEY]!;
}

async function start(opts: ServicesOptions): Promise<BackgroundServices> {
  const e = env();
  const wantWorker = opts.worker ?? e.LIFEBOAT_EMBEDDED_WORKER === "on";
  const wantScheduler = opts.scheduler ?? e.LIFEBOAT_SCHEDULER === "on";
  if (!wantWorker && !wantScheduler) return { stop: async () => {} };
  await ensureMigrated();
  await getBoss();
  const worker = wantWorker ? startWorker({ handlers: opts.handlers }) : undefined;
  const scheduler = wantScheduler
    ? startScheduler({ listScheduled: opts.listScheduled, prepare: opts.prepare })
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
