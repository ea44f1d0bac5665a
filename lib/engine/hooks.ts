/* Pre and post hooks around a backup or restore (e.g. "pause the app", "flush caches", "start the app").
 * Owns running one hook command and the pre/body/post sequence. A hook is a command line an admin wrote,
 * so it runs through `/bin/sh -c` (pipes, &&, variables work as they would in a terminal) in its own
 * process group with a timeout; on timeout or cancel the whole group is killed (SIGTERM, then SIGKILL
 * after a grace period). Invariants: the post hook ALWAYS runs once the pre hook was attempted — after
 * success, failure or cancel — and it is not cancelled by the job's AbortSignal (only its own timeout
 * stops it), so an app paused by the pre hook is never left stopped. Output is captured bounded (stdout
 * and stderr interleaved, last 16 KB) for the job log. Nothing secret is passed: the hook sees only a
 * minimal environment plus LIFEBOAT_* context variables. Must not touch restic or the database. */
import { describeExit, spawnTool } from "./sources/child";

export type HookSpec = { command: string; timeoutSeconds?: number };
export type HooksSpec = { pre?: HookSpec; post?: HookSpec };
export type HookPhase = "pre" | "post";

export type HookResult = {
  phase: HookPhase;
  command: string;
  ok: boolean;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  cancelled: boolean;
  output: string;
  outputTruncated: boolean;
  durationMs: number;
};

export const DEFAULT_HOOK_TIMEOUT_SECONDS = 600;
const HOOK_OUTPUT_LIMIT = 16 * 1024;
const KILL_GRACE_MS = 5000;

export class HookFailed extends Error {
  readonly code = "hook_failed";
  constructor(readonly result: HookResult) {
    super(hookFailureMessage(result));
    this.name = "HookFailed";
  }
}

export function hookFailureMessage(r: HookResult): string {
  const what = r.phase === "pre" ? "The pre hook" : "The post hook";
  const why = r.timedOut
    ? `did not finish within its timeout and was stopped`
    : r.cancelled
      ? `was stopped because the job was cancelled`
      : describeExit({ code: r.exitCode, signal: r.signal });
  const tail = r.output ? `: ${r.output.slice(-500)}` : "";
  return `${what} \`${r.command}\` ${why}${tail}. Check the command and its timeout in the source settings.`;
}

export type RunHookOptions = {
  phase: HookPhase;
  /** Extra variables for the hook (LIFEBOAT_OPERATION, LIFEBOAT_SOURCE_NAME, ...). No secrets. */
  env?: Record<string, string>;
  cwd?: string;
  /** Cancels the hook (kills its process group). Not passed for post hooks by runWithHooks. */
  signal?: AbortSignal;
};

/** Runs one hook to completion; never throws for the hook's own failure — the result says what happened. */
export async function runHook(hook: HookSpec, opts: RunHookOptions): Promise<HookResult> {
  const started = Date.now();
  const timeoutMs = Math.max(1, hook.timeoutSeconds ?? DEFAULT_HOOK_TIMEOUT_SECONDS) * 1000;
  const proc = spawnTool("/bin/sh", ["-c", hook.command], {
    label: `${opts.phase} hook`,
    env: { ...opts.env, LIFEBOAT_HOOK_PHASE: opts.phase },
    cwd: opts.cwd,
    stdin: "ignore",
    stdout: "capture",
    outputLimit: HOOK_OUTPUT_LIMIT,
  });
  let timedOut = false;
  let cancelled = false;
  const timer = setTimeout(() => {
    timedOut = true;
    proc.kill("SIGTERM", KILL_GRACE_MS);
  }, timeoutMs);
  const onAbort = () => {
    cancelled = true;
    proc.kill("SIGTERM", KILL_GRACE_MS);
  };
  if (opts.signal?.aborted) onAbort();
  else opts.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const exit = await proc.exited;
    return {
      phase: opts.phase,
      command: hook.command,
      ok: exit.code === 0 && exit.signal === null && !timedOut && !cancelled,
      exitCode: exit.code,
      signal: exit.signal,
      timedOut,
      cancelled,
      output: proc.output.text(),
      outputTruncated: proc.output.truncated,
      durationMs: Date.now() - started,
    };
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener("abort", onAbort);
    // Whatever the shell left running in its group (a background `sleep &`) goes with it.
    proc.kill("SIGKILL");
  }
}

export type WithHooksContext = {
  env?: Record<string, string>;
  cwd?: string;
  signal?: AbortSignal;
  /** Called with each hook's result as soon as it finishes (for the job log). */
  onHook?: (r: HookResult) => void;
};

export type WithHooksOutcome<T> = { value: T; hooks: HookResult[]; postFailed?: HookResult };

/**
 * pre → body → post. A failed pre hook skips the body and throws HookFailed (after the post hook ran);
 * a failing body rethrows its error (after the post hook ran; the results are on `error.hooks`); a
 * failed post hook after a good body does not undo the backup: it is returned as `postFailed` so the
 * caller can surface it as a warning.
 */
export async function runWithHooks<T>(
  hooks: HooksSpec | undefined,
  ctx: WithHooksContext,
  body: () => Promise<T>,
): Promise<WithHooksOutcome<T>> {
  const results: HookResult[] = [];
  const record = (r: HookResult) => {
    results.push(r);
    ctx.onHook?.(r);
    return r;
  };
  let outcome: { ok: true; value: T } | { ok: false; error: unknown };
  try {
    if (hooks?.pre?.command) {
      const pre = record(await runHook(hooks.pre, { phase: "pre", env: ctx.env, cwd: ctx.cwd, signal: ctx.signal }));
      if (!pre.ok) throw new HookFailed(pre);
    }
    ctx.signal?.throwIfAborted();
    outcome = { ok: true, value: await body() };
  } catch (error) {
    outcome = { ok: false, error };
  }
  let postFailed: HookResult | undefined;
  if (hooks?.post?.command) {
    // Deliberately without ctx.signal: a cancelled job must still start the app again.
    const post = record(await runHook(hooks.post, { phase: "post", env: ctx.env, cwd: ctx.cwd }));
    if (!post.ok) postFailed = post;
  }
  if (!outcome.ok) {
    const err = outcome.error;
    if (err && typeof err === "object") Object.assign(err, { hooks: results });
    throw err;
  }
  return { value: outcome.value, hooks: results, postFailed };
}
