/* Reading data back: `restore` (a whole snapshot or selected paths into a target directory) and `dump`
 * (one file streamed, e.g. a database dump piped into pg_restore). Invariant for dump: a stream that
 * ends normally means restic exited 0; on any failure the stream is destroyed (never ended cleanly) and
 * `done` rejects with the typed error, so a truncated dump cannot pass for a complete one. */
import { PassThrough } from "node:stream";
import { Cancelled, RepoLocked, ResticError, classifyResticFailure } from "../errors";
import type { DumpHandle, DumpOptions, Repo, RestoreOptions } from "../types";
import { features, lockRetryPolicy, notifyLockRetry, resticVersion } from "./config";
import { acquireRepoLock, withRepoLock } from "./repo-lock";
import { displayUrl, runRestic, spawnRestic } from "./run";

const SNAPSHOT_ID = /^[0-9a-f]{4,64}$|^latest$/;

/** restic 0.14–0.17 print `restoring <Snapshot 1a2b3c4d of [/srv/app] at 2026-… by root@host> to /target`.
 * The text between the brackets is the snapshot's paths joined by spaces: a hint only (a path may hold
 * spaces), which callers must check against what was restored. */
const RESTORING_LINE = /^restoring <?snapshot [0-9a-f]+ of \[(.*)\] at \d{4}-\d{2}-\d{2} /i;

export async function restoreSnapshot(
  repo: Repo,
  opts: RestoreOptions,
): Promise<{ durationMs: number; pathsHint?: string }> {
  if (!SNAPSHOT_ID.test(opts.snapshotId)) throw new Error(`"${opts.snapshotId}" is not a snapshot id`);
  const args = ["restore", "--target", opts.target];
  for (const p of opts.include ?? []) args.push("--include", p);
  args.push("--", opts.snapshotId);
  return withRepoLock(
    repo.url,
    "shared",
    async () => {
      const started = Date.now();
      let pathsHint: string | undefined;
      await runRestic(repo, args, {
        what: "restore",
        signal: opts.signal,
        onStdoutLine: (l) => {
          pathsHint ??= RESTORING_LINE.exec(l)?.[1];
        },
      });
      return { durationMs: Date.now() - started, pathsHint };
    },
    opts.signal,
  );
}

export function dumpFile(repo: Repo, opts: DumpOptions): DumpHandle {
  if (!SNAPSHOT_ID.test(opts.snapshotId)) throw new Error(`"${opts.snapshotId}" is not a snapshot id`);
  if (!opts.path.startsWith("/")) throw new Error(`dump path must be absolute inside the snapshot: ${opts.path}`);
  const stream = new PassThrough({ highWaterMark: 1 << 20 });
  const fail = (err: Error) => {
    // Only hand the error to the stream when someone listens: an unheard 'error' would crash the process.
    if (stream.listenerCount("error") > 0) stream.destroy(err);
    else stream.destroy();
    throw err;
  };
  // The reader may stop early (destroys the stream, e.g. pg_restore died): then restic is interrupted
  // and its remaining output drained, so it can exit and remove its lock.
  const stop = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
  let finished = false;
  let current: Awaited<ReturnType<typeof spawnRestic>> | undefined;
  stream.once("close", () => {
    if (finished) return;
    stop.abort();
    current?.stdout.unpipe(stream);
    current?.stdout.resume();
  });
  const done = (async () => {
    const release = await acquireRepoLock(repo.url, "shared", signal).catch(fail);
    try {
      const policy = lockRetryPolicy();
      const attempts = features(await resticVersion()).retryLock ? 1 : policy.attempts;
      let delay = policy.initialDelayMs;
      for (let attempt = 1; ; attempt++) {
        if (signal.aborted) fail(new Cancelled("Reading the file from the backup was cancelled."));
        const run = await spawnRestic(repo, ["dump", "--", opts.snapshotId, opts.path], { signal });
        current = run;
        let bytes = 0;
        run.stdout.on("data", (c: Buffer) => {
          bytes += c.length;
        });
        run.stdout.pipe(stream, { end: false });
        const { code } = await run.exited;
        if (run.cancelled() || signal.aborted) {
          // A reader that stopped is the reader's failure (reported by its owner), not a user's cancel.
          fail(
            opts.signal?.aborted
              ? new Cancelled("Reading the file from the backup was cancelled.")
              : new ResticError("The reader stopped before the whole file was read from the backup."),
          );
        }
        if (code === 0) {
          await new Promise<void>((resolve) => {
            if (run.stdout.readableEnded) resolve();
            else run.stdout.once("end", () => resolve());
          });
          finished = true;
          stream.end();
          return;
        }
        const err = classifyResticFailure(code, run.stderrTail(), {
          what: "read the file from the backup",
          repoUrl: displayUrl(repo.url),
        });
        if (err instanceof RepoLocked && bytes === 0 && attempt < attempts) {
          run.stdout.unpipe(stream);
          notifyLockRetry({
            repoUrl: displayUrl(repo.url),
            what: "dump",
            attempt,
            delayMs: delay,
            message: err.message,
          });
          await new Promise((r) => setTimeout(r, delay));
          delay = Math.min(policy.maxDelayMs, delay * 2);
          continue;
        }
        fail(err);
      }
    } finally {
      release();
    }
  })();
  done.catch(() => undefined);
  return { stream, done };
}
