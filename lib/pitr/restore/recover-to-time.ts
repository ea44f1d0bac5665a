/* A restore to a time, up to a running copy: in a scratch folder, fetch the plan's base backup and WAL
 * (./fetch-recovery-files.ts; the WAL in the background, ./restore-command.ts waits for it), start the throwaway cluster with the target time, wait for it to promote,
 * hand it to `use` (pg_dump, a tar of the cluster, one table…), then stop and remove everything. When
 * the target lies after the last commit in the WAL, PostgreSQL stops with "recovery ended before
 * configured recovery target was reached": the state at that time is then the end of the WAL, so recovery
 * continues without a target. No database here. */
import type { Repo } from "@/lib/engine";
import type { Chain } from "../inventory/window";
import { type FetchOptions, fetchRecoveryFiles } from "./fetch-recovery-files";
import { writeRestoreCommand } from "./restore-command";
import {
  configureRecovery,
  lastReplayedCommit,
  RecoveryFailed,
  recoverAndPromote,
  stopCluster,
  withScratchFolder,
  type ScratchCluster,
} from "./scratch-cluster";

export type RecoverOptions = {
  signal?: AbortSignal;
  onPhase?: (phase: string, percent: number) => void | Promise<void>;
  timeoutMs?: number;
  /** how the files come out of the repository (defaults of ./fetch-recovery-files.ts; the bench compares) */
  fetch?: Omit<FetchOptions, "signal">;
};

export type Recovered<T> = { recoveredTo: string | null; walBytes: number; result: T };

export async function recoverToTime<T>(
  repo: Repo,
  chain: Chain,
  targetTime: string | null,
  use: (c: ScratchCluster) => Promise<T>,
  opts: RecoverOptions = {},
): Promise<Recovered<T>> {
  return withScratchFolder(async (dir) => {
    await opts.onPhase?.("Fetching the base backup and WAL", 5);
    // Replay starts as soon as the base backup is unpacked; the WAL keeps arriving meanwhile.
    const files = await fetchRecoveryFiles(repo, chain, dir, { ...opts.fetch, signal: opts.signal });
    const restoreCommand = await writeRestoreCommand(dir, files.expected);
    await opts.onPhase?.("Replaying WAL", 40);
    let cluster = await configureRecovery(dir, files, targetTime, restoreCommand);
    try {
      await recoverAndPromote(cluster, opts.timeoutMs ?? 3_600_000, opts.signal);
    } catch (e) {
      // A failed fetch is the reason, not what PostgreSQL made of the missing file.
      const fetchError = await files.walFetched.then(
        () => null,
        (x: unknown) => x,
      );
      if (fetchError) throw fetchError;
      if (!(e instanceof RecoveryFailed) || !/before configured recovery target was reached/.test(e.log)) throw e;
      cluster = await configureRecovery(dir, files, null, restoreCommand);
      await recoverAndPromote(cluster, opts.timeoutMs ?? 3_600_000, opts.signal);
    }
    const walBytes = await files.walFetched;
    try {
      const recoveredTo = await lastReplayedCommit(cluster);
      await opts.onPhase?.("Copying out of the recovered cluster", 70);
      const result = await use(cluster);
      return { recoveredTo, walBytes, result };
    } finally {
      await stopCluster(cluster);
    }
  });
}
