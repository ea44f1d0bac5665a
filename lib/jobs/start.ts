/* Starts this process's background services: the worker (LIFEBOAT_EMBEDDED_WORKER, default on) with
 * the job kinds it is given, the scheduler (LIFEBOAT_SCHEDULER, default on) with its input and the
 * function that creates what fires, and any other periodic services it is handed (the alert evaluator).
 * lib/job-kinds.ts wires Lifeboat's kinds and services in; instrumentation.ts (Node.js runtime, after
 * bootstrap) and scripts/worker.ts call that. Invariant: once per process (a globalThis promise), so
 * Next.js re-running instrumentation or a second import never starts a second worker. */
import "server-only";
import { ensureMigrated } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { getBoss, stopBoss } from "./boss";
import type { JobHandlers } from "./define-job";
import { startScheduler, type RunningScheduler, type SchedulerOptions } from "./scheduler";
import { startWorker, type RunningWorker } from "./worker";

export type BackgroundServices = {
  worker?: RunningWorker;
  scheduler?: RunningScheduler;
  others: { stop(): Promise<void> }[];
  stop(): Promise<void>;
};

export type ServicesOptions = {
  worker?: boolean;
  scheduler?: boolean;
  handlers: JobHandlers;
  /** Further services to start after the queue is ready (each returns its stop handle). */
  others?: (() => { stop(): Promise<void> })[];
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
  const extra = opts.others ?? [];
  if (!wantWorker && !wantScheduler && !extra.length) return { others: [], stop: async () => {} };
  await ensureMigrated();
  await getBoss();
  const worker = wantWorker ? startWorker({ handlers: opts.handlers }) : undefined;
  const scheduler = wantScheduler
    ? startScheduler({ listScheduled: opts.listScheduled, prepare: opts.prepare })
    : undefined;
  const others = extra.map((startOne) => startOne());
  logger().info({ worker: !!worker, scheduler: !!scheduler, others: others.length }, "background services started");
  return {
    worker,
    scheduler,
    others,
    async stop() {
      for (const o of others) await o.stop();
      await scheduler?.stop();
      await worker?.stop(30_000);
      await stopBoss();
      g[KEY] = undefined;
    },
  };
}

/** A start-up task as a service: runs once in the background (a failure is logged, never thrown), and
 * its stop handle waits for it to end. For sweeps of what a killed process left behind. */
export function oneShot(name: string, task: () => Promise<unknown>): () => { stop(): Promise<void> } {
  return () => {
    const done = task().catch((err) => logger().warn({ err: (err as Error).message }, `${name} failed`));
    return { stop: async () => void (await done) };
  };
}
