/* "Re-key repository" (POST /destinations/{id}/rekey, admin, with the admin's own password again as for
 * every key change; audited): validates where the new repository goes, seals its password (the admin's or
 * 32 fresh random bytes) and queues the re-key row with its job in one transaction. A destination with a
 * re-key queued or running gets that one back; one with a key rotation queued or running is refused
 * (409), as is one whose repository does not exist yet (422). */
import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/roles";
import { getDestinationRow } from "@/lib/destinations/get-destination";
import { AppError } from "@/lib/errors";
import { enqueue, prepareQueues } from "@/lib/jobs/queue";
import { inTransaction } from "@/lib/jobs/tx";
import { sealSecret } from "@/lib/secrets";
import { confirmAdminPassword } from "../confirm-admin";
import { activeRotation } from "../rotate/rotation-rows";
import { LocationInvalid, newRepositoryConfig, rekeyStamp } from "./new-location";
import { rekeyJob } from "./rekey-job";
import { activeRekey, insertQueuedRekey } from "./rekey-rows";
import { ZRekeyRequest } from "./schema";

export async function requestRekey(
  destinationId: string,
  input: unknown,
  actor: Actor,
  opts: { now?: Date } = {},
): Promise<{ id: string; jobId: string }> {
  const body = ZRekeyRequest.parse(input);
  const dest = await getDestinationRow(destinationId);
  const target = { type: "destination", id: dest.id, name: dest.name };
  await confirmAdminPassword(actor, body.adminPassword, { action: "destination.rekey_request", target });
  if (!dest.initializedAt)
    throw new AppError(
      "unprocessable",
      `The repository of "${dest.name}" does not exist yet. Verify the destination first.`,
    );
  if (await activeRotation(dest.id))
    throw new AppError(
      "conflict",
      `A key rotation of "${dest.name}" is queued or running; re-key when it has finished.`,
    );
  let newConfig: Record<string, unknown>;
  try {
    newConfig = newRepositoryConfig(dest.type, dest.config, {
      stamp: rekeyStamp(opts.now ?? new Date()),
      location: body.location,
    });
  } catch (e) {
    if (e instanceof LocationInvalid) throw new AppError("validation_failed", e.message, { location: e.message });
    throw e;
  }
  const id = randomUUID();
  const jobId = randomUUID();
  const job = rekeyJob.request({ subjectId: id }, { jobId });
  await prepareQueues([job]);
  const inserted = await inTransaction(async (q) => {
    const won = await insertQueuedRekey(q, {
      id,
      destinationId: dest.id,
      jobId,
      newConfig,
      newPasswordEnc: sealSecret(body.password ?? randomBytes(32).toString("base64url")),
      keepOldDays: body.keepOldDays,
      createdBy: actor.id ?? null,
    });
    if (won) await enqueue(q, [job]);
    return won;
  });
  const result = inserted ? { id, jobId } : await existing(dest.id);
  await writeAudit({
    actor,
    action: "destination.rekey_request",
    target,
    details: {
      rekeyId: result.id,
      alreadyQueued: !inserted,
      keepOldDays: body.keepOldDays,
      passwordChosen: !!body.password,
      locationChosen: !!body.location,
    },
  });
  return result;
}

async function existing(destinationId: string): Promise<{ id: string; jobId: string }> {
  const active = await activeRekey(destinationId);
  if (!active?.jobId) throw new AppError("conflict", "A re-key of this destination just finished; try again.");
  return { id: active.id, jobId: active.jobId };
}
