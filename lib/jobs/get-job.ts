/* Reading one job for people (API and panel): status, progress, log, attempts, errors, and what it waits
 * for (lib/jobs/waiting.ts). Never exposes the
 * payload (it may name paths) beyond ids. */
import "server-only";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getJobRow } from "./job-rows";
import { waitingReason } from "./waiting";

export type JobView = {
  id: string;
  kind: string;
  status: string;
  subjectId: string | null;
  environmentId: string | null;
  attempts: number;
  cancelRequested: boolean;
  progress: unknown;
  log: { at: string; level: string; message: string }[];
  error: { code: string; message: string } | null;
  workerId: string | null;
  /** Only workers carrying this label take the job (null: any worker). */
  workerLabel: string | null;
  /** Why it is not running yet, as the panel shows it ("waiting for a worker labelled host-b"), or null. */
  waiting: string | null;
  heartbeatAt: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getJob(id: string): Promise<JobView> {
  const row = UUID.test(id) ? await getJobRow(id) : undefined;
  if (!row) throw new AppError("not_found", "This job does not exist.");
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    subjectId: row.subjectId,
    environmentId: row.environmentId,
    attempts: row.attempts,
    cancelRequested: row.cancelRequested,
    progress: row.progress ?? null,
    log: row.log,
    error: row.error ?? null,
    workerId: row.workerId,
    workerLabel: row.workerLabel,
    waiting: waitingReason(row, env().LIFEBOAT_JOB_LEASE_SECONDS),
    heartbeatAt: iso(row.heartbeatAt),
    createdAt: row.createdAt.toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
  };
}
