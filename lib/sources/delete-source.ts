/* Removes a source. Its existing snapshots stay in the repositories and the backup rows keep its name,
 * so old backups remain restorable; a backup in progress for its environment blocks the delete. A PITR
 * source's replication slot is dropped. */
import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { backups, sources } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/roles";
import { getSourceRow } from "./get-source";
import { dropSourceSlot } from "@/lib/pitr/drop-source-slot";
import { pitrEnabled } from "@/lib/pitr/pitr-status";
import { specOf } from "./load-source-spec";
import { openSourceSecrets } from "./source-view";

export async function deleteSource(id: string, actor: Actor): Promise<void> {
  const row = await getSourceRow(id);
  const db = getDb();
  const [busy] = await db
    .select({ id: backups.id })
    .from(backups)
    .where(and(eq(backups.environmentId, row.environmentId), inArray(backups.status, ["queued", "running"])))
    .limit(1);
  if (busy) {
    const msg = `Source ${row.name} is part of a backup that is queued or running. Wait for it to finish (or cancel it), then delete the source.`;
    await writeAudit({
      actor,
      action: "source.delete",
      target: { type: "source", id, name: row.name },
      outcome: "failure",
      details: { reason: msg },
    });
    throw new AppError("in_use", msg);
  }
  await db.delete(sources).where(eq(sources.id, id));
  if (pitrEnabled(row)) await dropSourceSlot(specOf(row, openSourceSecrets(row)));
  await writeAudit({
    actor,
    action: "source.delete",
    target: { type: "source", id, name: row.name },
    details: { environmentId: row.environmentId },
  });
}
