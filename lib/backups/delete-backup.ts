/* Deleting a backup (the route checked the admin role; this service trusts its actor): forget its snapshots in every destination it wrote to — found by the
 * `backup:<id>` tag, so a stray snapshot of the same run is forgotten too — then mark the row deleted.
 * Space is freed by the next prune (the retention job), not here: a prune holds the repository alone
 * and can take minutes. Forgetting holds the destination's repository lock exclusively (a busy repository
 * fails after a minute with RepositoryBusy). Refuses a running backup (cancel it first). Audited, also
 * when refused. */
import "server-only";
import { eq } from "drizzle-orm";
import { writeAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { backupSnapshots } from "@/lib/db/schema";
import { getDestination } from "@/lib/destinations/get-destination";
import { loadDestinationRepo } from "@/lib/destinations/load-destination-repo";
import { withRepositoryLock } from "@/lib/destinations/repository-lock";
import { forget, listSnapshots, RepoNotFound, ResticError } from "@/lib/engine";
import { AppError } from "@/lib/errors";
import { markBackupsDeleted } from "./backup-rows";
import { getBackupRow } from "./get-backup";

export type DeleteBackupResult = { id: string; forgotten: { destinationId: string; snapshots: number }[] };

export async function deleteBackup(id: string, actor: Actor): Promise<DeleteBackupResult> {
  const row = await getBackupRow(id);
  const target = { type: "backup", id, name: `${row.trigger} backup of ${row.createdAt.toISOString()}` };
  if (row.status === "queued" || row.status === "running") {
    throw new AppError("conflict", "This backup is still running. Cancel it first, then delete it.");
  }
  const snaps = await getDb().select().from(backupSnapshots).where(eq(backupSnapshots.backupId, id));
  const destinationIds = [...new Set(snaps.map((s) => s.destinationId))];
  const forgotten: DeleteBackupResult["forgotten"] = [];
  for (const destinationId of destinationIds) {
    let name = destinationId;
    try {
      const destination = await getDestination(destinationId).catch((e) => {
        // A destination removed from Lifeboat: nothing left to forget there.
        if (e instanceof AppError && e.code === "not_found") return null;
        throw e;
      });
      if (!destination) continue;
      name = destination.name;
      const repo = await loadDestinationRepo(destinationId);
      // Forgetting needs the repository alone; a person waits for this, so not for long.
      const listed = await withRepositoryLock(
        destinationId,
        "exclusive",
        async () => {
          const found = await listSnapshots(repo, { tags: [`backup:${id}`] });
          if (found.length) await forget(repo, { ids: found.map((s) => s.id) });
          return found;
        },
        { waitMs: 60_000, purpose: "delete a backup" },
      );
      forgotten.push({ destinationId, snapshots: listed.length });
    } catch (e) {
      if (e instanceof RepoNotFound) continue; // the repository is gone; so are the snapshots
      await writeAudit({ actor, action: "backup.delete", target, outcome: "failure", details: { destinationId } });
      const why =
        e instanceof ResticError || e instanceof AppError ? e.message : "an unexpected error (see the server log)";
      throw new AppError(
        "unprocessable",
        `Could not delete the backup's snapshots in "${name}": ${why} Nothing was marked deleted; try again.`,
      );
    }
  }
  await markBackupsDeleted([id]);
  await writeAudit({
    actor,
    action: "backup.delete",
    target,
    details: { environmentId: row.environmentId, forgotten },
  });
  return { id, forgotten };
}
