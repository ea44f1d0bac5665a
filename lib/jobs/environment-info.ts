/* What a job needs to know about an environment: the environment and its project, its sources (in a
 * stable order) and its effective backup settings (lib/backup-settings owns defaults and inheritance;
 * this only reads them). Also where an environment's jobs must run: the worker label of its
 * directory/SQLite sources. Read-only. */
import "server-only";
import { asc, eq, inArray } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { environments, projects, sources } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { listEffectiveSettings } from "@/lib/backup-settings";

export type EnvironmentRow = typeof environments.$inferSelect;
export type SourceRow = typeof sources.$inferSelect;

export async function loadEnvironmentForJob(environmentId: string) {
  const db = getDb();
  const [env] = await db.select().from(environments).where(eq(environments.id, environmentId));
  if (!env) throw new AppError("not_found", "This environment does not exist (it may have been deleted).");
  const [project] = await db.select().from(projects).where(eq(projects.id, env.projectId));
  const srcs = await db
    .select()
    .from(sources)
    .where(eq(sources.environmentId, environmentId))
    .orderBy(asc(sources.createdAt), asc(sources.id));
  return { env, project: project!, sources: srcs };
}

export type EffectiveJobSettings = {
  destinationIds: string[];
  live: boolean;
  maxManualBackups: number | null;
  retention: unknown;
  hooks: {
    pre?: { command: string; timeoutSeconds?: number };
    post?: { command: string; timeoutSeconds?: number };
  } | null;
};

/** Effective settings (lib/backup-settings: own row → type defaults; destinations own → project default
 * → global default) of many environments in two queries. */
export async function loadJobSettingsMany(environmentIds: string[]): Promise<Map<string, EffectiveJobSettings>> {
  const out = new Map<string, EffectiveJobSettings>();
  for (const s of await listEffectiveSettings({ ids: [...new Set(environmentIds)] })) {
    out.set(s.environmentId, {
      destinationIds: s.destinationIds,
      live: s.live,
      maxManualBackups: s.maxManualBackups,
      retention: s.retention,
      hooks: s.hooks,
    });
  }
  return out;
}

export async function loadJobSettings(environmentId: string): Promise<EffectiveJobSettings> {
  const s = (await loadJobSettingsMany([environmentId])).get(environmentId);
  if (!s) throw new AppError("not_found", "This environment does not exist (it may have been deleted).");
  return s;
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
