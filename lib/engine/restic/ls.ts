/* Streamed snapshot listing: `restic ls --json` read with readline and yielded entry by entry, so a
 * listing of millions of files is never held in memory (readline's async iterator pauses restic's stdout
 * while the consumer is busy). Breaking out of the loop interrupts restic with SIGINT. Holds the
 * repository's shared in-process lock until the iteration ends. */
import readline from "node:readline";
import { Cancelled, classifyResticFailure } from "../errors";
import type { LsEntry, Repo } from "../types";
import { parseLsLine } from "./events";
import { acquireRepoLock } from "./repo-lock";
import { displayUrl, spawnRestic } from "./run";

export type LsOptions = {
  /** list only below this directory inside the snapshot (absolute, `/`-separated); recursive */
  path?: string;
  /** list just these entries (absolute; a folder also shows its direct children): restic walks only the
   * trees on the way to them, so looking up a few paths costs little in a snapshot of millions */
  only?: string[];
  signal?: AbortSignal;
};

export async function* lsSnapshot(repo: Repo, snapshotId: string, opts: LsOptions = {}): AsyncGenerator<LsEntry> {
  if (!/^[0-9a-f]{4,64}$|^latest$/.test(snapshotId)) throw new Error(`"${snapshotId}" is not a snapshot id`);
  const args = ["ls", "--json"];
  if (opts.only?.length) {
    if (opts.only.some((p) => !p.startsWith("/"))) throw new Error("ls paths must be absolute");
    args.push("--", snapshotId, ...opts.only);
  } else if (opts.path) {
    if (!opts.path.startsWith("/")) throw new Error(`ls path must be absolute: ${opts.path}`);
    args.push("--recursive", "--", snapshotId, opts.path);
  } else {
    args.push("--", snapshotId);
  }
  const release = await acquireRepoLock(repo.url, "shared", opts.signal);
  // Our own controller so an early `break` can stop restic without the caller's signal.
  const stop = new AbortController();
  const onOuterAbort = () => stop.abort();
  opts.signal?.addEventListener("abort", onOuterAbort, { once: true });
  let finished = false;
  let run: Awaited<ReturnType<typeof spawnRestic>> | undefined;
  try {
    run = await spawnRestic(repo, args, { signal: stop.signal });
    const rl = readline.createInterface({ input: run.stdout, crlfDelay: Infinity });
    for await (const line of rl) {
      const entry = parseLsLine(line);
      if (!entry) continue;
      // A requested directory itself is printed too; only list what is inside it.
      if (opts.path && entry.path === opts.path.replace(/\/+$/, "")) continue;
      yield entry;
    }
    const { code } = await run.exited;
    finished = true;
    if (opts.signal?.aborted) throw new Cancelled("Listing the snapshot was cancelled.");
    if (code !== 0)
      throw classifyResticFailure(code, run.stderrTail(), {
        what: "list the snapshot's files",
        repoUrl: displayUrl(repo.url),
      });
  } finally {
    if (!finished) {
      stop.abort();
      // Drain (and drop) what restic still writes: a paused stdout would never reach EOF, so the process
      // would never be seen to exit. Destroying it instead would kill restic by SIGPIPE before it can
      // remove its lock.
      run?.stdout.resume();
      // Wait for restic to release its repository lock before ours goes.
      await run?.exited.catch(() => undefined);
    }
    opts.signal?.removeEventListener("abort", onOuterAbort);
    release();
  }
}
