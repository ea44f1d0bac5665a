/* Turning PITR off or deleting a source drops its replication slot at once (ending the WAL sender that
 * uses it), so a slot never keeps WAL on the user's server after Lifeboat stopped wanting it. The
 * stream's holder also stops and drops on its next pass (supervisor.ts) — this covers a holder that is
 * gone. Best effort: an unreachable server is reported, not fatal. */
import "server-only";
import { dropSlot, postgresToolConnection, type SourceSpec } from "@/lib/engine";
import { errorInfo } from "@/lib/error-info";
import { logger } from "@/lib/logger";
import { slotName } from "./repository-layout";

export async function dropSourceSlot(spec: SourceSpec): Promise<{ dropped: boolean; problem?: string }> {
  try {
    return { dropped: await dropSlot(postgresToolConnection(spec), slotName(spec.id)) };
  } catch (e) {
    const problem = errorInfo(e).message;
    logger().warn({ sourceId: spec.id, problem }, "could not drop the PITR replication slot");
    return { dropped: false, problem };
  }
}
