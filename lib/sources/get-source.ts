/* Reads sources (secrets never included). */
import "server-only";
import { asc, eq, inArray } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { sources } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { pitrStatuses } from "@/lib/pitr/pitr-status";
import { toSourceView, type SourceView } from "./source-view";

export async function getSourceRow(id: string) {
  const row = isUuid(id) ? (await getDb().select().from(sources).where(eq(sources.id, id)))[0] : undefined;
  if (!row) throw new AppError("not_found", "This source does not exist (it may have been deleted).");
  return row;
}

export async function getSource(id: string): Promise<SourceView> {
  return withPitrStatus(toSourceView(await getSourceRow(id)));
}

/** Adds `pitr` (API.md §Point-in-time recovery) to PostgreSQL sources. */
export async function withPitrStatus(view: SourceView): Promise<SourceView> {
  const status = (await pitrStatuses([view])).get(view.id);
  return status ? { ...view, pitr: status } : view;
}

export async function listSources(environmentId: string): Promise<SourceView[]> {
  const rows = await getDb()
    .select()
    .from(sources)
    .where(eq(sources.environmentId, environmentId))
    .orderBy(asc(sources.name));
  const statuses = await pitrStatuses(rows);
  return rows.map((r) => {
    const v = toSourceView(r);
    const status = statuses.get(r.id);
    return status ? { ...v, pitr: status } : v;
  });
}

export type SourceName = { id: string; name: string; type: SourceView["type"] };

/** Each environment's sources as id, name and type (by name), for many environments in one query: the
 * backup detail page lists what every environment of the project calls its sources (the Restore
 * dialog maps backed-up sources onto them), and reading them one environment at a time was one query
 * per environment on every render. */
export async function listSourceNames(environmentIds: string[]): Promise<Map<string, SourceName[]>> {
  const out = new Map<string, SourceName[]>(environmentIds.map((id) => [id, []]));
  if (!environmentIds.length) return out;
  const rows = await getDb()
    .select({ environmentId: sources.environmentId, id: sources.id, name: sources.name, type: sources.type })
    .from(sources)
    .where(inArray(sources.environmentId, environmentIds))
    .orderBy(asc(sources.name));
  for (const r of rows) out.get(r.environmentId)?.push({ id: r.id, name: r.name, type: r.type });
  return out;
}
