/* One restore in the API.md shape: status, the backup it restores, the target environment, the safety
 * backup taken first (the "undo"), progress while it runs, and the error a user can act on. Read-only. */
import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { restores } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";

export type RestoreView = {
  id: string;
  status: (typeof restores.$inferSelect)["status"];
  backupId: string;
  targetEnvironmentId: string;
  safetyBackupId: string | null;
  scope: (typeof restores.$inferSelect)["scope"];
  paths: { sourceId: string; path: string }[] | null;
  jobId: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  progress?: NonNullable<(typeof restores.$inferSelect)["progress"]>;
  error?: { code: string; message: string };
};

export async function getRestore(id: string): Promise<RestoreView> {
  const [r] = isUuid(id) ? await getDb().select().from(restores).where(eq(restores.id, id)) : [];
  if (!r) throw new AppError("not_found", "This restore does not exist.");
  const active = r.status === "queued" || r.status === "running";
  return {
    id: r.id,
    status: r.status,
    backupId: r.backupId,
    targetEnvironmentId: r.targetEnvironmentId,
    safetyBackupId: r.safetyBackupId,
    scope: r.scope,
    paths: r.paths ?? null,
    jobId: r.jobId,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt ? r.startedAt.toISOString() : null,
    finishedAt: r.finishedAt ? r.finishedAt.toISOString() : null,
    ...(active && r.progress ? { progress: r.progress } : {}),
    ...(r.error ? { error: r.error } : {}),
  };
}
