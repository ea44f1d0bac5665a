/* Scheduled key rotation: a leased loop (lib/jobs/leased-loop.ts) that queues a rotation for every
 * initialised destination whose `keyRotationDays` is set (off by default) and whose key was last rotated
 * (or, never rotated, its repository created) longer ago than that, unless one is queued or running. The
 * one-active-rotation index makes a double firing harmless. */
import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { type LeasedLoop, startLeasedLoop } from "@/lib/jobs/leased-loop";
import { logger } from "@/lib/logger";
import { requestScheduledRotation } from "./request-rotation";

/** Destinations due for a rotation at `now`. */
export async function dueRotations(now: Date): Promise<string[]> {
  const { rows } = await getDb().execute(sql`
    select d.id from destinations d
    where d.key_rotation_days is not null and d.initialized_at is not null
      and coalesce(d.key_rotated_at, d.initialized_at) + make_interval(days => d.key_rotation_days)
          <= ${now.toISOString()}::timestamptz
      and not exists (select 1 from key_rotations r
                      where r.destination_id = d.id and r.status in ('queued', 'running'))`);
  return rows.map((r) => (r as { id: string }).id);
}

/** One pass: queues the due rotations; returns how many were queued. */
export async function fireDueRotations(now: Date): Promise<number> {
  let fired = 0;
  for (const id of await dueRotations(now)) {
    const r = await requestScheduledRotation(id);
    if (!r.alreadyQueued) fired++;
  }
  if (fired) logger().info({ fired }, "scheduled key rotations queued");
  return fired;
}

export function startRotationScheduler(opts: { intervalSeconds: number; now?: () => Date }): LeasedLoop {
  return startLeasedLoop({
    leaseKey: "keys.rotation-scheduler.lease",
    name: "key rotation scheduling",
    intervalSeconds: opts.intervalSeconds,
    now: opts.now,
    run: async (now) => {
      await fireDueRotations(now);
    },
  });
}
