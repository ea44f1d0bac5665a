/* Reads sources (secrets never included). */
import "server-only";
import { asc, eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { sources } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { toSourceView, type SourceView } from "./source-view";

export async function getSourceRow(id: string) {
  const row = isUuid(id) ? (await getDb().select().from(sources).where(eq(sources.id, id)))[0] : undefined;
  if (!row) throw new AppError("not_found", "This source does not exist (it may have been deleted).");
  return row;
}

export async function getSource(id: string): Promise<SourceView> {
  return toSourceView(await getSourceRow(id));
}

export async function listSources(environmentId: string): Promise<SourceView[]> {
  const rows = await getDb()
    .select()
    .from(sources)
    .where(eq(sources.environmentId, environmentId))
    .orderBy(asc(sources.name));
  return rows.map(toSourceView);
}
