/* When a restore may read an off-site copy instead of the backup's own destination: only when the
 * primary cannot be reached (network, DNS, TLS) or no longer holds the snapshot (its repository is gone,
 * the snapshot was forgotten by its retention, the destination was removed from Lifeboat). Any other
 * failure — a wrong password, refused credentials, a locked repository, a restore target that cannot be
 * written, a cancel — is the user's to see and fix, never silently papered over by a copy. Pure (no
 * database), so each branch has a unit test. */
import { AppError } from "@/lib/errors";
import { RepoNotFound, RepoUnreachable, ResticError, TlsError } from "@/lib/engine/errors";
import { RestoreFailed } from "@/lib/engine/sources/errors";

/** Why the primary could not give the snapshot back, when that reason lets a copy stand in; null when
 * the failure is not about reaching the primary or finding the snapshot there. */
export function copyFallbackReason(e: unknown): string | null {
  if (e instanceof RepoUnreachable || e instanceof TlsError) return `Primary unreachable (${short(e)})`;
  if (e instanceof RepoNotFound) return `Primary repository missing (${short(e)})`;
  if (e instanceof AppError && e.code === "not_found") return `Primary destination gone (${short(e)})`;
  // The engine's restore looks the snapshot up first and says so when the repository does not list it
  // (also when the listing itself failed: a repository gone reads as "no snapshot").
  if (e instanceof RestoreFailed && e.detail.startsWith("found no snapshot"))
    return `Snapshot not in the primary (${short(e)})`;
  if (e instanceof ResticError && SNAPSHOT_MISSING.test(`${e.stderr}\n${e.message}`))
    return `Snapshot not in the primary (${short(e)})`;
  return null;
}

/** The reason when every one of the primaries' failures allows a copy (null as soon as one does not:
 * e.g. one primary unreachable and another refusing the password is the password's to fix). */
export function copyFallbackReasonOfAll(errors: unknown[]): string | null {
  if (!errors.length) return null;
  const reasons = errors.map(copyFallbackReason);
  return reasons.every((r) => r !== null) ? reasons.join("; ") : null;
}

/** restic 0.14–0.17 wording of an id the repository does not have. */
const SNAPSHOT_MISSING = /no matching ID found|snapshot [0-9a-f]+ not found|unable to find snapshot|no snapshot found/i;

const short = (e: unknown) => ((e as Error)?.message ?? String(e)).slice(0, 300);
