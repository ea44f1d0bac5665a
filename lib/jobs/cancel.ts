/* Cancelling a job (audited; the route or action checked the operator role, this trusts its actor). A queued job is cancelled at once in pg-boss and in the rows
 * that show it (jobs, and — through its kind's `cancelled` handler — the row it works on, e.g. the
 * backup or restore; lib/job-kinds.ts passes the handlers). A running job gets `cancelRequested`; its
 * worker sees that on the next heartbeat (≈2 s) and aborts the engine through the AbortSignal (restic
 * gets SIGINT, which removes its lock). A finished job cannot be cancelled. */
import "server-only";
import { and, eq } from "drizzle-orm";
import { writeAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { jobs } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { getBoss } from "./boss";
import type { JobHandlers } from "./define-job";
import { getJobRow, parseBossRef, type JobRow } from "./job-rows";

export type CancelResult = { id: string; status: JobRow["status"]; cancelRequested: boolean };

export async function cancelJob(jobId: string, actor: Actor, handlers: JobHandlers = {}): Promise<CancelResult> {
  const result = await requestJobCancel(jobId, handlers);
  await writeAudit({
    actor,
    action: "job.cancel",
    target: { type: "job", id: jobId },
    details: { status: result.status },
  });
  return result;
}

/** The cancel itself, without an audit entry (the scheduler and tests use it as the system). */
export async function requestJobCancel(jobId: string, handlers: JobHandlers = {}): Promise<CancelResult> {
  const db = getDb();
  const row = await getJobRow(jobId);
  if (!row) throw new AppError("not_found", "This job does not exist (it may have been removed).");
  if (row.status !== "queued" && row.status !== "running") {
    throw new AppError("conflict", `This job has already finished (${row.status}); there is nothing to cancel.`);
  }
  // Flag first: a worker claiming the job right now refuses a flagged row (claimJobRow).
  await db.update(jobs).set({ cancelRequested: true }).where(eq(jobs.id, jobId));
  if (row.status === "queued") {
    if (row.bossJobId) {
      const { queue, id } = parseBossRef(row.bossJobId);
      const boss = await getBoss();
      await boss.cancel(queue, id);
    }
    const [settled] = await db
      .update(jobs)
      .set({ status: "cancelled", finishedAt: new Date() })
      .where(and(eq(jobs.id, jobId), eq(jobs.status, "queued")))
      .returning({ id: jobs.id });
    if (settled) {
      await handlers[row.kind]?.cancelled?.({
        jobId,
        kind: row.kind,
        subjectId: row.subjectId,
        environmentId: row.environmentId,
      });
      return { id: jobId, status: "cancelled", cancelRequested: true };
    }
  }
  const after = await getJobRow(jobId);
  return { id: jobId, status: after!.status, cancelRequested: true };
}
