/* Report facts about backups, per environment in scope, in a fixed number of grouped queries: finished
 * backups by status in the period, scheduled slots whose backup started within 15 minutes, the good
 * backups' worst gap (lag() over finish times) with the first and last of the period, the last good
 * backup before the period, and the oldest good backup still kept. Safety backups (taken before a
 * restore) are not the schedule's work and are left out. */
import "server-only";
import { sql } from "drizzle-orm";
import { date, num, projectFilter, type ReportScope, rowsOf, ts } from "./report-scope";

export const ON_TIME_MINUTES = 15;

export type BackupFacts = {
  byStatus: Record<string, number>;
  slotsOnTime: number;
  goodInPeriod: { maxGapSeconds: number; firstAt: Date; lastAt: Date } | null;
  lastGoodBefore: Date | null;
  oldestKeptAt: Date | null;
};

export async function loadBackupFacts(s: ReportScope): Promise<Map<string, BackupFacts>> {
  const scope = projectFilter(s);
  const [counts, onTime, gaps, before, oldest] = await Promise.all([
    rowsOf(sql`select b.environment_id as env, b.status, count(*) as n
      from backups b join environments e on e.id = b.environment_id
      where b.trigger <> 'safety' and b.status in ('succeeded', 'partial', 'failed', 'cancelled')
        and b.created_at >= ${ts(s.from)} and b.created_at < ${ts(s.to)} ${scope}
      group by b.environment_id, b.status`),
    rowsOf(sql`select r.environment_id as env, count(distinct r.slot) as n
      from schedule_runs r join backups b on b.id = r.backup_id join environments e on e.id = r.environment_id
      where r.slot >= ${ts(s.from)} and r.slot < ${ts(s.slotEnd)}
        and b.started_at >= r.slot and b.started_at <= r.slot + make_interval(mins => ${ON_TIME_MINUTES}) ${scope}
      group by r.environment_id`),
    rowsOf(sql`select g.env, max(g.gap) as max_gap, min(g.finished_at) as first_at, max(g.finished_at) as last_at
      from (
        select b.environment_id as env, b.finished_at,
          extract(epoch from b.finished_at
            - lag(b.finished_at) over (partition by b.environment_id order by b.finished_at)) as gap
        from backups b join environments e on e.id = b.environment_id
        where b.status = 'succeeded' and b.trigger <> 'safety'
          and b.finished_at >= ${ts(s.from)} and b.finished_at < ${ts(s.end)} ${scope}
      ) g
      group by g.env`),
    rowsOf(sql`select b.environment_id as env, max(b.finished_at) as at
      from backups b join environments e on e.id = b.environment_id
      where b.status = 'succeeded' and b.trigger <> 'safety' and b.finished_at < ${ts(s.from)} ${scope}
      group by b.environment_id`),
    rowsOf(sql`select b.environment_id as env, min(b.created_at) as at
      from backups b join environments e on e.id = b.environment_id
      where b.status = 'succeeded' and b.trigger <> 'safety' and b.deleted_at is null ${scope}
      group by b.environment_id`),
  ]);
  const out = new Map<string, BackupFacts>();
  const get = (env: unknown) => {
    const id = String(env);
    let f = out.get(id);
    if (!f) {
      f = { byStatus: {}, slotsOnTime: 0, goodInPeriod: null, lastGoodBefore: null, oldestKeptAt: null };
      out.set(id, f);
    }
    return f;
  };
  for (const r of counts) get(r.env).byStatus[String(r.status)] = num(r.n);
  for (const r of onTime) get(r.env).slotsOnTime = num(r.n);
  for (const r of gaps) {
    get(r.env).goodInPeriod = { maxGapSeconds: num(r.max_gap), firstAt: date(r.first_at)!, lastAt: date(r.last_at)! };
  }
  for (const r of before) get(r.env).lastGoodBefore = date(r.at);
  for (const r of oldest) get(r.env).oldestKeptAt = date(r.at);
  return out;
}
