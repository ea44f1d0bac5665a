/* Retention on a copy target: the target's own policy (or the environment's when it has none) over the
 * environment's copies held in that repository, decided by the same applyRetention as the primary (manual
 * and safety backups untouched, the newest good copy never removed). The removed copies' snapshots are
 * forgotten by id (ids already gone count as forgotten), their rows marked forgotten, and the repository
 * pruned, holding the target's lock exclusively. The primary's own retention (lib/backups/run-retention.ts)
 * never touches a copy target, and this never touches the primary, so each destination keeps what its own policy says.
 * A backup whose primary snapshots are forgotten already is deleted here when its last copy goes. */
import "server-only";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { getEffectiveSettings } from "@/lib/backup-settings/effective-settings";
import { getDb } from "@/lib/db";
import { backupCopies, backups } from "@/lib/db/schema";
import { withRepositoryLock } from "@/lib/destinations/repository-lock";
import { forget, prune, type Repo } from "@/lib/engine";
import { settleForgottenBackups } from "@/lib/backups/backup-rows";
import { applyRetention, describePolicy, resolvePolicy } from "@/lib/retention";

export type CopyRetentionResult = { policy: string; kept: number; removed: number };

export async function applyCopyRetention(
  environmentId: string,
  target: { destinationId: string; repo: Repo },
  opts: { signal?: AbortSignal; now?: Date } = {},
): Promise<CopyRetentionResult> {
  const settings = await getEffectiveSettings(environmentId);
  const own = settings.copies.find((c) => c.destinationId === target.destinationId)?.retention;
  const policy = resolvePolicy(own ?? settings.retention);
  return withRepositoryLock(
    target.destinationId,
    "exclusive",
    async () => {
      const rows = await getDb()
        .select({ copy: backupCopies, backup: backups })
        .from(backupCopies)
        .innerJoin(backups, eq(backups.id, backupCopies.backupId))
        .where(
          and(
            eq(backups.environmentId, environmentId),
            eq(backupCopies.destinationId, target.destinationId),
            eq(backupCopies.status, "succeeded"),
            isNull(backupCopies.forgottenAt),
          ),
        );
      const decision = applyRetention(
        rows.map(({ backup: b }) => ({
          id: b.id,
          time: b.startedAt ?? b.createdAt,
          trigger: b.trigger,
          status: b.status,
        })),
        policy,
        opts.now ?? new Date(),
        { maxManualBackups: settings.maxManualBackups, timezone: settings.timezone },
      );
      const removeIds = new Set(decision.remove.map((d) => d.id));
      const removed = rows.filter((r) => removeIds.has(r.backup.id));
      const snapshotIds = removed.flatMap((r) => r.copy.snapshotIds);
      // missingOk: a run killed after `forget` but before the rows were marked leaves them gone already
      // (the fault suite's kill -9); the next run counts them as forgotten instead of failing on them.
      // The rows are marked before the prune, so a kill during the prune leaves no row claiming them.
      if (snapshotIds.length) await forget(target.repo, { ids: snapshotIds, missingOk: true });
      if (removed.length)
        await getDb()
          .update(backupCopies)
          .set({ forgottenAt: new Date() })
          .where(
            inArray(
              backupCopies.id,
              removed.map((r) => r.copy.id),
            ),
          );
      // A backup the primary's retention already forgot is gone once its last copy is.
      await settleForgottenBackups(removed.map((r) => r.backup.id));
      if (snapshotIds.length) await prune(target.repo, { signal: opts.signal });
      return { policy: describePolicy(policy), kept: rows.length - removed.length, removed: removed.length };
    },
    { signal: opts.signal, purpose: "copy retention" },
  );
}
