/* healthchecks.io-style pings: for each healthchecks channel, the watched environment's backups that
 * started since the channel's start cursor become a /start ping, and those that finished since its
 * cursor one ping each (success, or /fail for failed and partial ones) with the run's log as body; in
 * time order, so a run's start goes before its end. The cursors move in the same transaction, so each
 * event is pinged once. Pings are planned by the evaluator pass, so a start is told at most one
 * evaluation interval late. Not an alert: the dead-man's switch is the healthchecks service noticing
 * that pings stopped. */
import "server-only";
import type { SqlRunner } from "@/lib/jobs/tx";
import type { PlannedDelivery } from "@/lib/notify/deliveries";
import type { NotifyMessage } from "@/lib/notify/message";

const PER_PASS = 20;

type LogLine = { at: string; level: string; message: string };
type PingEvent = { at: Date; message: NotifyMessage };

async function finishPings(q: SqlRunner, envId: string, cursor: unknown, now: Date) {
  const { rows } = await q.executeSql(
    `select b.id, b.status, b.finished_at, b.error, j.log, e.name as env_name, p.name as project_name
     from backups b
     join environments e on e.id = b.environment_id
     join projects p on p.id = e.project_id
     left join jobs j on j.id = b.job_id
     where b.environment_id = $1::uuid and b.status in ('succeeded', 'partial', 'failed')
       and b.finished_at > coalesce($2::timestamptz, '-infinity') and b.finished_at <= $3::timestamptz
     order by b.finished_at limit ${PER_PASS}`,
    [envId, cursor, now.toISOString()],
  );
  const events: PingEvent[] = rows.map((b) => {
    const ok = b.status === "succeeded";
    const subject = `${b.project_name} / ${b.env_name}`;
    const log = ((b.log ?? []) as LogLine[]).map((l) => `${l.at} ${l.level} ${l.message}`).join("\n");
    return {
      at: new Date(b.finished_at),
      message: {
        event: ok ? "ping.success" : "ping.fail",
        severity: ok ? "info" : "critical",
        title: `${subject}: backup ${b.status}`,
        lines: [ok ? `${subject}: backup succeeded.` : `${subject}: backup ${b.status}: ${b.error?.message ?? ""}`],
        alerts: [],
        sentAt: now.toISOString(),
        log: log || undefined,
      },
    };
  });
  return { events, last: rows.at(-1)?.finished_at };
}

async function startPings(q: SqlRunner, envId: string, cursor: unknown, now: Date) {
  const { rows } = await q.executeSql(
    `select b.started_at, e.name as env_name, p.name as project_name
     from backups b
     join environments e on e.id = b.environment_id
     join projects p on p.id = e.project_id
     where b.environment_id = $1::uuid and b.started_at is not null
       and b.started_at > coalesce($2::timestamptz, '-infinity') and b.started_at <= $3::timestamptz
     order by b.started_at limit ${PER_PASS}`,
    [envId, cursor, now.toISOString()],
  );
  const events: PingEvent[] = rows.map((b) => {
    const subject = `${b.project_name} / ${b.env_name}`;
    return {
      at: new Date(b.started_at),
      message: {
        event: "ping.start",
        severity: "info",
        title: `${subject}: backup started`,
        lines: [`${subject}: backup started.`],
        alerts: [],
        sentAt: now.toISOString(),
      },
    };
  });
  return { events, last: rows.at(-1)?.started_at };
}

export async function planPings(q: SqlRunner, now: Date): Promise<PlannedDelivery[]> {
  const { rows: channels } = await q.executeSql(
    "select id, config, ping_cursor, ping_start_cursor from notification_channels where type = 'healthchecks'",
  );
  const out: PlannedDelivery[] = [];
  for (const ch of channels) {
    const envId = ch.config?.environmentId as string | undefined;
    if (!envId) continue;
    const starts = await startPings(q, envId, ch.ping_start_cursor ?? ch.ping_cursor, now);
    const ends = await finishPings(q, envId, ch.ping_cursor, now);
    const events = [...starts.events, ...ends.events].sort((a, b) => a.at.getTime() - b.at.getTime());
    for (const e of events) out.push({ channelId: ch.id, message: e.message });
    if (!events.length) continue;
    await q.executeSql(
      `update notification_channels set ping_cursor = coalesce($2::timestamptz, ping_cursor),
              ping_start_cursor = coalesce($3::timestamptz, ping_start_cursor, ping_cursor) where id = $1::uuid`,
      [ch.id, ends.last ?? null, starts.last ?? null],
    );
  }
  return out;
}
