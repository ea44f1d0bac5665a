/* Typed engine errors and the one function that turns a failed restic run (exit code + stderr tail) into
 * one of them. Owns the wording users see for repository failures, so messages say what failed and
 * what to do next. Must not contain secrets: stderr from restic never includes the password, and the
 * repository URL is shown as the caller configured it (without credentials for S3, which use env vars).
 * Domain code maps these to AppError; it switches on `instanceof`, so subclasses are the contract. */
import type { BackupResult } from "./types";

export class ResticError extends Error {
  readonly exitCode: number | null;
  /** up to ~1 KB of restic's stderr, for logs and details views */
  readonly stderr: string;

  constructor(message: string, opts: { exitCode?: number | null; stderr?: string } = {}) {
    super(message);
    this.name = new.target.name;
    this.exitCode = opts.exitCode ?? null;
    this.stderr = opts.stderr ?? "";
  }
}

export class WrongPassword extends ResticError {}
export class RepoNotFound extends ResticError {}
export class RepoUnreachable extends ResticError {
  /** "dns" when the host name did not resolve */
  readonly reason: "dns" | "network";
  constructor(message: string, reason: "dns" | "network", opts: { exitCode?: number | null; stderr?: string } = {}) {
    super(message, opts);
    this.reason = reason;
  }
}
export class AuthRefused extends ResticError {}
export class TlsError extends ResticError {}
export class Cancelled extends ResticError {}

export class RepoLocked extends ResticError {
  readonly lockedBy?: { pid: number; host: string; user: string };
  readonly lockedAt?: string;
  constructor(
    message: string,
    info: { lockedBy?: { pid: number; host: string; user: string }; lockedAt?: string },
    opts: { exitCode?: number | null; stderr?: string } = {},
  ) {
    super(message, opts);
    this.lockedBy = info.lockedBy;
    this.lockedAt = info.lockedAt;
  }
}

/** restic exit 3: the snapshot was saved but some files could not be read. A warning, not a success:
 * callers record the result and show the unreadable files. */
export class PartialBackup extends ResticError {
  readonly result: BackupResult;
  readonly unreadableFiles: string[];
  constructor(
    result: BackupResult,
    unreadableFiles: string[],
    opts: { exitCode?: number | null; stderr?: string } = {},
  ) {
    const n = unreadableFiles.length;
    const list = unreadableFiles.slice(0, 5).join(", ") + (n > 5 ? `, and ${n - 5} more` : "");
    super(
      `The backup was saved, but ${n || "some"} file${n === 1 ? "" : "s"} could not be read${n ? `: ${list}` : ""}. ` +
        "Check the file permissions or exclude those paths.",
      opts,
    );
    this.result = result;
    this.unreadableFiles = unreadableFiles;
  }
}

/** `restic check` found damage (missing or corrupted pack files, broken trees). */
export class CheckFailed extends ResticError {
  readonly problems: string[];
  constructor(problems: string[], opts: { exitCode?: number | null; stderr?: string } = {}) {
    super(
      `The repository check found ${problems.length || "some"} problem${problems.length === 1 ? "" : "s"}` +
        `${problems.length ? `: ${problems.slice(0, 3).join("; ")}` : ""}. ` +
        "Backups stored there may not restore completely; run a new full backup to another destination and repair this one.",
      opts,
    );
    this.problems = problems;
  }
}

const LOCK_RE = /locked (?:exclusively )?by PID (\d+) on (\S+) by (.+?) \(UID/;
const LOCK_AT_RE = /lock was created at ([0-9-]+ [0-9:]+)/;

/** Pick the most useful line of restic's stderr for a message (the `Fatal:` line when there is one). */
export function keyLine(stderr: string): string {
  const lines = stderr
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const fatal = lines.find((l) => l.startsWith("Fatal:"));
  // Go stack traces (restic's debug output on some errors) end with runtime frames: the first line is the cause.
  const trace = lines.some((l) => /^\S+\.go:\d+|^runtime\./.test(l) || /^\t/.test(l));
  return (fatal ?? (trace ? lines[0] : lines[lines.length - 1]) ?? "").replace(/^Fatal:\s*/, "").slice(0, 300);
}

/**
 * Map a failed run to a typed error. `what` names the operation for the generic message
 * ("back up", "list snapshots"); `repoUrl` names the repository the way the caller configured it.
 * Order matters: a DNS failure also prints "Is there a repository at the following location?".
 */
export function classifyResticFailure(
  exitCode: number | null,
  stderr: string,
  ctx: { what: string; repoUrl: string },
): ResticError {
  const o = { exitCode, stderr };
  const where = ctx.repoUrl;
  if (/wrong password or no key found/i.test(stderr) || exitCode === 12) {
    return new WrongPassword(
      `The password for the repository at ${where} is wrong (no key matches it). Enter the password the repository was created with.`,
      o,
    );
  }
  if (/repository is already locked/i.test(stderr) || exitCode === 11) {
    const m = LOCK_RE.exec(stderr);
    const at = LOCK_AT_RE.exec(stderr)?.[1];
    const lockedBy = m ? { pid: Number(m[1]), host: m[2], user: m[3] } : undefined;
    const who = lockedBy ? ` by process ${lockedBy.pid} on ${lockedBy.host} (${lockedBy.user})` : "";
    return new RepoLocked(
      `The repository at ${where} is locked${who}${at ? ` since ${at} UTC` : ""}. ` +
        "Wait for that operation to finish; if it crashed, remove the stale lock (unlock) and try again.",
      { lockedBy, lockedAt: at },
      o,
    );
  }
  if (/x509:|tls:|certificate/i.test(stderr)) {
    return new TlsError(
      `Could not open a secure connection to ${where}: ${keyLine(stderr)}. ` +
        "Check the endpoint address, or add the server's CA certificate if it uses a self-signed one.",
      o,
    );
  }
  if (
    /SignatureDoesNotMatch|AccessDenied|Access Denied|InvalidAccessKeyId|InvalidToken|403 Forbidden|401 Unauthorized|\(40[13]\)|unable to authenticate|permission denied \(publickey|Access Key Id you provided does not exist|signature we calculated does not match/i.test(
      stderr,
    )
  ) {
    return new AuthRefused(
      `The storage at ${where} refused the credentials: ${keyLine(stderr)}. Check the access key, secret, or SSH key.`,
      o,
    );
  }
  if (/no such host|server misbehaving|Temporary failure in name resolution/i.test(stderr)) {
    return new RepoUnreachable(
      `Could not resolve the host name of ${where}. Check the address for typos and that this server's DNS works.`,
      "dns",
      o,
    );
  }
  if (
    /connection refused|i\/o timeout|network is unreachable|no route to host|connection reset|dial tcp|ssh: (?:connect|handshake)|Connection closed by|EOF.*ssh|subprocess ssh/i.test(
      stderr,
    )
  ) {
    return new RepoUnreachable(
      `Could not reach ${where}: ${keyLine(stderr)}. Check that the server is running and reachable from this host.`,
      "network",
      o,
    );
  }
  if (
    exitCode === 10 ||
    /Is there a repository at the following location|unable to open config file|repository does not exist|NoSuchBucket|bucket does not exist/i.test(
      stderr,
    )
  ) {
    return new RepoNotFound(
      `There is no restic repository at ${where}. Check the address, or initialise the destination first.`,
      o,
    );
  }
  if (exitCode === 130) {
    return new Cancelled(`The ${ctx.what} operation was cancelled.`, o);
  }
  return new ResticError(
    `restic could not ${ctx.what} (exit ${exitCode ?? "signal"}): ${keyLine(stderr) || "no error message"}.`,
    o,
  );
}
