/* "Send test": sends a test message through a saved channel right now (one attempt, no retry) and
 * answers {ok, message} with the server's words when it fails. The attempt is recorded like any
 * delivery, so a failing test shows on the channel too. */
import "server-only";
import { sql } from "drizzle-orm";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { getChannelRow } from "./channel-store";
import { sendClaimed } from "./deliveries";
import { testMessage } from "./message";

export async function testChannel(id: string, actor: Actor): Promise<{ ok: boolean; message: string }> {
  const channel = await getChannelRow(id);
  const now = new Date();
  const message = testMessage(channel.name, now);
  const { rows } = await getDb().execute<{ id: string }>(sql`
    insert into notification_deliveries (channel_id, event, payload, status, attempts, next_attempt_at)
    values (${id}::uuid, 'test', ${JSON.stringify(message)}::jsonb, 'sending', 1, now())
    returning id`);
  const result = await sendClaimed({ id: rows[0]!.id, payload: message, attempts: 1 }, channel, () => new Date(), {
    retry: false,
  });
  await writeAudit({
    actor,
    action: "channel.test",
    target: { type: "channel", id, name: channel.name },
    outcome: result.ok ? "success" : "failure",
  });
  return result.ok ? { ok: true, message: `Test message sent to ${channel.name}.` } : result;
}
