/* The data bench/load.ts browses, written straight into Lifeboat's database (PGlite directory or a
 * PostgreSQL URL) with set-based SQL: `count` succeeded backups of one environment, newest an hour
 * apart, each with one snapshot row of the environment's directory source, and a file index for the
 * newest `indexed` snapshots (folders d0..d9 of `perDir` files each plus 20 files at the top). */
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";

export type LoadSeed = {
  environmentId: string;
  sourceId: string;
  destinationId: string;
  root: string;
  count: number;
  indexed: number;
  perDir: number;
};

/** The folders above the root, as restic lists them: ("/", "srv"), ("/srv", "site") for /srv/site. */
function ancestors(root: string): [string, string][] {
  const parts = root.split("/").filter(Boolean);
  return parts.map((name, i) => [`/${parts.slice(0, i).join("/")}`, name]);
}

function seedSql(s: LoadSeed): string {
  const env = `'${s.environmentId}'::uuid`;
  const above = ancestors(s.root)
    .map(([parent, name]) => `select n.id, '${parent}', '${name}', 'dir', 0, now() from newest n\nunion all\n`)
    .join("");
  return `
insert into backups (environment_id, status, trigger, live, created_at, started_at, finished_at, total_bytes, added_bytes, progress)
select ${env}, 'succeeded', 'scheduled', true,
       now() - (g || ' hours')::interval,
       now() - (g || ' hours')::interval + interval '1 second',
       now() - (g || ' hours')::interval + interval '40 seconds',
       1048576 * 30 + g, 4096 * (g % 50),
       jsonb_build_object('percent', 100, 'bytesDone', 31457280, 'bytesTotal', 31457280, 'filesDone', 3020, 'etaSeconds', 0)
from generate_series(1, ${s.count}) g;

insert into backup_snapshots (backup_id, source_id, destination_id, source_name, source_type, status, snapshot_id,
  total_bytes, added_bytes, files_total, duration_ms, warnings, started_at, finished_at, indexed_at, manifest)
select b.id, '${s.sourceId}'::uuid, '${s.destinationId}'::uuid, 'site', 'directory', 'succeeded',
       md5(b.id::text) || md5(b.created_at::text), b.total_bytes, b.added_bytes, 3020, 39000, '[]'::jsonb,
       b.started_at, b.finished_at, b.finished_at,
       jsonb_build_object('kind', 'files', 'files', 3020, 'bytes', b.total_bytes)
from backups b where b.environment_id = ${env};

with newest as (
  select s.id from backup_snapshots s join backups b on b.id = s.backup_id
  where b.environment_id = ${env} order by b.created_at desc limit ${s.indexed}
)
insert into snapshot_files (snapshot_row_id, parent, name, type, size, mtime)
${above}select n.id, '${s.root}', 'd' || d, 'dir', 0, now() from newest n, generate_series(0, 9) d
union all
select n.id, '${s.root}', 'top-' || lpad(f::text, 3, '0') || '.txt', 'file', 100 + f, now()
from newest n, generate_series(1, 20) f
union all
select n.id, '${s.root}/d' || d, 'file-' || lpad(f::text, 5, '0') || '.bin', 'file', 1000 + f, now() - (f || ' minutes')::interval
from newest n, generate_series(0, 9) d, generate_series(1, ${s.perDir}) f;
analyze backups; analyze backup_snapshots; analyze snapshot_files;`;
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
