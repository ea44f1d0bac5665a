/* The repository locks a copy holds: several destinations at once (the primary and the copy target),
 * always taken in one order (by destination id) so two copies in opposite directions cannot wait on
 * each other for ever. Each lock is lib/destinations/repository-lock.ts's, the one every job uses. */
import "server-only";
import { type LockMode, withRepositoryLock } from "@/lib/destinations/repository-lock";

export function withRepositoryLocks<T>(
  locks: { destinationId: string; mode: LockMode }[],
  fn: () => Promise<T>,
  opts: { signal?: AbortSignal; purpose: string },
): Promise<T> {
  const sorted = [...locks].sort((a, b) => a.destinationId.localeCompare(b.destinationId));
  const step = (i: number): Promise<T> =>
    i === sorted.length ? fn() : withRepositoryLock(sorted[i]!.destinationId, sorted[i]!.mode, () => step(i + 1), opts);
  return step(0);
}
