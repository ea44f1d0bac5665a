/* healthchecks.io-style pings: for each healthchecks channel, the watched environment's backups that
 * finished since the channel's cursor become one ping each (success, or /fail for failed and partial
 * ones) with the run's log as body; the cursor moves in the same transaction, so each backup is pinged
 * once. Not an alert: the dead-man's switch is the healthchecks service noticing that pings stopped. */
import "server-only";
import type { SqlRunner } from "@/lib/jobs/tx";
import type { PlannedDelivery } from "@/lib/notify/deliveries";
import type { NotifyMessage } from "@/lib/notify/message";

const PER_PASS = 20;

type LogLine = { at: string; level: string; message: string };

export async function planPings(q: SqlRunner, now: Date): Promise<PlannedDelivery[]> {
  const { rows: channels } = await q.executeSql(
    "select id, config, ping_cursor from notification_channels where type = 'healthchecks'",
  );
  const out: PlannedDelivery[] = [];
  for (const ch of channels) {
    const envId = ch.config?.environmentId as string | undefined;
    if (!envId) continue;
    const { rows } = await q.executeSql(
      `select b.id, b.status, b.finished_at, b.error, j.log, e.name as env_name, p.name as project_name
       from backups b
       join environments e on e.id = b.environment_id
       join projects p on p.id = e.project_id
       left join jobs j on j.id = b.job_id
       where b.environment_id = $1::uuid and b.status in ('succeeded', 'partial', 'failed')
         and b.finished_at > coalesce($2::timestamptz, '-infinity') and b.finished_at <= $3::timestamptz
       order by b.finished_at limit ${PER_PASS}`,
      [envId, ch.ping_cursor, now.toISOString()],
    );
    if (!rows.length) continue;
    for (const b of rows) {
      const ok = b.status === "succeeded";
      const subject = `${b.project_name} / ${b.env_name}`;
      const log = ((b.log ?? []) as LogLine[]).map((l) => `${l.at} ${l.level} ${l.message}`).join("\n");
      const message: NotifyMessage = {
        event: ok ? "ping.success" : "ping.fail",
        severity: ok ? "info" : "critical",
        title: `${subject}: backup ${b.status}`,
        lines: [ok ? `${subject}: backup succeeded.` : `${subject}: backup ${b.status}: ${b.error?.message ?? ""}`],
        alerts: [],
        sentAt: now.toISOString(),
        log: log || undefined,
      };
      out.push({ channelId: ch.id, message });
    }
    await q.executeSql("update notification_channels set ping_cursor = $2::timestamptz where id = $1::uuid", [
      ch.id,
      rows.at(-1)!.finished_at,
    ]);
  }
  return out;
}
