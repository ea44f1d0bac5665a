/* The daily integrity checks: a leased loop (lib/jobs/leased-loop.ts) that, once the day's slot
 * (LIFEBOAT_CHECK_HOUR, UTC) has come, queues one check with the rotating data read for every
 * initialised destination that existed at the slot and has none for it yet. After downtime only the
 * latest slot runs. The slot's unique index makes the firing exactly-once even if two holders overlap. */
import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { type LeasedLoop, startLeasedLoop } from "@/lib/jobs/leased-loop";
import { logger } from "@/lib/logger";
import { requestScheduledChecks } from "./request-check";

/** The newest daily slot at or before `now`. */
export function currentCheckSlot(now: Date, hourUtc: number): Date {
  const slot = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hourUtc));
  if (slot.getTime() > now.getTime()) slot.setUTCDate(slot.getUTCDate() - 1);
  return slot;
}

/** One pass: queues the checks due at the current slot; returns how many were queued. */
export async function fireDueChecks(now: Date, hourUtc: number): Promise<number> {
  const slot = currentCheckSlot(now, hourUtc);
  const { rows } = await getDb().execute(sql`
    select d.id from destinations d
    where d.initialized_at is not null and d.created_at <= ${slot.toISOString()}::timestamptz
      and not exists (select 1 from integrity_checks c where c.destination_id = d.id and c.slot = ${slot.toISOString()}::timestamptz)`);
  const fired = await requestScheduledChecks(
    rows.map((r) => (r as { id: string }).id),
    slot,
  );
  if (fired) logger().info({ fired, slot: slot.toISOString() }, "integrity checks queued");
  return fired;
}

export function startCheckScheduler(opts: { intervalSeconds: number; hourUtc: number; now?: () => Date }): LeasedLoop {
  return startLeasedLoop({
    leaseKey: "proof.check-scheduler.lease",
    name: "integrity check scheduling",
    intervalSeconds: opts.intervalSeconds,
    now: opts.now,
    run: async (now) => {
      await fireDueChecks(now, opts.hourUtc);
    },
  });
}
