/* Putting work on the durable queue: one `jobs` row (what people see) plus one pg-boss job (delivery,
 * lease, retry) with the same id, written in the caller's transaction (lib/jobs/tx.ts) so they commit
 * together — many at once in one statement each. Owns the job payload envelope (each kind's schema,
 * lib/jobs/define-job.ts, says what goes in it); it does not run anything.
 * Invariant: the pg-boss job id equals the `jobs` row id, and the row's `bossJobId` says which queue
 * holds it ("<queue>/<id>"), so cancel and the lease reaper can address it. */
import { randomUUID } from "node:crypto";
import type PgBoss from "pg-boss";
import type { JobKind } from "@/lib/db/schema/jobs";
import type { JobRequest } from "./define-job";
import { ensureQueue, getBoss, queueForLabel } from "./boss";
import { bossRef } from "./job-rows";
import { wakeLocalWorkers } from "./local-wake";
import { inTransaction, type SqlRunner } from "./tx";

export type JobPayload = {
  jobId: string;
  kind: JobKind | (string & {});
  subjectId?: string | null;
  environmentId?: string | null;
  params?: Record<string, unknown>;
};

export type { JobRequest };

/** Creates the queues these jobs go to. Call before opening the transaction (queue creation uses its
 * own connection, which on PGlite would wait for the open transaction). */
export async function prepareQueues(items: Pick<JobRequest, "label">[]): Promise<void> {
  for (const q of new Set(items.map((i) => queueForLabel(i.label)))) await ensureQueue(q);
}

/** Inserts the jobs rows and pg-boss jobs inside transaction `q` (jobs built by a kind's `request`).
 * Returns the job ids in input order. */
export async function enqueue(q: SqlRunner, items: JobRequest[]): Promise<string[]> {
  if (!items.length) return [];
  const boss = await getBoss();
  const rows = items.map((i) => {
    const jobId = i.jobId ?? randomUUID();
    const queue = queueForLabel(i.label);
    const payload: JobPayload = {
      jobId,
      kind: i.kind,
      subjectId: i.subjectId ?? null,
      environmentId: i.environmentId ?? null,
      params: i.params ?? {},
    };
    return { jobId, queue, payload, label: i.label || null, retry: i.retry };
  });
  await q.executeSql(
    `insert into jobs (id, kind, subject_id, environment_id, status, boss_job_id, worker_label)
     select x.id, x.kind, x.subject_id, x.environment_id, 'queued', x.boss_job_id, x.worker_label
     from jsonb_to_recordset($1::jsonb)
       as x(id uuid, kind text, subject_id uuid, environment_id uuid, boss_job_id text, worker_label text)`,
    [
      JSON.stringify(
        rows.map((r) => ({
          id: r.jobId,
          kind: r.payload.kind,
          subject_id: r.payload.subjectId,
          environment_id: r.payload.environmentId,
          boss_job_id: bossRef(r.queue, r.jobId),
          worker_label: r.label,
        })),
      ),
    ],
  );
  const jobs: PgBoss.JobInsert[] = rows.map(
    (r) =>
      ({
        id: r.jobId,
        name: r.queue,
        data: r.payload,
        ...(r.retry
          ? { retryLimit: r.retry.limit, retryDelay: r.retry.delaySeconds, retryBackoff: r.retry.backoff ?? false }
          : {}),
      }) as PgBoss.JobInsert,
  );
  await boss.insert(jobs, { db: q as PgBoss.Db });
  q.afterCommit?.(wakeLocalWorkers);
  return rows.map((r) => r.jobId);
}

/** One job in its own transaction. */
export async function enqueueJob(input: JobRequest): Promise<string> {
  await prepareQueues([input]);
  const [id] = await inTransaction((q) => enqueue(q, [input]));
  return id!;
}
