/* Report facts about what protects an environment beyond its backups, per environment in scope, in a
 * fixed number of grouped queries: storage per destination at the period's end and start (what kept
 * snapshots added; a backup counts while it was not yet deleted), whether a snapshot reached a
 * non-local destination in the period, restores into it in the period, the newest successful restore
 * or test restore of one of its backups before the period end, open check/verification alerts and the
 * last verification job's result. */
import "server-only";
import { sql } from "drizzle-orm";
import { date, num, projectFilter, type ReportScope, rowsOf, ts } from "./report-scope";

export const CHECK_ALERT_KINDS = ["check_failed", "verification_failed", "test_restore_failed"];

export type StoragePerDestination = { destinationId: string; bytesAtEnd: number; bytesAtStart: number };

export type ProofFacts = {
  storage: StoragePerDestination[];
  offsiteInPeriod: boolean;
  restoresInPeriod: number;
  lastRestoreAt: Date | null;
  lastProvenRestoreAt: Date | null;
  openCheckAlerts: number;
  lastVerifyFailed: boolean;
};

export async function loadProofFacts(s: ReportScope): Promise<Map<string, ProofFacts>> {
  const scope = projectFilter(s);
  const alive = (t: Date) => sql`b.created_at < ${ts(t)} and (b.deleted_at is null or b.deleted_at >= ${ts(t)})`;
  const [storage, restores, proven, alerts, verify] = await Promise.all([
    rowsOf(sql`select b.environment_id as env, x.destination_id as dest,
        coalesce(sum(x.added_bytes) filter (where ${alive(s.to)}), 0) as at_end,
        coalesce(sum(x.added_bytes) filter (where ${alive(s.from)}), 0) as at_start,
        coalesce(bool_or(x.status = 'succeeded' and d.type is not null and d.type <> 'local'
          and b.created_at >= ${ts(s.from)} and b.created_at < ${ts(s.to)}), false) as offsite
      from backup_snapshots x join backups b on b.id = x.backup_id join environments e on e.id = b.environment_id
      left join destinations d on d.id = x.destination_id
      where true ${scope}
      group by b.environment_id, x.destination_id`),
    rowsOf(sql`select r.target_environment_id as env,
        count(*) filter (where r.created_at >= ${ts(s.from)} and r.created_at < ${ts(s.to)}) as n,
        max(r.finished_at) filter (where r.finished_at < ${ts(s.to)}) as last_at
      from restores r join environments e on e.id = r.target_environment_id
      where r.status = 'succeeded' ${scope}
      group by r.target_environment_id`),
    rowsOf(sql`select p.env, max(p.at) as at from (
        select b.environment_id as env, r.finished_at as at
        from restores r join backups b on b.id = r.backup_id join environments e on e.id = b.environment_id
        where r.status = 'succeeded' and r.finished_at < ${ts(s.to)} ${scope}
        union all
        select j.environment_id as env, j.finished_at as at
        from jobs j join environments e on e.id = j.environment_id
        where j.kind = 'test_restore' and j.status = 'succeeded' and j.finished_at < ${ts(s.to)} ${scope}
      ) p group by p.env`),
    rowsOf(sql`select a.environment_id as env, count(*) as n
      from alerts a join environments e on e.id = a.environment_id
      where a.resolved_at is null and a.kind in (${sql.join(
        CHECK_ALERT_KINDS.map((k) => sql`${k}`),
        sql`, `,
      )}) ${scope}
      group by a.environment_id`),
    rowsOf(sql`select distinct on (j.environment_id) j.environment_id as env, j.status
      from jobs j join environments e on e.id = j.environment_id
      where j.kind = 'verify' and j.status in ('succeeded', 'partial', 'failed') ${scope}
      order by j.environment_id, j.finished_at desc nulls last, j.created_at desc`),
  ]);
  const out = new Map<string, ProofFacts>();
  const get = (env: unknown) => {
    const id = String(env);
    let f = out.get(id);
    if (!f) {
      f = {
        storage: [],
        offsiteInPeriod: false,
        restoresInPeriod: 0,
        lastRestoreAt: null,
        lastProvenRestoreAt: null,
        openCheckAlerts: 0,
        lastVerifyFailed: false,
      };
      out.set(id, f);
    }
    return f;
  };
  for (const r of storage) {
    const f = get(r.env);
    f.storage.push({ destinationId: String(r.dest), bytesAtEnd: num(r.at_end), bytesAtStart: num(r.at_start) });
    f.offsiteInPeriod ||= r.offsite === true || r.offsite === "t";
  }
  for (const r of restores) {
    const f = get(r.env);
    f.restoresInPeriod = num(r.n);
    f.lastRestoreAt = date(r.last_at);
  }
  for (const r of proven) get(r.env).lastProvenRestoreAt = date(r.at);
  for (const r of alerts) get(r.env).openCheckAlerts = num(r.n);
  for (const r of verify) get(r.env).lastVerifyFailed = r.status !== "succeeded";
  return out;
}
