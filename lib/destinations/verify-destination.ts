/* Checks that Lifeboat can use a destination (reachable, TLS trusted, credentials accepted, bucket there,
 * password opens the repository) and, unless told not to, initialises an empty one. The engine's
 * verifyDestination does the probing (read-only, no lock); creating the repository goes through
 * initializeRepositoryNow, under the destination's exclusive repository lock. This records
 * `initializedAt` and the audit entry. */
import "server-only";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { destinations } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/roles";
import { DestinationConfigInvalid, verifyDestination, type VerifyResult } from "@/lib/engine";
import { initializeRepositoryNow } from "./ensure-repository-initialized";
import { loadDestinationSpec } from "./load-destination-spec";

export const ZVerifyDestination = z.object({
  /** Initialise the repository when the destination is empty (default true). */
  init: z.boolean().default(true),
});
export type TVerifyDestination = z.input<typeof ZVerifyDestination>;
export type DestinationVerifyResult = VerifyResult;

export async function verifyDestinationById(
  id: string,
  input: TVerifyDestination,
  actor: Actor,
): Promise<DestinationVerifyResult> {
  const data = ZVerifyDestination.parse(input);
  const { id: _id, name, ...spec } = await loadDestinationSpec(id);
  let result: VerifyResult;
  try {
    result = await verifyDestination(spec, { dataDir: env().dataDir, init: false });
    // Only an empty place is initialised, and only under the lock (which probes again once held).
    if (result.ok && !result.initialized && data.init) result = await initializeRepositoryNow(id, { waitMs: 30_000 });
  } catch (e) {
    if (e instanceof DestinationConfigInvalid) {
      await writeAudit({
        actor,
        action: "destination.verify",
        target: { type: "destination", id, name },
        outcome: "failure",
        details: { problem: "config" },
      });
      throw new AppError(
        "unprocessable",
        `Destination ${name} is not configured correctly: ${e.message}. Edit it and try again.`,
      );
    }
    throw e;
  }
  if (result.ok && result.initialized && !result.created) {
    // A repository that was already there: record when Lifeboat first saw it, never move that later.
    await getDb()
      .update(destinations)
      .set({ initializedAt: sql`coalesce(${destinations.initializedAt}, now())` })
      .where(eq(destinations.id, id));
  }
  await writeAudit({
    actor,
    action: "destination.verify",
    target: { type: "destination", id, name },
    outcome: result.ok ? "success" : "failure",
    details: result.ok ? { initialized: result.initialized, created: result.created } : { problem: result.problem },
  });
  return result;
}
