/* Revokes every live API token of one user at once (their password changed or was reset). The rows
 * stay, marked revoked, for the audit trail; requireApiActor refuses them from now on. */
import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { apiTokens } from "@/lib/db/schema";

export async function revokeUserApiTokens(userId: string): Promise<number> {
  const rows = await getDb()
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length;
}
