/* `restic copy` between two repositories (off-site copies, lib/copies). The source repository reaches
 * restic only through RESTIC_FROM_REPOSITORY / RESTIC_FROM_PASSWORD and its provider variables (never
 * argv); restic 0.14 decrypts with the source's key and re-encrypts with the target's. Both repositories
 * are held `shared` in-process (restic's own locks on both are non-exclusive, so a backup into either may
 * run meanwhile). Copying is idempotent: a snapshot the target already holds is skipped and reported with
 * its id there. The result names the target's full snapshot ids (restic prints short ones). A target
 * meant for copies is best created with `initRepo(to, { copyChunkerParamsFrom: from })` so its own later
 * backups deduplicate against the copied data. */
import type { CopyOptions, CopyResult, Repo } from "../types";
import { tagFilterArgs } from "./command";
import { createCopyParser } from "./events";
import { acquireRepoLock, withRepoLock } from "./repo-lock";
import { runRestic } from "./run";
import { listSnapshotsUnlocked } from "./snapshots";

/** Copy snapshots from `from` into `to` (both unlocked by their passwords; restic re-encrypts). */
export async function copySnapshots(from: Repo, to: Repo, opts: CopyOptions = {}): Promise<CopyResult> {
  const args = ["copy", ...tagFilterArgs(opts.tags)];
  if (opts.host) args.push("--host", opts.host);
  if (opts.snapshotIds?.length) args.push("--", ...opts.snapshotIds);
  const releaseFrom = from.url === to.url ? () => {} : await acquireRepoLock(from.url, "shared", opts.signal);
  try {
    return await withRepoLock(
      to.url,
      "shared",
      async () => {
        const parser = createCopyParser();
        await runRestic(to, args, {
          what: "copy snapshots",
          fromRepo: from,
          onStdoutLine: parser.feed,
          onAttempt: parser.reset,
          signal: opts.signal,
        });
        const { copied, skipped } = parser.result();
        const shortIds = [...copied, ...skipped].map((c) => c.to);
        const listed = shortIds.length ? await listSnapshotsUnlocked(to, { ids: shortIds, signal: opts.signal }) : [];
        const targetSnapshotIds = shortIds
          .map((s) => listed.find((l) => l.id.startsWith(s))?.id)
          .filter((id): id is string => !!id);
        return { copied, skipped, targetSnapshotIds };
      },
      opts.signal,
    );
  } finally {
    releaseFrom();
  }
}
