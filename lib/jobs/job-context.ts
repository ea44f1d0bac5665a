/* What a runner gets while it runs a job: its payload (raw, and `input` as its kind's schema parsed it),
 * an AbortSignal that fires on cancel (or when the lease was lost), throttled progress and log lines.
 * Owns throttling (about one progress write per second per job); it does not decide outcomes (the
 * runner does) or touch pg-boss (worker.ts does). `I` is the kind's parsed input, `P` its progress. */
import type { JobLogLine, JobProgress } from "@/lib/db/schema/jobs";
import { logger } from "@/lib/logger";
import { appendJobLog, writeJobProgress } from "./job-rows";
import type { JobPayload } from "./queue";

export type { JobProgress };

export type JobOutcome = {
  status: "succeeded" | "partial" | "failed" | "cancelled";
  error?: { code: string; message: string } | null;
};

export type JobContext<I = JobPayload, P extends JobProgress = JobProgress> = {
  jobId: string;
  attempt: number;
  workerId: string;
  payload: JobPayload;
  /** The payload as the kind's schema parsed it (the raw payload for a handler without a schema). */
  input: I;
  signal: AbortSignal;
  /** Why the signal fired: a user's cancel, or this worker lost the job to another. */
  abortReason(): "cancel" | "lost" | null;
  progress(p: P): void;
  /** Also write throttled progress elsewhere (the backup/restore row). */
  mirrorProgress(fn: (p: P) => Promise<void>): void;
  log(level: JobLogLine["level"], message: string): Promise<void>;
  /** Writes any pending progress now (at the end of the job). */
  flush(): Promise<void>;
};

export const PROGRESS_INTERVAL_MS = 1000;

export function createJobContext(
  payload: JobPayload,
  attempt: number,
  workerId: string,
  controller: AbortController,
  reason: () => "cancel" | "lost" | null,
): JobContext {
  let pending: JobProgress | undefined;
  let lastWrite = 0;
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  const mirrors: Array<(p: JobProgress) => Promise<void>> = [];

  const write = () => {
    timer = undefined;
    const p = pending;
    pending = undefined;
    if (!p) return writing;
    lastWrite = Date.now();
    writing = writing
      .then(() => Promise.all([writeJobProgress(payload.jobId, attempt, p), ...mirrors.map((m) => m(p))]))
      .then(() => undefined)
      .catch((e) => logger().warn({ jobId: payload.jobId, err: (e as Error).message }, "progress write failed"));
    return writing;
  };

  return {
    jobId: payload.jobId,
    attempt,
    workerId,
    payload,
    input: payload,
    signal: controller.signal,
    abortReason: reason,
    progress(p) {
      pending = p;
      const wait = PROGRESS_INTERVAL_MS - (Date.now() - lastWrite);
      if (wait <= 0) void write();
      else timer ??= setTimeout(write, wait);
    },
    mirrorProgress(fn) {
      mirrors.push(fn);
    },
    async log(level, message) {
      await appendJobLog(payload.jobId, level, message);
    },
    async flush() {
      if (timer) clearTimeout(timer);
      await write();
    },
  };
}
