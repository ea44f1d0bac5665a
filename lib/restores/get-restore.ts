/* One restore in the API.md shape: status, the backup it restores, the target environment (its id, and
 * in `target` the names and slugs a person or the panel needs to show and link it), the safety backup
 * taken first (the "undo"), progress while it runs, and the error a user can act on. Read-only. */
import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { environments, projects, restores } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";

export type RestoreView = {
  id: string;
  status: (typeof restores.$inferSelect)["status"];
  /** null for a restore to a point in time */
  backupId: string | null;
  /** A restore to a point in time: the source, the time asked for and the output. */
  pitr?: { sourceId: string; time: string; database: string; output: string; table?: string; newTable?: string };
  /** A restore to a point in time: the time of the last replayed commit (API.md). */
  recoveredTo?: string | null;
  targetEnvironmentId: string;
  /** Added to API.md's shape (compatible): what the target is called, for labels and links; null once
   * the target environment was deleted. */
  target: {
    environmentName: string;
    environmentSlug: string;
    projectId: string;
    projectName: string;
    projectSlug: string;
  } | null;
  safetyBackupId: string | null;
  scope: (typeof restores.$inferSelect)["scope"];
  /** Code-role sources were restored too (full / files scopes). */
  includeCode: boolean;
  /** Added to API.md's shape: folders mirrored (files added since removed) or merged (kept). */
  mode: (typeof restores.$inferSelect)["mode"];
  paths: { sourceId: string; path: string }[] | null;
  /** Added to API.md's shape: the sourceMap the restore was started with (backed-up → target source). */
  sourceMap: Record<string, string> | null;
  jobId: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  progress?: NonNullable<(typeof restores.$inferSelect)["progress"]>;
  /** The primary destination was unreachable and this off-site copy was restored from (lib/copies). */
  restoredFromCopy?: { destinationId: string; destinationName: string; message: string };
  error?: { code: string; message: string };
};

export async function getRestore(id: string): Promise<RestoreView> {
  const [row] = isUuid(id)
    ? await getDb()
        .select({
          r: restores,
          environmentName: environments.name,
          environmentSlug: environments.slug,
          projectId: projects.id,
          projectName: projects.name,
          projectSlug: projects.slug,
        })
        .from(restores)
        .leftJoin(environments, eq(environments.id, restores.targetEnvironmentId))
        .leftJoin(projects, eq(projects.id, environments.projectId))
        .where(eq(restores.id, id))
    : [];
  if (!row) throw new AppError("not_found", "This restore does not exist.");
  const { r, environmentName, environmentSlug, projectId, projectName, projectSlug } = row;
  const target =
    environmentName && environmentSlug && projectId && projectName && projectSlug
      ? { environmentName, environmentSlug, projectId, projectName, projectSlug }
      : null;
  const active = r.status === "queued" || r.status === "running";
  return {
    id: r.id,
    status: r.status,
    backupId: r.backupId,
    ...(r.pitr
      ? {
          pitr: {
            sourceId: r.pitr.sourceId,
            time: r.pitr.time,
            database: r.pitr.database,
            output: r.pitr.output,
            ...(r.pitr.table ? { table: r.pitr.table, newTable: r.pitr.newTable } : {}),
          },
          recoveredTo: r.recoveredTo?.toISOString() ?? null,
        }
      : {}),
    targetEnvironmentId: r.targetEnvironmentId,
    target,
    safetyBackupId: r.safetyBackupId,
    scope: r.scope,
    includeCode: r.includeCode,
    mode: r.mode,
    paths: r.paths ?? null,
    sourceMap: r.sourceMap ?? null,
    jobId: r.jobId,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt ? r.startedAt.toISOString() : null,
    finishedAt: r.finishedAt ? r.finishedAt.toISOString() : null,
    ...(active && r.progress ? { progress: r.progress } : {}),
    ...(r.restoredFromCopy ? { restoredFromCopy: r.restoredFromCopy } : {}),
    ...(r.error ? { error: r.error } : {}),
  };
}
