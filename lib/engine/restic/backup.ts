/* Backups: of paths, and of a stream on stdin. Owns turning restic's `backup --json` event stream into a
 * BackupResult: progress forwarded unthrottled (callers throttle), unreadable files collected from the
 * error events, the summary required (a run without one is an error, never a success), exit 3 reported
 * as PartialBackup carrying the result, and the full 64-hex snapshot id resolved (0.14 prints 8 chars).
 * Backups share the repository with each other (in-process shared lock). A stdin backup on restic < 0.16
 * first waits out other processes' exclusive locks (foreign-locks.ts): it cannot be retried once data
 * was streamed. */
import path from "node:path";
import { PartialBackup, ResticError } from "../errors";
import type { BackupPathsOptions, BackupResult, BackupStdinOptions, OnProgress, Repo } from "../types";
import { backupArgs, type BackupArgsInput } from "./command";
import { features, resticVersion } from "./config";
import { waitForExclusiveLocks } from "./foreign-locks";
import { parseBackupLine, statusToProgress, type BackupSummary } from "./events";
import { withRepoLock } from "./repo-lock";
import { runRestic } from "./run";
import { resolveSnapshotId } from "./snapshots";

/** Whether the saved folder's tree is its parent's. restic counts a folder "changed" when its entry
 * differs (its own metadata, or anything inside it), and also counts the folders above the backed-up
 * path (`/srv`, `/srv/www` for `/srv/www/site`): a file created next to the folder changes `/srv/www`'s
 * mtime and so both of those entries. When nothing inside changed, at most those ancestors changed;
 * when anything inside did, the folder itself and all its ancestors did — one more than the ancestors.
 * So with one path, `dirs_changed` up to the number of its ancestors still means the tree inside is the
 * parent's (the folder's own entry, which sits in its parent's listing, is then unchanged too). */
export function treeUnchanged(summary: BackupSummary, paths?: string[]): boolean {
  const ancestors =
    paths?.length === 1 ? Math.max(0, path.resolve(paths[0]!).split("/").filter(Boolean).length - 1) : 0;
  return (
    summary.files_new === 0 &&
    summary.files_changed === 0 &&
    summary.dirs_new === 0 &&
    summary.dirs_changed !== undefined &&
    summary.dirs_changed <= ancestors &&
    (summary.files_unmodified > 0 || (summary.dirs_unmodified ?? 0) > 0)
  );
}

/** Cap on collected unreadable paths so a tree of a million broken files can't exhaust memory. */
const MAX_UNREADABLE = 1000;

export function backupPaths(repo: Repo, opts: BackupPathsOptions): Promise<BackupResult> {
  return runBackup(
    repo,
    {
      paths: opts.paths,
      excludes: opts.excludes,
      tags: opts.tags,
      host: opts.host,
      time: opts.time,
      parent: opts.parent,
    },
    opts,
  );
}

export function backupStdin(repo: Repo, opts: BackupStdinOptions): Promise<BackupResult> {
  // Listen at once: the stream may fail while we wait for the repository lock, and an unheard 'error'
  // would crash the process. run.ts sees it through `stream.errored` and interrupts restic.
  opts.stdin.on("error", () => undefined);
  return runBackup(
    repo,
    { stdinFilename: opts.filename, tags: opts.tags, host: opts.host, time: opts.time },
    opts,
    opts.stdin,
  );
}

async function runBackup(
  repo: Repo,
  input: BackupArgsInput,
  opts: { onProgress?: OnProgress; signal?: AbortSignal },
  stdin?: BackupStdinOptions["stdin"],
): Promise<BackupResult> {
  const args = backupArgs(input);
  return withRepoLock(
    repo.url,
    "shared",
    async () => {
      // restic ≥ 0.16 waits for locks itself (--retry-lock), before it reads stdin.
      if (stdin && !features(await resticVersion()).retryLock)
        await waitForExclusiveLocks(repo, { what: "back up", signal: opts.signal });
      const started = Date.now();
      let summary: BackupSummary | undefined;
      const unreadable: string[] = [];
      const warnings: string[] = [];
      const onLine = (line: string) => {
        const ev = parseBackupLine(line);
        if (!ev) return;
        if (ev.type === "status") opts.onProgress?.(statusToProgress(ev.status));
        else if (ev.type === "summary") summary = ev.summary;
        else if (ev.type === "error") {
          if (unreadable.length < MAX_UNREADABLE) unreadable.push(ev.item);
          if (warnings.length < MAX_UNREADABLE) warnings.push(`${ev.item || "(unknown)"}: ${ev.message}`);
        }
      };
      const { exitCode, stderr } = await runRestic(repo, args, {
        what: "back up",
        stdin,
        // restic 0.14 prints error events on stderr, newer versions on stdout: read both.
        onStdoutLine: onLine,
        onStderrLine: (l) => {
          if (l.startsWith("{")) onLine(l);
        },
        okCodes: [0, 3],
        signal: opts.signal,
        extraEnv: { RESTIC_PROGRESS_FPS: "4" },
        // Status lines arrive 4×/s while restic runs: silence or retries without progress mean a stall.
        watchdog: { heartbeat: true },
      });
      if (!summary) {
        throw new ResticError(
          "restic finished the backup without reporting a summary, so no snapshot can be trusted. Run the backup again; if it keeps failing, check the repository.",
          { exitCode, stderr },
        );
      }
      const full = await resolveSnapshotId(repo, summary.snapshot_id);
      const result: BackupResult = {
        snapshotId: full,
        shortId: full.slice(0, 8),
        totalBytes: summary.total_bytes_processed,
        addedBytes: summary.data_added,
        totalFiles: summary.total_files_processed,
        filesNew: summary.files_new,
        filesChanged: summary.files_changed,
        treeUnchanged: treeUnchanged(summary, input.paths),
        durationMs: Math.round(summary.total_duration * 1000) || Date.now() - started,
        warnings,
      };
      if (exitCode === 3) throw new PartialBackup(result, unreadable, { exitCode, stderr });
      return result;
    },
    opts.signal,
  );
}
