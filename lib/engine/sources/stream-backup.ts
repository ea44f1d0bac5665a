/* Streams a dump tool's stdout into `restic backup --stdin`, and streams `restic dump` into a restore
 * client's stdin — with backpressure (plain pipes: neither the dump nor the restore is ever held in
 * memory or a temp file). Owns the rules that keep a half dump from counting as a backup:
 *  - the stream restic reads is only ENDED once the tool has exited 0; if the tool fails (non-zero exit,
 *    killed), restic is cancelled (SIGINT, through the wrapper's AbortSignal) before it sees EOF, so
 *    it never commits a snapshot of a truncated dump; if a snapshot slipped through anyway it is
 *    forgotten by id. The failure is DumpFailed carrying the tool's stderr.
 *  - a restore client's stdin is only ended once `restic dump` finished cleanly; if the dump fails the
 *    client is killed before EOF, so e.g. the mariadb client never commits a truncated SQL script.
 * Must not parse restic output (the wrapper does) or know which tool it is feeding. */
import { PassThrough, type Readable, type Transform } from "node:stream";
import { Cancelled } from "../errors";
import { backupStdin } from "../restic/backup";
import { forget } from "../restic/forget";
import { dumpFile } from "../restic/restore";
import type { BackupResult, OnProgress, Repo } from "../types";
import fs from "node:fs";
import { describeExit, exitedCleanly, OutputTail, type ToolExit, type ToolProcess } from "./child";
import { DumpFailed, DumpIncomplete, RestoreFailed } from "./errors";

/** How long restic gets to honour the cancel before its input is cut (which would end it with EOF). */
const CANCEL_GRACE_MS = 15_000;

export type StreamBackupOptions = {
  sourceName: string;
  filename: string;
  tags: string[];
  host: string;
  onProgress?: OnProgress;
  signal?: AbortSignal;
  /** The stream restic reads, fed from the tool's stdout (default: a plain pass-through). A tool whose
   * output needs a byte-level fix (pg_dump's header time) passes a transform; it is ended by the same
   * rule as the default, only after the tool exited cleanly. */
  gate?: Transform;
  /** Sees every byte the tool printed (before the gate) and, once the tool exited cleanly, says whether
   * the output is a whole dump; a problem stops restic before EOF, like a failed tool (DumpIncomplete). */
  observe?: StreamObserver;
};

/** A reader of the dump as it streams past: `verdict` is asked once the tool exited 0 and resolves to
 * null (the dump is whole) or the problem in words. */
export type StreamObserver = { push(chunk: Buffer): void; verdict(): Promise<string | null> };

/** What backupToolOutput reads from: a dump tool, or a file stream dressed up as one (see fileProducer). */
export type Producer = Pick<ToolProcess, "label" | "stdout" | "exited" | "kill" | "output">;

export async function backupToolOutput(repo: Repo, proc: Producer, opts: StreamBackupOptions): Promise<BackupResult> {
  const gate = opts.gate ?? new PassThrough({ highWaterMark: 1 << 20 });
  proc.stdout.pipe(gate, { end: false });
  const observer = opts.observe;
  if (observer) proc.stdout.on("data", (c: Buffer) => observer.push(c));
  const stdoutClosed = new Promise<void>((r) => proc.stdout.once("close", () => r()));

  const stopRestic = new AbortController();
  const onUserAbort = () => {
    stopRestic.abort(opts.signal?.reason);
    proc.kill("SIGTERM");
  };
  if (opts.signal?.aborted) onUserAbort();
  else opts.signal?.addEventListener("abort", onUserAbort, { once: true });

  // Which side failed first decides the error: a dump tool stopped because restic died (wrong password,
  // unreachable repository) must not hide restic's reason behind its own SIGTERM.
  let resticFailed = false;
  let toolFailedFirst = false;
  let incomplete = null as string | null;
  const producer = Promise.all([proc.exited, stdoutClosed]).then(async ([exit]) => {
    if (exitedCleanly(exit) && observer && !stopRestic.signal.aborted) {
      incomplete = await observer.verdict().catch((e: Error) => `its check could not run: ${e.message}`);
    }
    if (exitedCleanly(exit) && !stopRestic.signal.aborted && incomplete === null) {
      gate.end(); // the only place restic's input is allowed to end normally
    } else {
      if (incomplete !== null && !resticFailed) toolFailedFirst = true;
      if (!resticFailed && !exitedCleanly(exit)) toolFailedFirst = true;
      stopRestic.abort(new Error(incomplete ?? `${proc.label} ${describeExit(exit)}`));
      // If the wrapper does not stop restic in time, cut the input: restic then commits a snapshot of
      // the partial stream, which is forgotten below.
      setTimeout(() => gate.end(), CANCEL_GRACE_MS).unref();
    }
    return exit;
  });

  let result: BackupResult | undefined;
  let backupError: unknown;
  try {
    result = await backupStdin(repo, {
      stdin: gate,
      filename: opts.filename,
      tags: opts.tags,
      host: opts.host,
      onProgress: opts.onProgress,
      signal: stopRestic.signal,
    });
  } catch (e) {
    backupError = e;
    resticFailed = !toolFailedFirst;
    // restic is gone: stop the tool and drain its output so it cannot block on a full pipe.
    proc.stdout.unpipe(gate);
    proc.stdout.resume();
    proc.kill("SIGTERM");
  } finally {
    opts.signal?.removeEventListener("abort", onUserAbort);
  }
  const exit: ToolExit = await producer;

  const userCancelled = opts.signal?.aborted === true;
  if (!userCancelled && !toolFailedFirst) {
    if (backupError) throw backupError;
    if (exitedCleanly(exit) && incomplete === null) return result!;
  }
  const forgetNote = result ? await forgetQuietly(repo, result.snapshotId) : "";
  if (userCancelled) {
    throw backupError instanceof Cancelled
      ? backupError
      : new Cancelled(`The backup of "${opts.sourceName}" was cancelled.${forgetNote}`);
  }
  if (incomplete !== null && exitedCleanly(exit)) throw new DumpIncomplete(opts.sourceName, incomplete + forgetNote);
  throw new DumpFailed(opts.sourceName, proc.label, exit, proc.output.text() + forgetNote);
}

/** A finished file read as if a tool printed it: a read error counts as the tool failing. */
export function fileProducer(filePath: string, label: string): Producer {
  const stdout = fs.createReadStream(filePath, { highWaterMark: 1 << 20 });
  const output = new OutputTail();
  let failed = false;
  stdout.once("error", (e) => {
    failed = true;
    output.push(Buffer.from(`${label}: ${e.message}`));
  });
  let ended = false;
  stdout.once("end", () => (ended = true));
  const exited = new Promise<ToolExit>((resolve) =>
    stdout.once("close", () => resolve(failed || !ended ? { code: 1, signal: null } : { code: 0, signal: null })),
  );
  return { label, stdout, output, exited, kill: () => stdout.destroy() };
}

async function forgetQuietly(repo: Repo, snapshotId: string): Promise<string> {
  try {
    await forget(repo, { ids: [snapshotId] });
    return "";
  } catch (e) {
    return ` (The partial snapshot ${snapshotId.slice(0, 8)} could not be removed: ${(e as Error).message})`;
  }
}

/** The one file a dump snapshot holds. */
export type StoredFile = { snapshotId: string; path: string; size?: number };

export type StreamRestoreOptions = {
  sourceName: string;
  snapshotId: string;
  /** The file inside the snapshot, e.g. `/shop.pgdump`. */
  path: string;
  /** Its size, when known, for progress. */
  size?: number;
  signal?: AbortSignal;
  onProgress?: OnProgress;
  /** The target is still being prepared (a test restore's scratch database is created meanwhile): restic
   * starts reading at once, its output waits in the pipe, and the client is started once this resolves.
   * A rejection stops restic and is rethrown as it is. */
  targetReady?: Promise<unknown>;
};

/** Reports bytes read from a restore stream, at most four times a second, plus once at the end. */
export function countProgress(stream: Readable, size: number | undefined, onProgress?: OnProgress): void {
  if (!onProgress) return;
  const started = Date.now();
  let bytes = 0;
  let last = 0;
  const emit = () => {
    const total = size ?? 0;
    const percent = total > 0 ? Math.min(1, bytes / total) : 0;
    const rate = bytes / Math.max(1, (Date.now() - started) / 1000);
    onProgress({
      percent,
      bytesDone: bytes,
      bytesTotal: total,
      filesDone: 0,
      etaSeconds: total > 0 && rate > 0 ? Math.max(0, Math.round((total - bytes) / rate)) : undefined,
    });
  };
  stream.on("data", (c: Buffer) => {
    bytes += c.length;
    if (Date.now() - last >= 250) {
      last = Date.now();
      emit();
    }
  });
  stream.once("end", emit);
}

/** `restic dump` → the client's stdin. Resolves once both finished cleanly. `tool` is the client, or
 * how to start it once `opts.targetReady` resolved (restic is started first either way). */
export async function restoreIntoTool(
  repo: Repo,
  tool: ToolProcess | (() => ToolProcess),
  opts: StreamRestoreOptions,
): Promise<void> {
  const stopDump = new AbortController();
  let client: ToolProcess | undefined = typeof tool === "function" ? undefined : tool;
  const onUserAbort = () => {
    stopDump.abort(opts.signal?.reason);
    client?.kill("SIGTERM");
  };
  if (opts.signal?.aborted) onUserAbort();
  else opts.signal?.addEventListener("abort", onUserAbort, { once: true });
  let dumpError: unknown;
  try {
    const dump = dumpFile(repo, { snapshotId: opts.snapshotId, path: opts.path, signal: stopDump.signal });
    dump.stream.on("error", () => {});
    dump.done.catch(() => {}); // handled below; marked now, as restic may fail while the target is readied
    if (opts.targetReady) {
      try {
        await opts.targetReady;
      } catch (e) {
        // Nobody reads the stream yet: stop restic, drain what is in flight, and wait for it to exit.
        stopDump.abort(e);
        dump.stream.resume();
        await dump.done.catch(() => {});
        throw e;
      }
    }
    if (opts.signal?.aborted) {
      dump.stream.resume();
      await dump.done.catch(() => {});
      throw new Cancelled(`The restore of "${opts.sourceName}" was cancelled.`);
    }
    client ??= (tool as () => ToolProcess)();
    const proc = client;
    // The client's stdin is ended only after restic dump succeeded: a truncated script must never
    // reach EOF, because the client would then apply (and commit) the part it got.
    countProgress(dump.stream, opts.size, opts.onProgress);
    dump.stream.pipe(proc.stdin, { end: false });
    // `done` can resolve while the last chunks still sit in the stream's buffer: wait for its end too.
    const drained = new Promise<void>((r) => dump.stream.once("close", () => r()));
    let clientFailedFirst = false;
    let dumpFinished = false;
    let endedEarly = false;
    const clientExited = proc.exited.then((e) => {
      if (!exitedCleanly(e) && dumpError === undefined) {
        clientFailedFirst = true;
        // The client gave up: stop restic dump, and drain what is in flight so it cannot block.
        stopDump.abort(new Error(`${proc.label} ${describeExit(e)}`));
        dump.stream.unpipe(proc.stdin);
        dump.stream.resume();
      } else if (!dumpFinished) {
        // It ended "cleanly" before its input did: nothing reads the pipe any more, so drain the rest (or
        // the stream never closes and the restore waits forever) — and fail: it did not read the whole
        // dump, so "succeeded" could not be trusted.
        endedEarly = true;
        dump.stream.unpipe(proc.stdin);
        dump.stream.resume();
      }
      return e;
    });
    try {
      await dump.done;
      await drained;
      dumpFinished = true;
      proc.stdin.end();
    } catch (e) {
      dumpError = e;
      proc.kill("SIGKILL");
    }
    const exit = await clientExited;
    if (opts.signal?.aborted) throw new Cancelled(`The restore of "${opts.sourceName}" was cancelled.`);
    if (dumpError && !clientFailedFirst) throw dumpError;
    if (endedEarly) {
      throw new RestoreFailed(
        opts.sourceName,
        proc.label,
        "exited before it had read the whole backup",
        proc.output.text(),
      );
    }
    if (!exitedCleanly(exit)) {
      throw new RestoreFailed(opts.sourceName, proc.label, describeExit(exit), proc.output.text());
    }
  } finally {
    opts.signal?.removeEventListener("abort", onUserAbort);
  }
}
