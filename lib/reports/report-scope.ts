/* Which environments a report covers (all, or one project's) and the SQL helpers its fact queries
 * share: the period bounds as timestamptz parameters and the project filter on `environments e`. Raw
 * results differ between drivers (pg gives bigint and numeric as strings, PGlite may give numbers), so
 * rows are read through num()/date(). */
import "server-only";
import { asc, eq, type SQL, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { environments, projects } from "@/lib/db/schema";

/** `end` = min(to, now); `slotEnd` = min(to, now − 15 min): a slot younger than that may still start on time. */
export type ReportScope = { from: Date; to: Date; end: Date; slotEnd: Date; projectId?: string };

export type ScopedEnvironment = {
  id: string;
  name: string;
  projectId: string;
  projectName: string;
  type: "production" | "staging" | "development";
  active: boolean;
  createdAt: Date;
  /** Edited RPO target (null: the default) and the critical mark; lib/environments/rpo-target.ts. */
  rpoSeconds: number | null;
  critical: boolean;
};

export const ts = (d: Date): SQL => sql`${d.toISOString()}::timestamptz`;

/** `and e.project_id = …` when the report is for one project, else nothing. */
export const projectFilter = (s: ReportScope): SQL =>
  s.projectId ? sql`and e.project_id = ${s.projectId}::uuid` : sql``;

export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
export const date = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));

export async function rowsOf<T = Record<string, unknown>>(query: SQL): Promise<T[]> {
  return (await getDb().execute(query)).rows as T[];
}

export async function scopedEnvironments(s: ReportScope): Promise<ScopedEnvironment[]> {
  const q = getDb()
    .select({
      id: environments.id,
      name: environments.name,
      projectId: environments.projectId,
      projectName: projects.name,
      type: environments.type,
      active: environments.active,
      createdAt: environments.createdAt,
      rpoSeconds: environments.rpoSeconds,
      critical: environments.critical,
    })
    .from(environments)
    .innerJoin(projects, eq(projects.id, environments.projectId))
    .orderBy(asc(projects.name), asc(environments.name));
  const rows = s.projectId ? await q.where(eq(environments.projectId, s.projectId)) : await q;
  return rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt) }));
}
