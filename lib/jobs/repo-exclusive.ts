/* Exclusive maintenance on one repository (prune, check, copy): at most one at a time per destination
 * across every worker. On PostgreSQL a session advisory lock keyed by the destination id, held on a
 * dedicated connection for the duration; on PGlite (one process) an in-process queue per destination.
 * Backups into the same repository are not blocked by this (restic's own locks order them). */
import "server-only";
import { dbHandle } from "@/lib/db";

const LOCK_CLASS = 72_616_020;
const local = new Map<string, Promise<unknown>>();

export async function withRepositoryExclusive<T>(destinationId: string, fn: () => Promise<T>): Promise<T> {
  const h = dbHandle();
  if (h.kind === "postgres") {
    const client = await h.pool.connect();
    try {
      await client.query("select pg_advisory_lock($1, hashtext($2))", [LOCK_CLASS, destinationId]);
      try {
        return await fn();
      } finally {
        await client.query("select pg_advisory_unlock($1, hashtext($2))", [LOCK_CLASS, destinationId]);
      }
    } finally {
      client.release();
    }
  }
  const before = local.get(destinationId) ?? Promise.resolve();
  const run = before.catch(() => {}).then(fn);
  local.set(destinationId, run);
  try {
    return await run;
  } finally {
    if (local.get(destinationId) === run) local.delete(destinationId);
  }
}
