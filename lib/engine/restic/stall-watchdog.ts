/* Stall detection for one restic run: decides when a destination has "stopped responding" so the runner
 * can interrupt restic instead of waiting out its own retries (restic 0.14 retries a dead backend for
 * ~225 s, then ~100 s more trying to remove its lock). Pure logic over the lines restic prints and a
 * clock (unit-tested); run.ts owns the timer and the signals. Rules:
 * - Activity (resets everything): a stdout line that is not a backup status line, a status line whose
 *   counters moved (bytes/files done or totals; the elapsed-seconds field always changes, so it is
 *   ignored), or a stderr line that is not a backend retry report.
 * - Stalled when, with no activity since, restic has kept reporting backend retries for `stallMs`
 *   (a streak: retries at most `retryGapMs` apart, its first and latest `stallMs` apart, the latest
 *   recent). A short blip that recovers
 *   never trips it, even in commands that print nothing while they work (restore, check).
 * - Runs that promise a heartbeat (backup with RESTIC_PROGRESS_FPS prints a status line several times a
 *   second once it starts reading data) are also stalled after `stallMs` of no output at all, counted
 *   from their first stdout line: before that restic may legitimately load a large index silently. */

import { RepoUnreachable } from "../errors";
import type { Repo } from "../types";
import { displayUrl, redactSecrets } from "./output-text";

/** restic's backend retry reports: "Save(<data/…>) returned error, retrying after 552ms: …". */
const RETRY_RE = /\breturned error, retrying after\b|\bretrying after [0-9.]+m?s\b/i;

export function isRetryLine(line: string): boolean {
  return RETRY_RE.test(line);
}

export type StallVerdict = { reason: "retrying" | "silent"; lastError?: string; sinceMs: number };

export type StallWatchdog = {
  stdoutLine(line: string): void;
  stderrLine(line: string): void;
  /** undefined while healthy */
  check(): StallVerdict | undefined;
};

/** The part of a retry line worth showing: the cause after "retrying after Xs: ". */
export function retryCause(line: string): string {
  const m = /retrying after [0-9.]+[a-zµ]*s?:\s*(.*)$/i.exec(line);
  return (m?.[1] ?? line).trim().slice(0, 200);
}

function statusFingerprint(line: string): string | undefined {
  if (!line.startsWith("{") || !line.includes('"message_type":"status"')) return undefined;
  try {
    const o = JSON.parse(line) as Record<string, unknown>;
    return [o.bytes_done, o.files_done, o.total_bytes, o.total_files].join("/");
  } catch {
    return undefined;
  }
}

export function createStallWatchdog(opts: {
  stallMs: number;
  /** retries further apart than this start a new streak (default max(stallMs, 60 s)) */
  retryGapMs?: number;
  heartbeat?: boolean;
  now?: () => number;
}): StallWatchdog {
  const now = opts.now ?? Date.now;
  const gap = opts.retryGapMs ?? Math.max(opts.stallMs, 60_000);
  let lastActivity = now();
  let lastLine: number | undefined;
  let streakStart: number | undefined;
  let lastRetry: number | undefined;
  let lastError: string | undefined;
  let lastStatus: string | undefined;
  let heartbeatArmed = false;

  const activity = () => {
    lastActivity = now();
    streakStart = undefined;
    lastRetry = undefined;
  };
  return {
    stdoutLine(line) {
      lastLine = now();
      heartbeatArmed = true;
      const fp = statusFingerprint(line);
      if (fp === undefined) return activity();
      if (fp !== lastStatus) {
        lastStatus = fp;
        activity();
      }
    },
    stderrLine(line) {
      if (heartbeatArmed) lastLine = now();
      if (!isRetryLine(line)) {
        if (line.trim()) activity();
        return;
      }
      const t = now();
      if (streakStart === undefined || lastRetry === undefined || t - lastRetry > gap) streakStart = t;
      lastRetry = t;
      lastError = retryCause(line);
    },
    check() {
      const t = now();
      if (
        streakStart !== undefined &&
        lastRetry !== undefined &&
        t - lastActivity >= opts.stallMs &&
        lastRetry - streakStart >= opts.stallMs &&
        t - lastRetry <= gap
      ) {
        return { reason: "retrying", lastError, sinceMs: t - lastActivity };
      }
      if (opts.heartbeat && lastLine !== undefined && t - lastLine >= opts.stallMs)
        return { reason: "silent", lastError, sinceMs: t - lastLine };
      return undefined;
    },
  };
}

/** The error a stalled run ends in: names the destination and what was seen. */
export function stalledError(
  repo: Repo,
  what: string,
  v: StallVerdict,
  o: { exitCode: number | null; stderr: string },
): RepoUnreachable {
  const secs = Math.round(v.sinceMs / 1000);
  const cause = v.lastError ? ` (last error: ${redactSecrets(v.lastError, [repo])})` : "";
  const how =
    v.reason === "retrying"
      ? `for ${secs} s restic only reported failed attempts to reach it${cause}`
      : `restic made no progress and printed nothing for ${secs} s`;
  return new RepoUnreachable(
    `The destination ${displayUrl(repo.url)} stopped responding: ${how}. Lifeboat stopped trying to ${what}. ` +
      "Check that the server is running and reachable from this host, then try again.",
    "network",
    o,
  );
}
