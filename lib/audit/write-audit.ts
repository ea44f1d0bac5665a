/* Appends one entry to the audit log: who (actor), what (action like "project.create"), which target,
 * how it ended (success | failure | denied). Never throws into the caller: an audit write that fails is
 * logged, because refusing the user's operation after it happened would be worse. Details must not
 * contain secrets (callers pass names and ids, never configs with secrets). */
import "server-only";
import { getDb } from "@/lib/db";
import { auditLog } from "@/lib/db/schema";
import { logger } from "@/lib/logger";
import type { Actor } from "@/lib/auth/roles";

export type AuditOutcome = "success" | "failure" | "denied";

export type AuditEntry = {
  actor: Pick<Actor, "id" | "email"> & { ip?: string | null };
  action: string;
  target?: { type: string; id?: string | null; name?: string | null };
  outcome?: AuditOutcome;
  details?: Record<string, unknown>;
};

export async function writeAudit(entry: AuditEntry): Promise<void> {
  try {
    await getDb()
      .insert(auditLog)
      .values({
        actorId: entry.actor.id ?? null,
        actorEmail: entry.actor.email,
        action: entry.action,
        targetType: entry.target?.type ?? null,
        targetId: entry.target?.id ?? null,
        targetName: entry.target?.name ?? null,
        outcome: entry.outcome ?? "success",
        details: entry.details ?? null,
        ip: entry.actor.ip ?? null,
      });
  } catch (e) {
    logger().error({ action: entry.action, err: (e as Error).message }, "audit write failed");
  }
}
