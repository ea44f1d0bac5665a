/* The worker loop: claims jobs from the default queue and from the queues of this worker's labels, up
 * to `concurrency` at once, runs the runner for each job's kind, keeps the lease alive with a heartbeat,
 * turns a user's cancel into an AbortSignal, and records the outcome in the `jobs` row and pg-boss.
 * It also reaps leases: a running job whose heartbeat is older than the lease (its worker died) is
 * failed in pg-boss, which hands it to the next worker (retry), or marks it failed when retries ran out.
 * It does not know what a job does (each kind's definition, lib/job-kinds.ts) nor how jobs are created
 * (queue.ts). */
import os from "node:os";
import { randomUUID } from "node:crypto";
import type PgBoss from "pg-boss";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { ensureQueue, getBoss, queueForLabel, DEFAULT_QUEUE } from "./boss";
import type { JobHandlers } from "./define-job";
import { createJobContext } from "./job-context";
import { onLocalEnqueue } from "./local-wake";
import {
  appendJobLog,
  claimJobRow,
  finishJobRow,
  heartbeatJobRow,
  parseBossRef,
  requeueJobRow,
  takeStaleJobRows,
  unclaimedJobRows,
} from "./job-rows";
import type { JobPayload } from "./queue";

export type { JobHandler, JobHandlers } from "./define-job";

export type WorkerOptions = {
  handlers: JobHandlers;
  labels?: string[];
  concurrency?: number;
  pollMs?: number;
  leaseSeconds?: number;
  workerId?: string;
};

export type RunningWorker = {
  workerId: string;
  queues: string[];
  activeCount(): number;
  /** Stops claiming; waits for running jobs up to `graceMs`, then abandons them to the lease reaper. */
  stop(graceMs?: number): Promise<void>;
};

type Claimed = PgBoss.JobWithMetadata<JobPayload> & { queue: string };

export function startWorker(opts: WorkerOptions): RunningWorker {
  const e = env();
  const labels =
    opts.labels ??
    e.LIFEBOAT_WORKER_LABELS.split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  const concurrency = opts.concurrency ?? e.LIFEBOAT_WORKER_CONCURRENCY;
  const leaseSeconds = opts.leaseSeconds ?? e.LIFEBOAT_JOB_LEASE_SECONDS;
  const pollMs = opts.pollMs ?? 500;
  const workerId = opts.workerId ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const queues = [DEFAULT_QUEUE, ...labels.map((l) => queueForLabel(l))];
  const heartbeatMs = Math.max(500, Math.min(2000, (leaseSeconds * 1000) / 4));
  const active = new Map<string, { promise: Promise<void>; controller: AbortController; abandon(): void }>();
  let stopping = false;
  let wake: (() => void) | undefined;
  // A wake that came while the loop was not napping (inside a fetch or the reaper): the next nap is
  // skipped, so a job queued during a fetch that missed it is not left waiting for the next poll.
  let woken = false;
  const poke = () => {
    if (wake) wake();
    else woken = true;
  };
  let nextQueue = 0;
  const log = logger().child({ workerId });
  const unsubscribe = onLocalEnqueue(poke);

  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken) {
        woken = false;
        resolve();
        return;
      }
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  async function fetchOne(boss: PgBoss): Promise<Claimed | undefined> {
    for (let i = 0; i < queues.length; i++) {
      const queue = queues[(nextQueue + i) % queues.length]!;
      const [job] = await boss.fetch<JobPayload>(queue, { batchSize: 1, includeMetadata: true });
      if (job) {
        nextQueue = (nextQueue + i + 1) % queues.length;
        return { ...job, queue };
      }
    }
    return undefined;
  }

  async function runOne(boss: PgBoss, job: Claimed, controller: AbortController, abandoned: () => boolean) {
    const payload = job.data;
    const attempt = job.retryCount + 1;
    const row = await claimJobRow(payload.jobId, attempt, workerId);
    if (!row) {
      // Cancelled while queued, or already settled: nothing to run.
      await boss.complete(job.queue, job.id);
      return;
    }
    if (attempt > 1)
      await appendJobLog(payload.jobId, "info", `Attempt ${attempt} of ${job.retryLimit + 1}, on ${workerId}.`);
    let reason: "cancel" | "lost" | null = null;
    const hb = setInterval(() => {
      heartbeatJobRow(payload.jobId, attempt)
        .then((r) => {
          if (r !== "ok" && !reason) {
            reason = r;
            controller.abort(new Error(r === "cancel" ? "Cancelled by a user." : "Lease lost."));
          }
        })
        .catch((err) => log.warn({ jobId: payload.jobId, err: (err as Error).message }, "heartbeat failed"));
    }, heartbeatMs);
    controller.signal.addEventListener("abort", () => (reason ??= "lost"));
    const ctx = createJobContext(payload, attempt, workerId, controller, () => reason);
    const handler = opts.handlers[payload.kind];
    try {
      if (!handler) throw new Error(`This worker has no runner for "${payload.kind}" jobs.`);
      let outcome = await handler.run(ctx);
      await ctx.flush();
      if (reason === "lost" || abandoned()) return;
      // Kinds that record their outcome on their own row (cancelled when the cancel stopped them;
      // partial/failed when it came after the work was done): the job says the same. Other kinds
      // have no such row, so a cancelled run that did not succeed is "cancelled".
      if (reason === "cancel" && outcome.status !== "succeeded" && !handler.ownsOutcomeRow) {
        outcome = { status: "cancelled", error: null };
      }
      await finishJobRow(payload.jobId, attempt, outcome.status, outcome.error ?? null);
      await boss.complete(job.queue, job.id);
    } catch (err) {
      await ctx.flush();
      if (reason === "lost" || abandoned()) return;
      const message = (err as Error).message || String(err);
      if (reason === "cancel") {
        await finishJobRow(payload.jobId, attempt, "cancelled", null);
        await handler?.cancelled?.(payload).catch(() => {});
        await boss.complete(job.queue, job.id);
        return;
      }
      log.warn({ jobId: payload.jobId, kind: payload.kind, attempt, err: message }, "job attempt failed");
      if (job.retryCount < job.retryLimit) {
        await requeueJobRow(payload.jobId, attempt, `Attempt ${attempt} failed: ${message} Trying again.`);
        await boss.fail(job.queue, job.id, { message });
      } else {
        await finishJobRow(payload.jobId, attempt, "failed", { code: "job_failed", message });
        await boss.fail(job.queue, job.id, { message });
        await handler?.giveUp?.(payload, message).catch(() => {});
      }
    } finally {
      clearInterval(hb);
    }
  }

  async function reap(boss: PgBoss) {
    await reapUnclaimed(boss);
    const stale = await takeStaleJobRows(leaseSeconds);
    for (const row of stale) {
      if (!row.bossJobId) continue;
      const { queue, id } = parseBossRef(row.bossJobId);
      await boss.fail(queue, id, { message: "worker lost" });
      const after = await boss.getJobById(queue, id);
      if (after?.state === "failed") {
        const message = `The worker running this job (${row.workerId ?? "unknown"}) stopped responding and no attempts are left.`;
        await finishJobRow(row.id, null, "failed", { code: "worker_lost", message });
        const payload = after.data as JobPayload;
        await opts.handlers[payload.kind]?.giveUp?.(payload, message).catch(() => {});
      } else {
        const next = row.workerLabel
          ? `it waits for a worker labelled ${row.workerLabel} to take it over`
          : "another worker takes it over";
        await appendJobLog(
          row.id,
          "warn",
          `The worker running this job (${row.workerId ?? "unknown"}) stopped responding; ${next}.`,
        );
      }
    }
  }

  /** A job fetched by a worker that died before it claimed the row goes back to pg-boss as a failed
   * attempt (retried, or settled as lost when none is left); a row whose pg-boss job a dead reaper had
   * already failed is settled now. */
  async function reapUnclaimed(boss: PgBoss) {
    for (const { row, bossState } of await unclaimedJobRows(leaseSeconds)) {
      const { queue, id } = parseBossRef(row.bossJobId!);
      if (bossState === "active") await boss.fail(queue, id, { message: "worker lost before it started the job" });
      const after = await boss.getJobById(queue, id);
      if (after?.state === "failed") {
        const message =
          bossState === "active"
            ? "The worker that took this job stopped responding before it started, and no attempts are left."
            : "The worker running this job stopped responding and no attempts are left.";
        await finishJobRow(row.id, null, "failed", { code: "worker_lost", message });
        await opts.handlers[(after.data as JobPayload).kind]
          ?.giveUp?.(after.data as JobPayload, message)
          .catch(() => {});
      } else {
        await appendJobLog(
          row.id,
          "warn",
          "The worker that took this job stopped responding before it started; another worker takes it over.",
        );
      }
    }
  }

  const loop = (async () => {
    const boss = await getBoss();
    for (const q of queues) await ensureQueue(q);
    let lastReap = 0;
    while (!stopping) {
      try {
        if (Date.now() - lastReap > (leaseSeconds * 1000) / 2) {
          lastReap = Date.now();
          await reap(boss);
        }
        if (active.size >= concurrency) {
          await nap(pollMs);
          continue;
        }
        const job = await fetchOne(boss);
        if (!job) {
          await nap(pollMs);
          continue;
        }
        const controller = new AbortController();
        let gaveUp = false;
        const promise = runOne(boss, job, controller, () => gaveUp)
          .catch((err) => log.error({ jobId: job.data.jobId, err: (err as Error).message }, "job bookkeeping failed"))
          .finally(() => {
            active.delete(job.id);
            poke();
          });
        active.set(job.id, { promise, controller, abandon: () => (gaveUp = true) });
      } catch (err) {
        log.warn({ err: (err as Error).message }, "worker loop error");
        await nap(Math.max(pollMs, 2000));
      }
    }
  })();

  log.info({ queues, concurrency }, "worker started");
  return {
    workerId,
    queues,
    activeCount: () => active.size,
    async stop(graceMs = 10_000) {
      stopping = true;
      unsubscribe();
      wake?.();
      await loop.catch(() => {});
      const all = Promise.all([...active.values()].map((a) => a.promise));
      const timedOut = await Promise.race([
        all.then(() => false),
        new Promise<boolean>((r) => setTimeout(() => r(true), graceMs).unref()),
      ]);
      if (timedOut) {
        for (const a of active.values()) {
          a.abandon();
          a.controller.abort(new Error("Worker stopping."));
        }
        await Promise.race([all, new Promise((r) => setTimeout(r, 5000).unref())]);
      }
    },
  };
}
