/* Revokes an API token: its owner or an admin. Revoked tokens stop working at once (requireApiActor
 * checks revokedAt on every request); the row stays for the audit trail. */
import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { apiTokens } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { writeAudit } from "@/lib/audit/write-audit";
import { roleAtLeast, type Actor } from "@/lib/auth/roles";
import { isUuid } from "@/lib/ids";

export async function revokeApiToken(id: string, actor: Actor): Promise<void> {
  const [row] = isUuid(id) ? await getDb().select().from(apiTokens).where(eq(apiTokens.id, id)) : [];
  if (!row) throw new AppError("not_found", "This API token does not exist.");
  if (row.userId !== actor.id && !roleAtLeast(actor.role, "admin")) {
    await writeAudit({
      actor,
      action: "api_token.revoke",
      target: { type: "api_token", id, name: row.name || null },
      outcome: "denied",
    });
    // Same answer as an unknown id: do not confirm that someone else's token exists.
    throw new AppError("not_found", "This API token does not exist.");
  }
  if (!row.revokedAt) await getDb().update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, id));
  await writeAudit({ actor, action: "api_token.revoke", target: { type: "api_token", id, name: row.name || null } });
}
