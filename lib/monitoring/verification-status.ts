/* The Monitoring tab's verification status: the newest backup of the environment that carries a
 * verification (backups.verification, filled by the backup job's checks), with its status and checks;
 * null when no backup was verified yet. One query. */
import "server-only";
import { and, desc, eq, isNotNull, isNull } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { backups } from "@/lib/db/schema";
import type { TVerification } from "@/lib/proof/schema";

export type VerificationSummary = { backupId: string; at: string; verification: TVerification };

export async function latestVerification(environmentId: string): Promise<VerificationSummary | null> {
  const [row] = await getDb()
    .select({ id: backups.id, at: backups.createdAt, verification: backups.verification })
    .from(backups)
    .where(and(eq(backups.environmentId, environmentId), isNull(backups.deletedAt), isNotNull(backups.verification)))
    .orderBy(desc(backups.createdAt))
    .limit(1);
  return row?.verification ? { backupId: row.id, at: row.at.toISOString(), verification: row.verification } : null;
}
