/* The one lock on a destination's restic repository, held across every worker, the panel and every host
 * (lib/db/cluster-lock.ts: a PostgreSQL advisory lock keyed by the destination id; the in-process lock on
 * the embedded database). Reader/writer: backups, restores and listings take it `shared`; whatever needs
 * the repository to itself — init, forget, prune, check, key changes, unlock, deleting a backup's
 * snapshots — takes it `exclusive`. Hold it around one step (one restic run or a few that belong
 * together), never nested. A wait longer than LIFEBOAT_REPOSITORY_LOCK_WAIT_SECONDS (or `waitMs`) ends in
 * RepositoryBusy, which names the destination and who holds it. */
import "server-only";
import os from "node:os";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { ClusterLockTimeout, withClusterLock, type LockHolder, type LockMode } from "@/lib/db/cluster-lock";
import { destinations } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

export type { LockMode };

export type RepositoryLockOptions = {
  signal?: AbortSignal;
  /** overrides LIFEBOAT_REPOSITORY_LOCK_WAIT_SECONDS (requests a person waits for use a short one) */
  waitMs?: number;
  /** what the holder does, shown to whoever waits: "backup", "retention", "create the repository"… */
  purpose?: string;
};

export class RepositoryBusy extends AppError {
  constructor(message: string) {
    super("conflict", message);
    this.name = "RepositoryBusy";
  }
}

export function repositoryLockKey(destinationId: string): string {
  return `destination:${destinationId}`;
}

export async function withRepositoryLock<T>(
  destinationId: string,
  mode: LockMode,
  fn: () => Promise<T>,
  opts: RepositoryLockOptions = {},
): Promise<T> {
  const waitMs = opts.waitMs ?? env().LIFEBOAT_REPOSITORY_LOCK_WAIT_SECONDS * 1000;
  // The holder label fits PostgreSQL's 63-character application_name: purpose first, then where.
  const holder = `${(opts.purpose ?? mode).slice(0, 24)} on ${os.hostname().slice(0, 20)}:${process.pid}`;
  let started = false;
  try {
    return await withClusterLock(
      repositoryLockKey(destinationId),
      mode,
      () => {
        started = true;
        return fn();
      },
      { waitMs, signal: opts.signal, holder },
    );
  } catch (e) {
    if (!started && e instanceof ClusterLockTimeout) throw await busy(destinationId, e);
    throw e;
  }
}

async function busy(destinationId: string, e: ClusterLockTimeout): Promise<RepositoryBusy> {
  const [row] = await getDb()
    .select({ name: destinations.name })
    .from(destinations)
    .where(eq(destinations.id, destinationId))
    .catch(() => []);
  const name = row?.name ?? destinationId;
  const who = e.holders.length ? describeHolders(e.holders) : "another operation";
  return new RepositoryBusy(
    `The repository of destination "${name}" is busy: ${who}. Waited ${Math.round(e.waitedMs / 1000)} s; ` +
      "try again when that has finished.",
  );
}

function describeHolders(holders: LockHolder[]): string {
  const one = (h: LockHolder) =>
    `${h.holder} (${h.mode === "exclusive" ? "alone" : "shared"}, since ${h.since.toISOString().slice(11, 19)} UTC)`;
  const shown = holders.slice(0, 3).map(one).join(", ");
  return holders.length > 3 ? `${shown} and ${holders.length - 3} more` : shown;
}
