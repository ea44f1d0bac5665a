/* What a destination holds, as Lifeboat counts it everywhere (storage_low, the check download estimate):
 * the deduplicated growth of its kept snapshots — the sum of added_bytes of the snapshots of backups that
 * are not deleted. One SQL fragment (a subquery yielding destination_id, stored) and one reader, so the
 * definition lives in one place. An approximation of the repository's size: restic's own figure needs a
 * `stats` run against the repository. */
import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db";

/** A subquery `(destination_id, stored)` for raw SQL (the alert rules' query runner takes text). */
export const STORED_BYTES_BY_DESTINATION_SQL = `(select bs.destination_id, sum(bs.added_bytes) as stored
  from backup_snapshots bs join backups b on b.id = bs.backup_id and b.deleted_at is null
  where bs.forgotten_at is null
  group by bs.destination_id)`;

/** Stored bytes per destination (a destination without kept snapshots is absent: 0). */
export async function storedBytesOf(ids: string[]): Promise<Map<string, number>> {
  if (!ids.length) return new Map();
  const { rows } = await getDb().execute<{ destination_id: string; stored: string | null }>(sql`
    select u.destination_id, u.stored from ${sql.raw(STORED_BYTES_BY_DESTINATION_SQL)} u
    where u.destination_id = any(${`{${ids.join(",")}}`}::uuid[])`);
  return new Map(rows.map((r) => [r.destination_id, Number(r.stored ?? 0)]));
}
