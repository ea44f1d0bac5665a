/* Spawns restic (no shell) and drives one run: environment and global flags from command.ts, stdout and
 * stderr read line by line, stderr kept to its last ~1 KB, AbortSignal → SIGINT (restic removes its
 * lock on SIGINT; SIGTERM would leave it stale), retry with backoff while another process holds the
 * repository lock (cleared at once instead when its holder is a dead process on this host, see
 * stale-locks.ts), and a stall watchdog (stall-watchdog.ts) that interrupts restic when the destination
 * stopped responding, ending in RepoUnreachable instead of minutes of restic's own retries. Nothing else
 * in the code base starts restic. */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir } from "node:fs/promises";
import readline from "node:readline";
import type { Readable } from "node:stream";
import { Cancelled, RepoLocked, ResticError, classifyResticFailure } from "../errors";
import type { Repo } from "../types";
import { buildResticEnv, globalArgs } from "./command";
import { features, lockRetryPolicy, notifyLockRetry, resticBin, resticVersion, stallPolicy } from "./config";
import { isStaleHolder } from "./stale-locks";
import { STDERR_KEEP, displayUrl, redactSecrets, tailText } from "./output-text";
import { createStallWatchdog, stalledError, type StallVerdict } from "./stall-watchdog";

export { STDERR_KEEP, displayUrl, redactSecrets, tailText };

/** After SIGINT, how long restic gets to clean up before it is killed outright. */
const CANCEL_GRACE_MS = 30_000;

export type SpawnOptions = {
  fromRepo?: Repo;
  extraEnv?: Record<string, string>;
  /** a stream piped into restic's stdin; "ignore" otherwise */
  stdin?: Readable;
  /** text written to restic's stdin, then closed (e.g. a new key's password: never argv or disk) */
  stdinText?: string;
  onStderrLine?: (line: string) => void;
  signal?: AbortSignal;
  /** add `--retry-lock` when this restic supports it (default true) */
  retryLockFlag?: boolean;
  /** interrupt restic when the destination stops responding; `heartbeat`: restic prints status lines
   * continuously (backup with RESTIC_PROGRESS_FPS), so total silence is a stall too. The caller must
   * feed stdout lines to `stdoutLine`. */
  watchdog?: { heartbeat?: boolean };
};

export type SpawnedRestic = {
  child: ChildProcess;
  stdout: Readable;
  /** resolves when the process has exited and stderr is fully read */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderrTail: () => string;
  cancelled: () => boolean;
  /** the stdin stream failed (restic was interrupted because of it) */
  inputError: () => Error | undefined;
  /** feed each stdout line to the watchdog (when one was asked for) */
  stdoutLine: (line: string) => void;
  /** why the watchdog interrupted restic, if it did */
  stalled: () => StallVerdict | undefined;
};

export async function spawnRestic(repo: Repo, args: string[], opts: SpawnOptions = {}): Promise<SpawnedRestic> {
  const v = await resticVersion();
  // restic warns (and check runs without a cache) when the cache directory does not exist yet.
  if (repo.cacheDir) await mkdir(repo.cacheDir, { recursive: true, mode: 0o700 });
  const pre = globalArgs(repo, { fromRepo: opts.fromRepo });
  if (opts.retryLockFlag !== false && features(v).retryLock) {
    const p = lockRetryPolicy();
    pre.push("--retry-lock", `${Math.max(1, Math.round((p.maxDelayMs * (p.attempts - 1)) / 1000))}s`);
  }
  const envVars = buildResticEnv(repo, { fromRepo: opts.fromRepo, extra: opts.extraEnv });
  const stdio: ("pipe" | "ignore")[] = [opts.stdin || opts.stdinText !== undefined ? "pipe" : "ignore", "pipe", "pipe"];
  const child = spawn(resticBin(), [...args.slice(0, 1), ...pre, ...args.slice(1)], {
    env: envVars as NodeJS.ProcessEnv,
    stdio,
    shell: false,
    windowsHide: true,
  });

  let stderrBuf = "";
  let cancelled = false;
  let inputError: Error | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  let stalled: StallVerdict | undefined;
  let watchTimer: NodeJS.Timeout | undefined;
  const policy = stallPolicy();
  const watchdog = opts.watchdog
    ? createStallWatchdog({ stallMs: policy.timeoutMs, heartbeat: opts.watchdog.heartbeat })
    : undefined;
  if (watchdog) {
    watchTimer = setInterval(
      () => {
        if (stalled || cancelled || child.exitCode !== null) return;
        const v = watchdog.check();
        if (!v) return;
        stalled = v;
        clearInterval(watchTimer);
        // Same escalation as a cancel, with a shorter grace: restic cannot remove its lock from a dead
        // destination anyway (the stale lock is cleared on a later run, see stale-locks.ts).
        child.kill("SIGINT");
        killTimer = setTimeout(() => child.kill("SIGKILL"), Math.min(CANCEL_GRACE_MS, policy.killGraceMs));
        killTimer.unref();
      },
      Math.max(50, Math.min(1000, Math.floor(policy.timeoutMs / 4))),
    );
    watchTimer.unref();
  }
  const onAbort = () => {
    if (cancelled || child.exitCode !== null) return;
    cancelled = true;
    if (killTimer) clearTimeout(killTimer);
    child.kill("SIGINT");
    killTimer = setTimeout(() => child.kill("SIGKILL"), CANCEL_GRACE_MS);
    killTimer.unref();
  };
  if (opts.signal?.aborted) onAbort();
  else opts.signal?.addEventListener("abort", onAbort, { once: true });

  if (opts.stdin && child.stdin) {
    const input = opts.stdin;
    // restic closing its stdin early (error, cancel) must not crash us with EPIPE.
    child.stdin.on("error", () => {});
    input.pipe(child.stdin);
    child.once("exit", () => input.unpipe(child.stdin!));
    // A failing input must never look like a complete one: interrupt restic before it sees EOF.
    const onInputError = (e: Error) => {
      inputError ??= e;
      if (child.exitCode === null) child.kill("SIGINT");
    };
    input.once("error", onInputError);
    // It may have failed already, while we waited for the lock (its error event is gone by now).
    if (input.errored) onInputError(input.errored);
    else if (input.destroyed && !input.readableEnded) onInputError(new Error("the input stream was closed early"));
  }
  if (opts.stdinText !== undefined && child.stdin) {
    child.stdin.on("error", () => {});
    child.stdin.end(opts.stdinText);
  }

  const errLines = readline.createInterface({ input: child.stderr!, crlfDelay: Infinity });
  errLines.on("line", (line) => {
    stderrBuf = tailText(stderrBuf + line + "\n", STDERR_KEEP * 2);
    watchdog?.stderrLine(line);
    opts.onStderrLine?.(line);
  });
  const stderrDone = new Promise<void>((r) => errLines.once("close", () => r()));

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once("error", (e) => {
      opts.signal?.removeEventListener("abort", onAbort);
      if (watchTimer) clearInterval(watchTimer);
      reject(new ResticError(`Could not start restic (${resticBin()}): ${e.message}`));
    });
    child.once("close", (code, signal) => {
      opts.signal?.removeEventListener("abort", onAbort);
      if (killTimer) clearTimeout(killTimer);
      if (watchTimer) clearInterval(watchTimer);
      void stderrDone.then(() => resolve({ code, signal }));
    });
  });

  // Callers await `exited` later; a spawn failure must not count as an unhandled rejection meanwhile.
  exited.catch(() => undefined);

  return {
    child,
    stdout: child.stdout!,
    exited,
    stderrTail: () => redactSecrets(tailText(stderrBuf), [repo, opts.fromRepo]),
    cancelled: () => cancelled,
    inputError: () => inputError,
    stdoutLine: (line) => watchdog?.stdoutLine(line),
    stalled: () => stalled,
  };
}

export type RunOptions = SpawnOptions & {
  /** for messages: "back up", "list snapshots" */
  what: string;
  onStdoutLine?: (line: string) => void;
  /** exit codes treated as success (default [0]) */
  okCodes?: number[];
  /** retry while another process holds restic's lock (default: true unless stdin is a stream) */
  retryLock?: boolean;
  /** called before each attempt, so per-run collectors can start over after a lock retry */
  onAttempt?: (attempt: number) => void;
  /** the stall watchdog (default on, without heartbeat); false turns it off */
  watchdog?: { heartbeat?: boolean } | false;
};

export type RunResult = { exitCode: number; stderr: string };

/** Wait `ms`, or less when the signal fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  // An already-fired signal never dispatches "abort" again: without this check we would sit out `ms`.
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** Run restic to completion; throws the typed error on failure, Cancelled when the signal fired. */
export async function runRestic(repo: Repo, args: string[], opts: RunOptions): Promise<RunResult> {
  const v = await resticVersion();
  const policy = lockRetryPolicy();
  const ownRetry = (opts.retryLock ?? !opts.stdin) && !features(v).retryLock;
  const attempts = ownRetry ? Math.max(1, policy.attempts) : 1;
  let delay = policy.initialDelayMs;
  let lockWaits = 0;
  // holders whose stale lock we already removed: each is cleared once, so this loop stays bounded
  const clearedStale = new Set<string>();
  for (let attempt = 1; ; attempt++) {
    if (opts.signal?.aborted) throw new Cancelled(`The ${opts.what} operation was cancelled.`);
    opts.onAttempt?.(attempt);
    const run = await spawnRestic(repo, args, {
      ...opts,
      watchdog: opts.watchdog === false ? undefined : (opts.watchdog ?? {}),
    });
    const outLines = readline.createInterface({ input: run.stdout, crlfDelay: Infinity });
    let lineError: unknown;
    outLines.on("line", (line) => {
      run.stdoutLine(line);
      if (lineError || !opts.onStdoutLine) return;
      try {
        opts.onStdoutLine(line);
      } catch (e) {
        // A consumer that cannot handle restic's output is a bug worth surfacing, not a reason to hang.
        lineError = e;
      }
    });
    const stdoutDone = new Promise<void>((r) => outLines.once("close", () => r()));
    const { code } = await run.exited;
    await stdoutDone;
    const stderr = run.stderrTail();
    if (run.cancelled() || opts.signal?.aborted) {
      throw new Cancelled(`The ${opts.what} operation was cancelled.`, { exitCode: code, stderr });
    }
    const stall = run.stalled();
    if (stall) throw stalledError(repo, opts.what, stall, { exitCode: code, stderr });
    if (lineError) throw lineError;
    const inErr = run.inputError();
    if (inErr) {
      throw new ResticError(
        `The data to ${opts.what} failed before it was complete (${inErr.message}); nothing was saved.`,
        {
          exitCode: code,
          stderr,
        },
      );
    }
    if (code !== null && (opts.okCodes ?? [0]).includes(code)) return { exitCode: code, stderr };
    const err = classifyResticFailure(code, stderr, { what: opts.what, repoUrl: displayUrl(repo.url) });
    const holder = err instanceof RepoLocked ? err.lockedBy : undefined;
    // A streamed stdin cannot be replayed: those runs never retry (backup.ts waits for locks beforehand).
    if (
      holder &&
      !opts.stdin &&
      opts.retryLock !== false &&
      !clearedStale.has(`${holder.host}:${holder.pid}`) &&
      isStaleHolder(holder)
    ) {
      clearedStale.add(`${holder.host}:${holder.pid}`);
      await removeStaleLocks(repo, holder, { what: opts.what, attempt, signal: opts.signal });
      continue;
    }
    if (err instanceof RepoLocked && lockWaits < attempts - 1) {
      lockWaits++;
      notifyLockRetry({
        repoUrl: displayUrl(repo.url),
        what: opts.what,
        attempt: lockWaits,
        delayMs: delay,
        message: err.message,
      });
      await sleep(delay, opts.signal);
      delay = Math.min(policy.maxDelayMs, delay * 2);
      continue;
    }
    throw err;
  }
}

/** Plain `restic unlock` (removes only locks restic judges stale), reported through onLockRetry. Takes no
 * in-process lock: callers already hold theirs, and live processes' locks are untouched anyway. */
export async function removeStaleLocks(
  repo: Repo,
  holder: { pid: number; host: string },
  ctx: { what: string; attempt: number; signal?: AbortSignal },
): Promise<void> {
  await runRestic(repo, ["unlock"], { what: "remove stale locks", retryLock: false, signal: ctx.signal });
  notifyLockRetry({
    repoUrl: displayUrl(repo.url),
    what: ctx.what,
    attempt: ctx.attempt,
    delayMs: 0,
    message: `Removed a stale lock left by process ${holder.pid} on ${holder.host}, which no longer runs; trying again.`,
    staleLockRemoved: { pid: holder.pid, host: holder.host },
  });
}
