/* The PostgreSQL sources of an environment with point-in-time recovery on (`config.pitr.enabled`, set by
 * the WAL stream's side), as the Backups tab lists them: id and name only. */
import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { sources } from "@/lib/db/schema";

export async function listPitrSources(environmentId: string): Promise<{ id: string; name: string }[]> {
  const rows = await getDb()
    .select({ id: sources.id, name: sources.name, config: sources.config })
    .from(sources)
    .where(and(eq(sources.environmentId, environmentId), eq(sources.type, "postgres")));
  return rows
    .filter((r) => (r.config as { pitr?: { enabled?: boolean } }).pitr?.enabled === true)
    .map((r) => ({ id: r.id, name: r.name }));
}
