/* The data bench/load.ts browses, written straight into Lifeboat's database (PGlite directory or a
 * PostgreSQL URL) with set-based SQL: `count` succeeded backups of one environment, newest an hour
 * apart (all older than the environment's one real backup), each with one snapshot row of the
 * environment's directory source. The file index is the real one: bench/load.ts first takes a real
 * backup of the same folder through the panel, which indexes it (file_index_pages); every seeded
 * snapshot row shares that snapshot's root key, as the panel itself does for an unchanged tree. */
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";

export type LoadSeed = {
  environmentId: string;
  sourceId: string;
  destinationId: string;
  count: number;
};

function seedSql(s: LoadSeed): string {
  const env = `'${s.environmentId}'::uuid`;
  return `
insert into backups (environment_id, status, trigger, live, created_at, started_at, finished_at, total_bytes, added_bytes, progress)
select ${env}, 'succeeded', 'scheduled', true,
       now() - (g || ' hours')::interval,
       now() - (g || ' hours')::interval + interval '1 second',
       now() - (g || ' hours')::interval + interval '40 seconds',
       1048576 * 30 + g, 4096 * (g % 50),
       jsonb_build_object('percent', 100, 'bytesDone', 31457280, 'bytesTotal', 31457280, 'filesDone', 3020, 'etaSeconds', 0)
from generate_series(1, ${s.count}) g;

with real as (
  select s.index_root from backup_snapshots s
  where s.source_id = '${s.sourceId}'::uuid and s.index_root is not null limit 1
)
insert into backup_snapshots (backup_id, source_id, destination_id, source_name, source_type, status, snapshot_id,
  total_bytes, added_bytes, files_total, duration_ms, warnings, started_at, finished_at, indexed_at, index_root, manifest)
select b.id, '${s.sourceId}'::uuid, '${s.destinationId}'::uuid, 'site', 'directory', 'succeeded',
       md5(b.id::text) || md5(b.created_at::text), b.total_bytes, b.added_bytes, 3020, 39000, '[]'::jsonb,
       b.started_at, b.finished_at, b.finished_at, (select index_root from real),
       jsonb_build_object('kind', 'files', 'files', 3020, 'bytes', b.total_bytes)
from backups b
where b.environment_id = ${env} and not exists (select 1 from backup_snapshots x where x.backup_id = b.id);
analyze backups; analyze backup_snapshots; analyze file_index_pages;`;
}

/** Seeds into the PGlite directory `pgliteDir` (the panel must be stopped) or the PostgreSQL `url`. */
export async function seedLoad(target: { pgliteDir: string } | { url: string }, s: LoadSeed): Promise<void> {
  const text = seedSql(s);
  if ("url" in target) {
    const c = new pg.Client({ connectionString: target.url });
    await c.connect();
    try {
      await c.query(text);
    } finally {
      await c.end();
    }
    return;
  }
  const db = new PGlite(target.pgliteDir);
  try {
    await db.exec(text);
  } finally {
    await db.close();
  }
}
