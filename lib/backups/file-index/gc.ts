/* Garbage collection of the file index: removes the folder pages that no kept, indexed snapshot reaches
 * any more (after retention forgot snapshots, or backups were deleted). Reachability is one recursive
 * query from the snapshots' root keys down the pages' subfolder keys; what is shared by a kept snapshot
 * stays. Run after retention; safe to run any time (a snapshot being indexed writes its pages before its
 * root, and pages written within the last hour are never removed). */
import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db";

export async function collectFileIndexPages(opts: { graceMinutes?: number } = {}): Promise<{ removed: number }> {
  const grace = opts.graceMinutes ?? 60;
  const { rows } = await getDb().execute(sql`
    with recursive live(key) as (
      select s.index_root from backup_snapshots s join backups b on b.id = s.backup_id
       where s.index_root is not null and s.forgotten_at is null and b.deleted_at is null
      union
      select unnest(p.children) from file_index_pages p join live on p.key = live.key
    ), gone as (
      delete from file_index_pages p
       where p.created_at < now() - make_interval(mins => ${grace})
         and not exists (select 1 from live where live.key = p.key)
      returning 1
    )
    select count(*)::int as n from gone`);
  return { removed: Number((rows[0] as { n: number } | undefined)?.n ?? 0) };
}
