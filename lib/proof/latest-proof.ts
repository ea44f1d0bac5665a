/* Read side of proof for the DR page and the dashboard: what counts as a good backup (one SQL rule),
 * the latest finished test restore and last proven restore per environment, and the latest finished
 * integrity check per destination. A fixed number of queries for any number of environments (DISTINCT
 * ON / grouped max), never one per environment. Reads only; the verify, check and drill modules write
 * these tables. Server-only. */
import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import type { ProofJobStatus } from "./schema";

/** A backup one may restore with confidence: succeeded, not deleted, not a safety backup, not found
 * damaged by an integrity check, and its verification did not fail. `b` is the backups alias. */
export function goodBackupSql(b: string): string {
  return `${b}.status = 'succeeded' and ${b}.deleted_at is null and ${b}.trigger <> 'safety'
    and not ${b}.damaged and coalesce(${b}.verification->>'status', 'passed') <> 'failed'`;
}

export type LatestTestRestore = {
  id: string;
  status: ProofJobStatus;
  finishedAt: string | null;
  durationSeconds: number | null;
};

export type TestRestoreFacts = { latest: LatestTestRestore | null; lastProvenAt: string | null };

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

async function rows(query: ReturnType<typeof sql>): Promise<Record<string, unknown>[]> {
  return (await getDb().execute(query)).rows as Record<string, unknown>[];
}

/** Per environment: the newest finished test restore (else the newest one at all) and when a test
 * restore last succeeded. */
export async function testRestoreFacts(envIds: string[]): Promise<Map<string, TestRestoreFacts>> {
  const out = new Map<string, TestRestoreFacts>();
  if (!envIds.length) return out;
  const ids = sql`array[${sql.join(
    envIds.map((id) => sql`${id}`),
    sql`, `,
  )}]::uuid[]`;
  const found = await rows(sql`
    select l.environment_id as env, l.id, l.status, l.finished_at,
           extract(epoch from l.finished_at - l.started_at) as duration, p.proven_at
    from (select distinct on (environment_id) environment_id, id, status, started_at, finished_at
          from test_restores where environment_id = any(${ids})
          order by environment_id, (finished_at is not null) desc, coalesce(finished_at, created_at) desc) l
    left join (select environment_id, max(finished_at) as proven_at from test_restores
               where environment_id = any(${ids}) and status = 'succeeded' group by environment_id) p
      on p.environment_id = l.environment_id`);
  for (const r of found) {
    out.set(String(r.env), {
      latest: {
        id: String(r.id),
        status: r.status as ProofJobStatus,
        finishedAt: iso(r.finished_at),
        durationSeconds: num(r.duration),
      },
      lastProvenAt: iso(r.proven_at),
    });
  }
  return out;
}

export type LatestCheck = { id: string; status: ProofJobStatus; finishedAt: string | null; destinationName: string };

/** Per destination: its newest finished integrity check (succeeded or failed). */
export async function latestChecksByDestination(): Promise<Map<string, LatestCheck>> {
  const found = await rows(sql`
    select distinct on (c.destination_id) c.destination_id as dest, c.id, c.status, c.finished_at, d.name
    from integrity_checks c join destinations d on d.id = c.destination_id
    where c.status in ('succeeded', 'failed') and c.finished_at is not null
    order by c.destination_id, c.finished_at desc`);
  return new Map(
    found.map((r) => [
      String(r.dest),
      {
        id: String(r.id),
        status: r.status as ProofJobStatus,
        finishedAt: iso(r.finished_at),
        destinationName: String(r.name),
      },
    ]),
  );
}
