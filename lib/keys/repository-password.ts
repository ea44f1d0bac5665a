/* Which password opens a destination's repository when a rotation was interrupted. The stored password
 * (`repoPasswordEnc`) is tried first; when it does not open and a pending one (written before
 * `restic key add`, see rotate/run-rotation.ts) does, the pending one is promoted — conditionally on the
 * row still holding that very pending value, so it is safe without the repository lock and never
 * overwrites a newer password. Costs a restic run only while a pending password exists. */
import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { destinations } from "@/lib/db/schema";
import { loadDestinationRepo } from "@/lib/destinations/load-destination-repo";
import { passwordOpens, type Repo } from "@/lib/engine";
import { logger } from "@/lib/logger";
import { openSecret } from "@/lib/secrets";

export type PasswordResolution = "stored" | "promoted" | "none_opens" | "no_pending";

/** Makes the stored password the one that opens, if a pending one is what opens. */
export async function reconcilePendingPassword(
  destinationId: string,
  opts: { signal?: AbortSignal } = {},
): Promise<PasswordResolution> {
  const [row] = await getDb()
    .select({ pending: destinations.pendingRepoPasswordEnc, name: destinations.name })
    .from(destinations)
    .where(eq(destinations.id, destinationId));
  if (!row?.pending) return "no_pending";
  const repo = await loadDestinationRepo(destinationId);
  if (await passwordOpens(repo, opts)) return "stored";
  const pendingRepo: Repo = { ...repo, password: openSecret(row.pending) };
  if (!(await passwordOpens(pendingRepo, opts))) return "none_opens";
  const promoted = await getDb()
    .update(destinations)
    .set({
      repoPasswordEnc: row.pending,
      pendingRepoPasswordEnc: null,
      keyRotatedAt: new Date(),
      updatedAt: new Date(),
    })
    .where(and(eq(destinations.id, destinationId), eq(destinations.pendingRepoPasswordEnc, row.pending)))
    .returning({ id: destinations.id });
  if (promoted.length)
    logger().warn({ destination: row.name }, "the stored repository password no longer opened; the pending one did");
  return promoted.length ? "promoted" : "stored";
}

/** The destination's Repo with the password that opens it (after reconciling a pending one). */
export async function loadWorkingRepo(destinationId: string, opts: { signal?: AbortSignal } = {}): Promise<Repo> {
  await reconcilePendingPassword(destinationId, opts);
  return loadDestinationRepo(destinationId);
}
