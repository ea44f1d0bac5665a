/* What a job needs to know about an environment: the environment and its project, its sources (in a
 * stable order), and where its jobs must run (the worker label of its directory/SQLite sources). Its
 * effective backup settings come from lib/backup-settings (getEffectiveSettings); a backup, which needs
 * both, reads them together (loadEnvironmentForBackup: two queries at once). Read-only. */
import "server-only";
import { asc, eq, inArray } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { environments, projects, sources } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { type EffectiveSettings, getEnvironmentWithSettings } from "@/lib/backup-settings/effective-settings";

export type EnvironmentRow = typeof environments.$inferSelect;
export type SourceRow = typeof sources.$inferSelect;

export async function loadEnvironmentForJob(environmentId: string) {
  const db = getDb();
  const [env] = await db.select().from(environments).where(eq(environments.id, environmentId));
  if (!env) throw new AppError("not_found", "This environment does not exist (it may have been deleted).");
  const [project] = await db.select().from(projects).where(eq(projects.id, env.projectId));
  return { env, project: project!, sources: await sourcesOf(environmentId) };
}

function sourcesOf(environmentId: string): Promise<SourceRow[]> {
  return getDb()
    .select()
    .from(sources)
    .where(eq(sources.environmentId, environmentId))
    .orderBy(asc(sources.createdAt), asc(sources.id));
}

/** The environment, its sources (with their sealed secrets: the run opens them) and its effective
 * settings, for starting or running a backup; not_found when the environment does not exist. */
export async function loadEnvironmentForBackup(
  environmentId: string,
): Promise<{ env: EnvironmentRow; sources: SourceRow[]; settings: EffectiveSettings }> {
  if (!isUuid(environmentId))
    throw new AppError("not_found", "This environment does not exist (it may have been deleted).");
  const [{ env, settings }, srcs] = await Promise.all([
    getEnvironmentWithSettings(environmentId),
    sourcesOf(environmentId),
  ]);
  return { env, sources: srcs, settings };
}

/** Per environment: how many sources it has and the worker label its jobs need. */
export async function sourceSummaryMany(
  environmentIds: string[],
): Promise<Map<string, { count: number; label: string | null }>> {
  const out = new Map<string, { count: number; label: string | null }>();
  if (!environmentIds.length) return out;
  const rows = await getDb()
    .select({ env: sources.environmentId, type: sources.type, label: sources.workerLabel })
    .from(sources)
    .where(inArray(sources.environmentId, environmentIds))
    .orderBy(asc(sources.createdAt), asc(sources.id));
  for (const r of rows) {
    const cur = out.get(r.env) ?? { count: 0, label: null };
    cur.count++;
    if (!cur.label && (r.type === "directory" || r.type === "sqlite") && r.label) cur.label = r.label;
    out.set(r.env, cur);
  }
  return out;
}

/** The worker label that must run this environment's jobs (a directory/SQLite source pinned to a host). */
export function workerLabelFor(srcs: SourceRow[]): string | null {
  const pinned = srcs.find((s) => (s.type === "directory" || s.type === "sqlite") && s.workerLabel);
  return pinned?.workerLabel ?? null;
}
