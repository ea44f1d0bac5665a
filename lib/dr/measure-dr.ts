/* What the DR page measures for one environment, in ONE query: its newest good backup and the worst gap
 * between good backups over the 30 days before `now`, the gap from the newest good backup to now
 * included. The gap that crosses the window's start counts whole (the exposure at any moment inside the
 * window is the time since the good backup before it). Before an environment's first good backup there
 * is no gap to measure. A window function (lag) over the environment's good backups, walked through the
 * (environment_id, created_at) index: milliseconds for 10,000 backups. Server-only. */
import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { goodBackupSql } from "@/lib/proof/latest-proof";

export const DR_WINDOW_DAYS = 30;

export type MeasuredBackups = {
  lastGoodBackupId: string | null;
  lastGoodBackupAt: string | null;
  worstGapSeconds30d: number | null;
};

export async function measureBackups(environmentId: string, now: Date): Promise<MeasuredBackups> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const from = sql`(${at} - make_interval(days => ${DR_WINDOW_DAYS}))`;
  const good = sql.raw(goodBackupSql("b"));
  const res = await getDb().execute(sql`
    with g as (
      select b.id, b.finished_at as t from backups b
      where b.environment_id = ${environmentId} and b.finished_at is not null and b.finished_at <= ${at} and ${good}
    ),
    anchor as (select coalesce(max(t), ${from}) as a from g where t < ${from}),
    w as (select t, lag(t) over (order by t) as prev from g where t >= (select a from anchor)),
    newest as (select id, t from g order by t desc limit 1)
    select (select id from newest) as id, (select t from newest) as t,
           greatest((select max(extract(epoch from t - prev)) from w where t >= ${from} and prev is not null),
                    (select extract(epoch from ${at} - t) from newest)) as worst`);
  const r = res.rows[0] as Record<string, unknown> | undefined;
  return {
    lastGoodBackupId: r?.id ? String(r.id) : null,
    lastGoodBackupAt: r?.t ? new Date(r.t as string).toISOString() : null,
    worstGapSeconds30d: r?.worst === null || r?.worst === undefined ? null : Math.round(Number(r.worst)),
  };
}
