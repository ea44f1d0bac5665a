/* The restore run's first step: a safety backup of the target (lib/backups/safety-backup.ts), recorded
 * on the restore row; a retried attempt reuses one that already succeeded. Returns why nothing may be
 * restored, or null when the restore may go on; throws Cancelled when a cancel stopped it. */
import "server-only";
import { eq } from "drizzle-orm";
import { createSafetyBackup, runSafetyBackup, safetyBackupSucceeded } from "@/lib/backups/safety-backup";
import { getDb } from "@/lib/db";
import { restores } from "@/lib/db/schema";
import type { ErrorInfo } from "@/lib/db/schema/backups";
import { Cancelled } from "@/lib/engine";
import { safetyScopeForRestore } from "../safety-scope";
import type { RestoreJobContext } from "./index";

export async function safetyBackup(
  ctx: RestoreJobContext,
  restoreId: string,
  targetEnvId: string,
  existing: string | null,
): Promise<ErrorInfo | null> {
  let id = existing;
  if (id && (await safetyBackupSucceeded(id))) return null;
  // The safety backup covers only what this restore replaces (lib/restores/safety-scope).
  const scope = await safetyScopeForRestore(restoreId);
  if (!scope.length) {
    await ctx.log("info", "Nothing this restore replaces exists now, so there is nothing to save first.");
    return null;
  }
  if (!id) {
    id = await createSafetyBackup(targetEnvId, ctx.jobId);
    await getDb().update(restores).set({ safetyBackupId: id }).where(eq(restores.id, restoreId));
  }
  await ctx.log("info", "Taking a safety backup of the target before restoring.");
  const outcome = await runSafetyBackup(ctx, id, scope);
  if (outcome.status === "succeeded") return null;
  if (outcome.status === "cancelled") throw new Cancelled("Cancelled during the safety backup.");
  return {
    code: "safety_backup_failed",
    message: `The safety backup of the target did not succeed (${outcome.error?.message ?? outcome.status}), so nothing was restored. Fix that and restore again.`,
  };
}
