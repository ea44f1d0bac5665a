/* Channel rows → the ChannelView pages and the API see: config and the *names* of stored secrets, never
 * their values; plus the delivery problem, if the latest delivery is failing. */
import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import type { notificationChannels } from "@/lib/db/schema";
import { openJson } from "@/lib/secrets";
import type { ChannelType, ChannelView, Severity } from "./schema";

export type ChannelRow = typeof notificationChannels.$inferSelect;

export function openChannelSecrets(row: { secretsEnc: string | null }): Record<string, string> {
  return row.secretsEnc ? openJson<Record<string, string>>(row.secretsEnc) : {};
}

function secretKeyNames(row: ChannelRow): string[] {
  try {
    return Object.keys(openChannelSecrets(row)).sort();
  } catch {
    return [];
  }
}

type Health = { problem: ChannelView["problem"]; lastDeliveredAt: string | null };

/** For each channel: its last success and, if a later delivery is failing or retrying, that problem. */
export async function channelHealth(ids: string[]): Promise<Map<string, Health>> {
  const out = new Map<string, Health>();
  if (!ids.length) return out;
  const rows = await getDb().execute<{
    channel_id: string;
    delivered_at: string | null;
    problem_at: string | null;
    last_error: string | null;
    attempts: number | null;
    status: string | null;
  }>(sql`
    select c.id as channel_id, ok.delivered_at, bad.created_at as problem_at, bad.last_error, bad.attempts, bad.status
    from notification_channels c
    left join lateral (select max(delivered_at) as delivered_at from notification_deliveries
                       where channel_id = c.id and status = 'delivered') ok on true
    left join lateral (select created_at, last_error, attempts, status from notification_deliveries
                       where channel_id = c.id and last_error is not null and status <> 'delivered'
                       order by created_at desc limit 1) bad on true
    where c.id = any(${`{${ids.join(",")}}`}::uuid[])`);
  for (const r of rows.rows) {
    const deliveredAt = r.delivered_at ? new Date(r.delivered_at) : null;
    const problemAt = r.problem_at ? new Date(r.problem_at) : null;
    const problem =
      problemAt && r.last_error && (!deliveredAt || problemAt > deliveredAt)
        ? {
            at: problemAt.toISOString(),
            message: r.last_error,
            attempts: Number(r.attempts ?? 0),
            retrying: r.status !== "failed",
          }
        : null;
    out.set(r.channel_id, { problem, lastDeliveredAt: deliveredAt?.toISOString() ?? null });
  }
  return out;
}

export function toChannelView(row: ChannelRow, health?: Health): ChannelView {
  return {
    id: row.id,
    name: row.name,
    type: row.type as ChannelType,
    config: row.config,
    hasSecret: row.secretsEnc !== null,
    secretKeys: secretKeyNames(row),
    projectIds: row.projectIds ?? null,
    minSeverity: row.minSeverity as Severity,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    problem: health?.problem ?? null,
    lastDeliveredAt: health?.lastDeliveredAt ?? null,
  };
}
