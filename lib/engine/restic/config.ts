/* Process-wide engine settings: which restic binary to run and how hard to retry a repository lock held
 * by another process. Defaults come from lib/env (RESTIC_BIN); tests and the worker may override them
 * with configureEngine(). Holds no secrets. */
import { execFile } from "node:child_process";
import { env } from "../../env";
import { ResticError } from "../errors";
import type { ResticVersion } from "../types";

export type LockRetryPolicy = {
  /** total attempts including the first (1 = no retry) */
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
};

export type LockRetryInfo = {
  repoUrl: string;
  what: string;
  attempt: number;
  delayMs: number;
  message: string;
  /** set when, instead of waiting, a stale lock (its process on this host is gone) was removed */
  staleLockRemoved?: { pid: number; host: string };
};

type EngineConfig = {
  resticBin?: string;
  lockRetry: LockRetryPolicy;
  /** told each time an operation waits for a lock another process holds (for logs and job status) */
  onLockRetry?: (info: LockRetryInfo) => void;
  stall: StallPolicy;
};

/** When a destination counts as "stopped responding" (see stall-watchdog.ts). */
export type StallPolicy = {
  /** restic only reporting backend retries (or, for backups, printing nothing) this long → interrupt */
  timeoutMs: number;
  /** after that SIGINT, how long restic may try to remove its lock before it is killed */
  killGraceMs: number;
};

const config: EngineConfig = {
  lockRetry: { attempts: 5, initialDelayMs: 2_000, maxDelayMs: 30_000 },
  stall: { timeoutMs: 60_000, killGraceMs: 10_000 },
};

export function configureEngine(opts: {
  resticBin?: string;
  lockRetry?: Partial<LockRetryPolicy>;
  onLockRetry?: ((info: LockRetryInfo) => void) | null;
  stall?: Partial<StallPolicy>;
}): void {
  if (opts.stall) config.stall = { ...config.stall, ...opts.stall };
  if (opts.onLockRetry !== undefined) config.onLockRetry = opts.onLockRetry ?? undefined;
  if (opts.resticBin !== undefined && opts.resticBin !== config.resticBin) {
    config.resticBin = opts.resticBin;
    versionPromise = undefined;
  }
  if (opts.lockRetry) config.lockRetry = { ...config.lockRetry, ...opts.lockRetry };
}

export function resticBin(): string {
  return config.resticBin ?? env().RESTIC_BIN;
}

export function lockRetryPolicy(): LockRetryPolicy {
  return config.lockRetry;
}

export function stallPolicy(): StallPolicy {
  return config.stall;
}

export function notifyLockRetry(info: LockRetryInfo): void {
  try {
    config.onLockRetry?.(info);
  } catch {
    // a logging callback must never break an operation
  }
}

let versionPromise: Promise<ResticVersion> | undefined;

export function parseResticVersion(out: string): ResticVersion {
  const m = /restic\s+v?(\d+)\.(\d+)\.(\d+)/.exec(out);
  if (!m) throw new Error(`Could not read the restic version from: ${out.slice(0, 200)}`);
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), raw: m[0] };
}

/** `restic version`, read once per binary and cached. */
export function resticVersion(): Promise<ResticVersion> {
  if (!versionPromise) {
    const bin = resticBin();
    versionPromise = new Promise<ResticVersion>((resolve, reject) => {
      execFile(
        bin,
        ["version"],
        { env: { PATH: process.env.PATH ?? "/usr/bin:/bin" } as unknown as NodeJS.ProcessEnv, timeout: 30_000 },
        (err, stdout) => {
          if (err) {
            reject(
              new ResticError(
                `Could not run restic (${bin}): ${err.message}. Install restic 0.14 or newer, or set RESTIC_BIN.`,
              ),
            );
            return;
          }
          try {
            resolve(parseResticVersion(stdout));
          } catch (e) {
            reject(e);
          }
        },
      );
    });
    versionPromise.catch(() => {
      versionPromise = undefined;
    });
  }
  return versionPromise;
}

export function versionAtLeast(v: ResticVersion, major: number, minor: number): boolean {
  return v.major > major || (v.major === major && v.minor >= minor);
}

/** Newer flags we use when the installed restic has them. */
export function features(v: ResticVersion) {
  return {
    /** restic 0.16: `--retry-lock <duration>` */
    retryLock: versionAtLeast(v, 0, 16),
    /** restic 0.17: `restore --delete` */
    restoreDelete: versionAtLeast(v, 0, 17),
  };
}
