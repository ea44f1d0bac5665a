/* Queueing integrity checks: one on demand ("Check now", POST /destinations/{id}/check) and the
 * scheduler's daily ones (one per destination and slot; the slot's unique index lets one process win).
 * The row and its job commit together. */
import "server-only";
import { randomUUID } from "node:crypto";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/roles";
import { getDestinationRow } from "@/lib/destinations/get-destination";
import { enqueue, prepareQueues } from "@/lib/jobs/queue";
import { inTransaction } from "@/lib/jobs/tx";
import type { ReadDataMode } from "../schema";
import { checkJob } from "./check-job";
import { insertQueuedChecks } from "./check-rows";

export async function requestCheck(
  destinationId: string,
  readData: ReadDataMode,
  actor: Actor,
): Promise<{ id: string; jobId: string }> {
  const dest = await getDestinationRow(destinationId);
  const id = randomUUID();
  const jobId = randomUUID();
  const job = checkJob.request({ subjectId: id }, { jobId });
  await prepareQueues([job]);
  await inTransaction(async (q) => {
    await insertQueuedChecks(q, [
      { id, destinationId, jobId, trigger: "manual", readData, createdBy: actor.id ?? null },
    ]);
    await enqueue(q, [job]);
  });
  await writeAudit({
    actor,
    action: "destination.check",
    target: { type: "destination", id: destinationId, name: dest.name },
    details: { checkId: id, readData },
  });
  return { id, jobId };
}

/** Queues the scheduled check of each destination for `slot` unless one exists; returns how many. */
export async function requestScheduledChecks(destinationIds: string[], slot: Date): Promise<number> {
  if (!destinationIds.length) return 0;
  const planned = destinationIds.map((destinationId) => {
    const id = randomUUID();
    const jobId = randomUUID();
    return {
      row: {
        id,
        destinationId,
        jobId,
        trigger: "scheduled" as const,
        readData: "subset" as const,
        createdBy: null,
        slot,
      },
      job: checkJob.request({ subjectId: id }, { jobId }),
    };
  });
  await prepareQueues(planned.map((p) => p.job));
  return inTransaction(async (q) => {
    const won = new Set(
      await insertQueuedChecks(
        q,
        planned.map((p) => p.row),
      ),
    );
    const jobs = planned.filter((p) => won.has(p.row.id)).map((p) => p.job);
    if (jobs.length) await enqueue(q, jobs);
    return jobs.length;
  });
}
