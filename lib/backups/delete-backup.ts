/* Deleting a backup (the route checked the admin role; this service trusts its actor) removes it
 * EVERYWHERE: its snapshots are forgotten in every destination it wrote to and in every copy target a
 * copy of it reached (lib/copies; a copy keeps the backup's tags) — found by the `backup:<id>` tag, so a
 * stray snapshot of the same run is forgotten too — then the row is marked deleted. Each destination's
 * rows are marked forgotten as soon as its forget succeeds; every place is tried, and if any fails the
 * backup stays listed with what still holds it (settleForgottenBackups: "only on copy" when the primaries are done)
 * and the error names that destination — a retry finishes the rest. Its copies still queued are
 * cancelled first (lib/copies/cancel-queued-copies.ts: they would land after the delete); one that is
 * running refuses the delete (409) — wait for it.
 * Space is freed by the next prune (the retention job), not here: a prune holds the repository alone
 * and can take minutes. Forgetting holds the destination's repository lock exclusively (a busy repository
 * fails after a minute with RepositoryBusy). Refuses a running backup (cancel it first). Audited, also
 * when refused. */
import "server-only";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { writeAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { backupCopies, backupSnapshots } from "@/lib/db/schema";
import { cancelQueuedCopies } from "@/lib/copies/cancel-queued-copies";
import { getDestination } from "@/lib/destinations/get-destination";
import { loadDestinationRepo } from "@/lib/destinations/load-destination-repo";
import { withRepositoryLock } from "@/lib/destinations/repository-lock";
import { forget, listSnapshots, RepoNotFound, ResticError } from "@/lib/engine";
import { AppError } from "@/lib/errors";
import { markBackupsDeleted, markSnapshotsForgotten, settleForgottenBackups } from "./backup-rows";
import { getBackupRow } from "./get-backup";

export type DeleteBackupResult = {
  id: string;
  forgotten: { destinationId: string; role: "primary" | "copy"; snapshots: number }[];
  /** backup_copies ids of the copies that were only queued and are now cancelled */
  cancelledCopies: string[];
};

export async function deleteBackup(id: string, actor: Actor): Promise<DeleteBackupResult> {
  const row = await getBackupRow(id);
  const target = { type: "backup", id, name: `${row.trigger} backup of ${row.createdAt.toISOString()}` };
  if (row.status === "queued" || row.status === "running") {
    throw new AppError("conflict", "This backup is still running. Cancel it first, then delete it.");
  }
  const snaps = await getDb().select().from(backupSnapshots).where(eq(backupSnapshots.backupId, id));
  // Queued copies are cancelled (none may land after the delete); a running one refuses it (409).
  const cancelledCopies = await cancelQueuedCopies(
    await getDb().select().from(backupCopies).where(eq(backupCopies.backupId, id)),
  );
  const copies = await getDb().select().from(backupCopies).where(eq(backupCopies.backupId, id));
  // A cancelled copy that never started left nothing in its target: forgotten without going there.
  const unstarted = copies.filter((c) => cancelledCopies.includes(c.id) && c.attempts === 0).map((c) => c.id);
  if (unstarted.length)
    await getDb().update(backupCopies).set({ forgottenAt: new Date() }).where(inArray(backupCopies.id, unstarted));
  const places: { destinationId: string; role: "primary" | "copy" }[] = [];
  for (const s of snaps)
    if (!s.forgottenAt && !places.some((p) => p.destinationId === s.destinationId))
      places.push({ destinationId: s.destinationId, role: "primary" });
  // Failed copies too: a copy of several snapshots can fail after some of them arrived.
  for (const c of copies)
    if (!c.forgottenAt && !unstarted.includes(c.id) && !places.some((p) => p.destinationId === c.destinationId))
      places.push({ destinationId: c.destinationId, role: "copy" });
  const forgotten: DeleteBackupResult["forgotten"] = [];
  const failed: { destinationId: string; role: string; name: string; why: string }[] = [];
  // Every place is tried, even after one fails: what can be removed is removed.
  for (const { destinationId, role } of places) {
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
      forgotten.push({ destinationId, role, snapshots: listed.length });
      await markForgottenIn(id, destinationId);
    } catch (e) {
      if (e instanceof RepoNotFound) {
        await markForgottenIn(id, destinationId); // the repository is gone; so are the snapshots
        continue;
      }
      const why =
        e instanceof ResticError || e instanceof AppError ? e.message : "an unexpected error (see the server log)";
      failed.push({ destinationId, role, name, why });
    }
  }
  if (failed.length) {
    await settleForgottenBackups([id]);
    await writeAudit({
      actor,
      action: "backup.delete",
      target,
      outcome: "failure",
      details: {
        failed: failed.map((f) => ({ destinationId: f.destinationId, role: f.role })),
        forgotten,
        cancelledCopies,
      },
    });
    const where = failed.map((f) => `"${f.name}": ${f.why}`).join(" ");
    const done = forgotten.length
      ? `It was removed from the ${forgotten.length} other destination(s); the backup stays listed with what still holds it.`
      : "Nothing was removed.";
    throw new AppError("unprocessable", `Could not delete the backup's snapshots in ${where} ${done} Try again.`);
  }
  await markBackupsDeleted([id]);
  await writeAudit({
    actor,
    action: "backup.delete",
    target,
    details: { environmentId: row.environmentId, forgotten, cancelledCopies },
  });
  return { id, forgotten, cancelledCopies };
}

/** The backup's snapshot rows and copy row in this destination: forgotten there. */
async function markForgottenIn(backupId: string, destinationId: string): Promise<void> {
  const rows = await getDb()
    .select({ id: backupSnapshots.id })
    .from(backupSnapshots)
    .where(and(eq(backupSnapshots.backupId, backupId), eq(backupSnapshots.destinationId, destinationId)));
  await markSnapshotsForgotten(rows.map((r) => r.id));
  await getDb()
    .update(backupCopies)
    .set({ forgottenAt: new Date() })
    .where(
      and(
        eq(backupCopies.backupId, backupId),
        eq(backupCopies.destinationId, destinationId),
        isNull(backupCopies.forgottenAt),
      ),
    );
}
