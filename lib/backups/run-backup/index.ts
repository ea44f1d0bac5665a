/* One backup run over all sources of an environment: open destinations → back up the sources (up to
 * LIFEBOAT_BACKUP_PARALLEL_SOURCES at once; one at a time when hooks run, so one source's post hook
 * never runs while another is still inside its pre/post window) → verify the snapshots are listed →
 * verify the backup (its checks, written on its row: verify-backup.ts) → settle → raise or resolve its
 * verification alerts. Folder indexes are written alongside and awaited before the run settles. Snapshots carry
 * `lifeboat env:<envId> source:<sourceId> backup:<backupId> trigger:<…>` and `--host <env slug>`. The backup job runs it, and so does a restore
 * taking a safety backup (lib/backups/safety-backup.ts). It does not choose destinations or retention
 * (lib/backup-settings). A retried attempt keeps the snapshots an earlier attempt finished, and clears
 * stale restic locks first. Rows are written through lib/backups/backup-rows.ts. */
import "server-only";
import { env as processEnv } from "@/lib/env";
import { loadEnvironmentForBackup } from "@/lib/environments/environment-for-job";
import { safetyPathsFor, sourcesInScope, type SafetyScope } from "@/lib/restores/safety-scope";
import { errorInfo } from "@/lib/error-info";
import { FINISHED_BACKUP, markBackupRunning, readBackupRow, SnapshotRows } from "../backup-rows";
import { backUpSource } from "./back-up-source";
import { RunProgress, type BackupRun } from "./backup-run";
import { expectedPairSizes } from "./expected-sizes";
import { indexSavedFolder } from "./index-files";
import { openDestinations } from "./open-destinations";
import type { RunStatus } from "./outcome";
import { settleBackup } from "./settle";
import { syncVerificationAlerts } from "./verification-alerts";
import { prefetchSizeHistories, type ProofLog, type SizeHistories, verifyBackup } from "./verify-backup";
import { verifySnapshots } from "./verify-snapshots";

export type { BackupRun } from "./backup-run";

export type BackupRunOutcome = { status: RunStatus; error?: { code: string; message: string } | null };

/** `scope` narrows the run to what a restore replaces (its safety backup); absent: every source.
 * `environmentId`: the backup's environment when the caller knows it (the job's payload), read at the
 * same time as the backup row. */
export async function runBackup(
  run: BackupRun,
  backupId: string,
  scope: SafetyScope | null = null,
  environmentId?: string,
): Promise<BackupRunOutcome> {
  // The environment, its sources (with their sealed secrets: no per-source read later) and its
  // settings in two queries, at the same time as the backup row when the environment is known.
  const early = environmentId ? loadEnvironmentForBackup(environmentId) : undefined;
  early?.catch(() => {}); // awaited below; a run that ends early never looks at it
  const b = await readBackupRow(backupId);
  if (!b) return { status: "failed", error: { code: "not_found", message: "The backup row is gone." } };
  if ((FINISHED_BACKUP as readonly string[]).includes(b.status)) return { status: b.status as RunStatus };
  const {
    env,
    sources: allSources,
    settings,
  } = await (b.environmentId === environmentId && early ? early : loadEnvironmentForBackup(b.environmentId));
  const sources = sourcesInScope(allSources, scope);
  // What does not depend on each other, at once.
  const [, rows, opened, expected] = await Promise.all([
    markBackupRunning(b),
    SnapshotRows.load(backupId),
    openDestinations(run, settings.destinationIds),
    // A safety backup of selected files is smaller than the folder's last snapshot: no estimate for it.
    scope?.some((x) => x.paths) ? new Map<string, number>() : expectedPairSizes(env.id),
  ]);
  // The environment's compression level goes with every restic call of this run (backups write data).
  const repos = opened.repos.map((r) => ({ ...r, repo: { ...r.repo, compression: settings.compression } }));
  const { unavailable } = opened;
  const tracker = new RunProgress(run, sources.length * settings.destinationIds.length, expected);
  const tags = ["lifeboat", `env:${env.id}`, `backup:${backupId}`, `trigger:${b.trigger}`];
  const runsHooks = !b.live && (!!settings.hooks || sources.some((src) => !!src.hooks));
  const parallel = runsHooks ? 1 : processEnv().LIFEBOAT_BACKUP_PARALLEL_SOURCES;
  const indexing: Promise<void>[] = [];
  const proof: ProofLog = new Map();
  const safety = b.trigger === "safety";
  // The size checks' history does not depend on this run: read once the first snapshot is saved (not
  // before the first restic start), while the other restic processes still work, not after them.
  let sizeHistories: SizeHistories | undefined;
  let cancelled = false;
  await forEachBounded(sources, parallel, async (src) => {
    if (cancelled) return;
    const result = await backUpSource(run, {
      src,
      repos,
      unavailable,
      rows,
      tags,
      host: env.slug,
      hooks: settings.hooks,
      live: b.live,
      ...safetyPathsFor(scope, src.id),
      tracker,
      proof,
      onSaved: (row, r, res, parent) => {
        if (!safety) sizeHistories ??= prefetchSizeHistories(sources, backupId);
        indexing.push(indexSavedFolder(run, row, r, res, parent));
      },
    });
    if (result === "cancelled") cancelled = true;
  });
  await Promise.all(indexing);
  if (cancelled) await rows.cancelOpen();

  await verifySnapshots(run, backupId, repos, rows);
  // The verification is written with the outcome, in the same update (settle.ts).
  const verification = cancelled
    ? undefined
    : await verifyBackup(run, { backupId, sources, repos, rows, proof, safety, sizeHistories });
  const outcome = await settleBackup(run, b, sources.length * settings.destinationIds.length, cancelled, {
    rows: rows.rows,
    verification,
  });
  if (!cancelled && b.trigger !== "safety") {
    await syncVerificationAlerts().catch((e) =>
      run.log("warn", `Verification alerts could not be updated: ${errorInfo(e).message}`),
    );
  }
  return outcome;
}

/** Runs `fn` over `items`, at most `limit` at once, in order of start. */
async function forEachBounded<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
