/* Deliveries: one planned message to one channel, sent by `deliverDue` with retries and backoff
 * (30 s, 2 min, 10 min, 30 min, 2 h; six attempts in all, then "failed" and visible on the channel).
 * Claiming is `for update skip locked` plus a short sending lease, so two processes never send the same
 * delivery at once and a process that died mid-send is taken over after the lease. A failing channel
 * costs only its own deliveries: every other channel is still sent in the same pass. */
import "server-only";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { notificationDeliveries } from "@/lib/db/schema";
import type { SqlRunner } from "@/lib/jobs/tx";
import { logger } from "@/lib/logger";
import { openChannelSecrets, type ChannelRow } from "./channel-view";
import { sendThrough } from "./channels";
import type { NotifyMessage } from "./message";

export const BACKOFF_SECONDS = [30, 120, 600, 1800, 7200] as const;
export const MAX_ATTEMPTS = BACKOFF_SECONDS.length + 1;
const SENDING_LEASE_SECONDS = 120;
const BATCH = 50;

export type PlannedDelivery = { channelId: string; message: NotifyMessage };

/** Records deliveries to send, inside the caller's transaction (the transition and its messages commit
 * together: a transition is told exactly once). */
export async function enqueueDeliveries(q: SqlRunner, list: PlannedDelivery[], now: Date): Promise<void> {
  if (!list.length) return;
  await q.executeSql(
    // created_at advances by a microsecond per row: one channel's messages go out in planned order.
    `insert into notification_deliveries (channel_id, event, alert_ids, payload, next_attempt_at, created_at)
     select (x.v->>'channel_id')::uuid, x.v->>'event', x.v->'alert_ids', x.v->'payload', $2::timestamptz,
            $2::timestamptz + x.n * interval '1 microsecond'
     from jsonb_array_elements($1::jsonb) with ordinality as x(v, n)`,
    [
      JSON.stringify(
        list.map((d) => ({
          channel_id: d.channelId,
          event: d.message.event,
          alert_ids: d.message.alerts.map((a) => a.id),
          payload: d.message,
        })),
      ),
      now.toISOString(),
    ],
  );
}

type Claimed = { id: string; channel_id: string; payload: NotifyMessage; attempts: number };

async function claimDue(now: Date): Promise<Claimed[]> {
  // Ordered in SQL: created_at has microseconds (planned order) that a JS Date would lose.
  const { rows } = await getDb().execute<Claimed>(sql`
    with claimed as (
      update notification_deliveries d
      set status = 'sending', attempts = d.attempts + 1,
          next_attempt_at = ${now.toISOString()}::timestamptz + make_interval(secs => ${SENDING_LEASE_SECONDS})
      where d.id in (
        select id from notification_deliveries
        where status in ('pending', 'sending') and next_attempt_at <= ${now.toISOString()}::timestamptz
        order by next_attempt_at, created_at limit ${BATCH}
        for update skip locked)
      returning d.id, d.channel_id, d.payload, d.attempts, d.created_at)
    select id, channel_id, payload, attempts from claimed order by created_at`);
  return rows;
}

/** Sends one claimed delivery and records the outcome; never throws. */
export async function sendClaimed(
  d: { id: string; payload: NotifyMessage; attempts: number },
  channel: ChannelRow | undefined,
  now: () => Date,
  opts: { retry: boolean } = { retry: true },
): Promise<{ ok: boolean; message: string }> {
  const db = getDb();
  try {
    if (!channel) throw new Error("The channel was deleted.");
    await sendThrough(channel.type, channel.config, openChannelSecrets(channel), d.payload);
    await db
      .update(notificationDeliveries)
      .set({ status: "delivered", deliveredAt: now(), lastError: null })
      .where(eq(notificationDeliveries.id, d.id));
    return { ok: true, message: `Delivered to ${channel.name}.` };
  } catch (e) {
    const message = (e as Error)?.message ?? String(e);
    const final = !opts.retry || d.attempts >= MAX_ATTEMPTS;
    const wait = BACKOFF_SECONDS[Math.min(d.attempts, BACKOFF_SECONDS.length) - 1] ?? 0;
    await db
      .update(notificationDeliveries)
      .set({
        status: final ? "failed" : "pending",
        lastError: message.slice(0, 1000),
        nextAttemptAt: new Date(now().getTime() + wait * 1000),
      })
      .where(eq(notificationDeliveries.id, d.id));
    logger().warn(
      { deliveryId: d.id, channel: channel?.name, attempt: d.attempts, final },
      "notification delivery failed",
    );
    return { ok: false, message };
  }
}

/** One pass over the deliveries that are due; returns how many were delivered and failed. */
export async function deliverDue(opts: { now?: () => Date } = {}): Promise<{ delivered: number; failed: number }> {
  const now = opts.now ?? (() => new Date());
  const claimed = await claimDue(now());
  if (!claimed.length) return { delivered: 0, failed: 0 };
  const ids = [...new Set(claimed.map((c) => c.channel_id))];
  const channels = await getDb().execute<Record<string, unknown>>(
    sql`select * from notification_channels where id = any(${`{${ids.join(",")}}`}::uuid[])`,
  );
  const byId = new Map(channels.rows.map((r) => [String(r.id), rowFromSql(r)]));
  // Channels in parallel; one channel's messages in the order they were planned (opened before resolved).
  const results = (
    await Promise.all(
      ids.map(async (id) => {
        const out: { ok: boolean }[] = [];
        for (const c of claimed.filter((x) => x.channel_id === id)) out.push(await sendClaimed(c, byId.get(id), now));
        return out;
      }),
    )
  ).flat();
  const delivered = results.filter((r) => r.ok).length;
  return { delivered, failed: results.length - delivered };
}

function rowFromSql(r: Record<string, unknown>): ChannelRow {
  return {
    id: String(r.id),
    name: String(r.name),
    type: String(r.type),
    config: r.config as Record<string, unknown>,
    secretsEnc: (r.secrets_enc as string | null) ?? null,
    projectIds: (r.project_ids as string[] | null) ?? null,
    minSeverity: r.min_severity as ChannelRow["minSeverity"],
    pingCursor: r.ping_cursor ? new Date(String(r.ping_cursor)) : null,
    pingStartCursor: r.ping_start_cursor ? new Date(String(r.ping_start_cursor)) : null,
    createdAt: new Date(String(r.created_at)),
    updatedAt: new Date(String(r.updated_at)),
  };
}
