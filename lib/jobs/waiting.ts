/* Why a job is not running, in the words the panel shows ("waiting for a worker labelled host-b"): a
 * queued job waits for any worker, or for one carrying its label; a running job whose heartbeat is older
 * than the lease has lost its worker and waits the same way until a worker takes it over. Pure: the
 * readers (get-job.ts, lib/backups/backup-view.ts) pass the row and the lease. */

export type WaitingInput = {
  status: string;
  workerLabel: string | null;
  heartbeatAt: Date | null;
};

/** The sentence (lower case, it follows "Manual backup") or null when the job is not waiting. */
export function waitingReason(job: WaitingInput, leaseSeconds: number, now: Date = new Date()): string | null {
  const whom = job.workerLabel ? `a worker labelled ${job.workerLabel}` : "a worker";
  if (job.status === "queued") return `waiting for ${whom}`;
  const lost =
    job.status === "running" && job.heartbeatAt && now.getTime() - job.heartbeatAt.getTime() > leaseSeconds * 1000;
  if (lost) return `waiting for ${whom} (the one running it stopped responding)`;
  return null;
}
