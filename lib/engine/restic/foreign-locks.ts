/* Before a stdin backup on restic < 0.16 (no `--retry-lock`): wait while another process holds an
 * exclusive lock on the repository (prune, check, forget elsewhere). A stdin backup cannot be retried
 * once data was streamed into it, so it must not start into a lock conflict. Reads the lock files with
 * `restic list locks --no-lock` + `restic cat lock <id> --no-lock` (JSON with `exclusive`, `hostname`,
 * `pid`), waits with the lock-retry policy's backoff (bounded, AbortSignal respected, each wait reported
 * through onLockRetry), and clears a stale exclusive lock (dead holder on this host, stale-locks.ts) with
 * a plain `restic unlock`. A local repository with an empty locks folder is known to be free without
 * starting restic (local-repo.ts). Never removes a live or foreign lock. A lock taken in the instant between this
 * check and restic's own start still fails the backup with RepoLocked (not retried). */
import { z } from "zod";
import { Cancelled, RepoLocked, ResticError } from "../errors";
import type { Repo } from "../types";
import { lockRetryPolicy, notifyLockRetry } from "./config";
import { localHasLocks } from "./local-repo";
import { displayUrl, removeStaleLocks, runRestic, sleep } from "./run";
import { isStaleHolder } from "./stale-locks";

const ZLockFile = z.object({
  time: z.string(),
  exclusive: z.boolean().default(false),
  hostname: z.string(),
  username: z.string().default(""),
  pid: z.number(),
});

export type ResticLockFile = { id: string; exclusive: boolean; host: string; user: string; pid: number; time: string };

/** The locks in a repository right now. A lock removed while we read it is skipped. */
export async function readLockFiles(repo: Repo, signal?: AbortSignal): Promise<ResticLockFile[]> {
  const ids: string[] = [];
  await runRestic(repo, ["list", "locks", "--no-lock"], {
    what: "list the repository locks",
    retryLock: false,
    signal,
    onStdoutLine: (l) => {
      if (/^[0-9a-f]{64}$/.test(l.trim())) ids.push(l.trim());
    },
  });
  const out: ResticLockFile[] = [];
  for (const id of ids) {
    let doc = "";
    try {
      await runRestic(repo, ["cat", "lock", id, "--no-lock"], {
        what: "read a repository lock",
        retryLock: false,
        signal,
        onStdoutLine: (l) => (doc += l + "\n"),
      });
    } catch (e) {
      // Gone since it was listed (its operation finished): not a lock any more. Typed errors
      // (unreachable, wrong password, cancelled) are real problems and pass through.
      if (e instanceof ResticError && e.constructor === ResticError) continue;
      throw e;
    }
    const r = ZLockFile.safeParse(JSON.parse(doc || "null"));
    if (!r.success) continue;
    out.push({
      id,
      exclusive: r.data.exclusive,
      host: r.data.hostname,
      user: r.data.username,
      pid: r.data.pid,
      time: r.data.time,
    });
  }
  return out;
}

function lockTimeUtc(t: string): string {
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? t : d.toISOString().slice(0, 19).replace("T", " ");
}

/** Resolve once no other process holds an exclusive lock; RepoLocked when one is still held after the
 * lock-retry policy's waits, Cancelled when the signal fires. */
export async function waitForExclusiveLocks(repo: Repo, opts: { what: string; signal?: AbortSignal }): Promise<void> {
  const policy = lockRetryPolicy();
  let delay = policy.initialDelayMs;
  const cleared = new Set<string>();
  for (let waits = 0; ; ) {
    if (opts.signal?.aborted) throw new Cancelled(`The ${opts.what} operation was cancelled.`);
    // A local repository with an empty locks folder has no lock at all: no restic start needed.
    if ((await localHasLocks(repo)) === false) return;
    const exclusive = (await readLockFiles(repo, opts.signal)).filter((l) => l.exclusive);
    if (!exclusive.length) return;
    const stale = exclusive.find((l) => !cleared.has(l.id) && isStaleHolder(l));
    if (stale) {
      cleared.add(stale.id);
      await removeStaleLocks(repo, stale, { what: opts.what, attempt: waits + 1, signal: opts.signal });
      continue;
    }
    const held = exclusive[0];
    const message =
      `The repository at ${displayUrl(repo.url)} is locked exclusively by process ${held.pid} on ${held.host}` +
      `${held.user ? ` (${held.user})` : ""} since ${lockTimeUtc(held.time)} UTC.`;
    if (waits >= policy.attempts - 1) {
      throw new RepoLocked(
        `${message} Wait for that operation to finish; if it crashed, remove the stale lock (unlock) and try again.`,
        { lockedBy: { pid: held.pid, host: held.host, user: held.user }, lockedAt: lockTimeUtc(held.time) },
      );
    }
    waits++;
    notifyLockRetry({
      repoUrl: displayUrl(repo.url),
      what: opts.what,
      attempt: waits,
      delayMs: delay,
      message: `${message} Waiting before streaming the backup.`,
    });
    await sleep(delay, opts.signal);
    delay = Math.min(policy.maxDelayMs, delay * 2);
  }
}
