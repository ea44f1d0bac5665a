/* Queueing key rotations: "Rotate now" (POST /destinations/{id}/keys/rotate, admin, audited) and the
 * schedule's (rotation-scheduler.ts). The row and its job commit together; a destination with a rotation
 * queued or running gets that one back instead of a second. */
import "server-only";
import { randomUUID } from "node:crypto";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/roles";
import { getDestinationRow } from "@/lib/destinations/get-destination";
import { AppError } from "@/lib/errors";
import { enqueue, prepareQueues } from "@/lib/jobs/queue";
import { inTransaction } from "@/lib/jobs/tx";
import { rotateKeyJob } from "./rotate-job";
import { activeRotation, insertQueuedRotation } from "./rotation-rows";

export type RequestedRotation = { id: string; jobId: string; alreadyQueued: boolean };

async function queueRotation(
  destinationId: string,
  trigger: "manual" | "scheduled",
  createdBy: string | null,
): Promise<RequestedRotation> {
  const id = randomUUID();
  const jobId = randomUUID();
  const job = rotateKeyJob.request({ subjectId: id }, { jobId });
  await prepareQueues([job]);
  const inserted = await inTransaction(async (q) => {
    const won = await insertQueuedRotation(q, { id, destinationId, jobId, trigger, createdBy });
    if (won) await enqueue(q, [job]);
    return won;
  });
  if (inserted) return { id, jobId, alreadyQueued: false };
  const active = await activeRotation(destinationId);
  if (!active?.jobId) throw new AppError("conflict", "A key rotation of this destination just finished; try again.");
  return { id: active.id, jobId: active.jobId, alreadyQueued: true };
}

export async function requestRotation(destinationId: string, actor: Actor): Promise<{ id: string; jobId: string }> {
  const dest = await getDestinationRow(destinationId);
  if (!dest.initializedAt)
    throw new AppError(
      "unprocessable",
      `The repository of "${dest.name}" does not exist yet. Verify the destination first.`,
    );
  const r = await queueRotation(destinationId, "manual", actor.id ?? null);
  await writeAudit({
    actor,
    action: "destination.key_rotate_request",
    target: { type: "destination", id: dest.id, name: dest.name },
    details: { rotationId: r.id, alreadyQueued: r.alreadyQueued },
  });
  return { id: r.id, jobId: r.jobId };
}

export function requestScheduledRotation(destinationId: string): Promise<RequestedRotation> {
  return queueRotation(destinationId, "scheduled", null);
}
