/* The scheduler: every ~15 s, at every minute boundary, and at start it computes which schedule slots
 * of active environments are due (lib/schedules `dueSlots`), records each one in `schedule_runs` and
 * creates the backup only for the process whose insert won. It owns the loop and the exactly-once
 * insert; it does not own schedule maths (lib/schedules) or effective settings (lib/backup-settings).
 * Invariants: the schedule_runs primary key (environment, schedule key, slot) lets exactly one process
 * fire a slot; a missed schedule after downtime runs once (the latest slot), marked catch-up; paused
 * environments (active = false) never run; after each scheduled backup the runner enqueues retention. */
import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { logger } from "@/lib/logger";
import { dueSlots, nextRuns, scheduleKey, type Schedule } from "@/lib/schedules";
import { inTransaction, type SqlRunner } from "./tx";

export type ScheduledEnvironment = {
  environmentId: string;
  schedules: Schedule[];
  /** Slots before this instant never run for a schedule with no history (when the schedule was set). */
  since: Date | null;
  /** What firing a backup needs, read together with the schedules, so `prepare` does not read the
   * effective settings a second time (absent: prepare reads them). */
  live?: boolean;
  destinationIds?: string[];
};

export type FiredSlot = { environmentId: string; scheduleKey: string; slot: Date; catchUp: boolean };

/** Creates the backups for the slots this process won, inside the transaction that recorded them. */
export type FireInTransaction = (q: SqlRunner, won: FiredSlot[]) => Promise<unknown>;

export type SchedulerOptions = {
  /** Active environments and their effective schedules. */
  listScheduled: () => Promise<ScheduledEnvironment[]>;
  /** Reads what firing needs (outside the transaction) for these environments; returns the firing step.
   * `envs` is what listScheduled returned on this pass (their live flag and destinations included). */
  prepare: (environmentIds: string[], envs: ScheduledEnvironment[]) => Promise<FireInTransaction>;
  intervalMs?: number;
  now?: () => Date;
  /** Called after each commit with the slots this process fired (metrics, tests, the bench). */
  onFired?: (won: FiredSlot[], committedAt: Date) => void;
};

/** Per process: the next slot of every schedule seen, so the tick at a minute boundary only compares
 * times (cron maths costs milliseconds per schedule; a thousand of them must not delay the firing). */
export type NextSlotCache = Map<string, { next: Date | null; seen: number }>;

const GRACE_MS = 120_000;

/**
 * One pass: due slots → one transaction that inserts them into schedule_runs (the primary key lets one
 * process win each slot; a concurrent inserter waits for our commit, then skips) and creates the backups
 * and queued jobs for the slots won. A crash in between loses nothing: the slot and its job commit together.
 * A schedule seen for the first time goes through `dueSlots` (catch-up after downtime: its latest slot
 * once); after that its cached next slot fires when it is reached, and the next one is computed after
 * the commit.
 */
/** Firing data read shortly before a minute boundary for the schedules due at it (see startScheduler). */
export type Staged = { environmentIds: Set<string>; fire: FireInTransaction; envs: ScheduledEnvironment[] };

export async function schedulerTick(
  opts: SchedulerOptions,
  cache: NextSlotCache = new Map(),
  staged?: Staged,
): Promise<FiredSlot[]> {
  const now = opts.now?.() ?? new Date();
  const tickId = now.getTime();
  const envs = staged?.envs ?? (await opts.listScheduled());
  const candidates: FiredSlot[] = [];
  const misses: Array<{ envId: string; s: Schedule; key: string; cacheKey: string }> = [];
  const advance: Array<{ cacheKey: string; s: Schedule; envId: string }> = [];
  for (const env of envs) {
    for (const s of env.schedules) {
      const key = scheduleKey(s);
      const cacheKey = `${env.environmentId}|${key}`;
      const c = cache.get(cacheKey);
      if (!c) {
        misses.push({ envId: env.environmentId, s, key, cacheKey });
        continue;
      }
      c.seen = tickId;
      if (c.next && c.next.getTime() <= now.getTime()) {
        candidates.push({
          environmentId: env.environmentId,
          scheduleKey: key,
          slot: c.next,
          catchUp: now.getTime() - c.next.getTime() > GRACE_MS,
        });
        advance.push({ cacheKey, s, envId: env.environmentId });
      }
    }
  }
  if (misses.length) {
    const last = await lastFiredSlots();
    const sinceOf = new Map(envs.map((e) => [e.environmentId, e.since]));
    for (const m of misses) {
      const lastFired = last.get(m.cacheKey) ?? null;
      const since = sinceOf.get(m.envId) ?? null;
      for (const d of dueSlots({ ...m.s, seed: m.envId }, lastFired, now, { since, graceMs: GRACE_MS })) {
        candidates.push({ environmentId: m.envId, scheduleKey: m.key, slot: d.slot, catchUp: d.catchUp });
      }
      advance.push({ cacheKey: m.cacheKey, s: m.s, envId: m.envId });
    }
  }
  let won: FiredSlot[] = [];
  if (candidates.length) {
    const ids = candidates.map((c) => c.environmentId);
    const fire =
      staged && ids.every((id) => staged.environmentIds.has(id)) ? staged.fire : await opts.prepare(ids, envs);
    won = await inTransaction(async (q) => {
      const { rows } = await q.executeSql(
        `insert into schedule_runs (environment_id, schedule_key, slot, catch_up)
         select x.environment_id, x.schedule_key, x.slot, x.catch_up
         from jsonb_to_recordset($1::jsonb) as x(environment_id uuid, schedule_key text, slot timestamptz, catch_up boolean)
         on conflict do nothing
         returning environment_id, schedule_key, slot, catch_up`,
        [
          JSON.stringify(
            candidates.map((c) => ({
              environment_id: c.environmentId,
              schedule_key: c.scheduleKey,
              slot: c.slot.toISOString(),
              catch_up: c.catchUp,
            })),
          ),
        ],
      );
      const mine: FiredSlot[] = rows.map((r) => ({
        environmentId: r.environment_id,
        scheduleKey: r.schedule_key,
        slot: new Date(r.slot),
        catchUp: r.catch_up,
      }));
      if (mine.length) await fire(q, mine);
      return mine;
    });
    opts.onFired?.(won, new Date());
  }
  // Off the critical path: the next slot of every schedule that fired or was seen for the first time.
  for (const a of advance) {
    let next: Date | null = null;
    try {
      next = nextRuns(a.s, a.envId, now, 1)[0] ?? null;
    } catch {
      next = null; // an invalid expression never fires (the settings form refuses them)
    }
    cache.set(a.cacheKey, { next, seen: tickId });
  }
  for (const [k, v] of cache) if (v.seen !== tickId) cache.delete(k); // schedule changed or env paused/deleted
  return won;
}

async function lastFiredSlots(): Promise<Map<string, Date>> {
  const res = await getDb().execute<{ environment_id: string; schedule_key: string; last: string | Date }>(
    sql`select environment_id, schedule_key, max(slot) as last from schedule_runs group by environment_id, schedule_key`,
  );
  const map = new Map<string, Date>();
  for (const r of res.rows) map.set(`${r.environment_id}|${r.schedule_key}`, new Date(r.last));
  return map;
}

export type RunningScheduler = { stop(): Promise<void>; tickNow(): Promise<FiredSlot[]> };

/** Runs ticks at start, every `intervalMs` (15 s), and just after every minute boundary, so a slot is
 * fired well under a second after it is due. Ticks never overlap. */
export function startScheduler(opts: SchedulerOptions): RunningScheduler {
  const intervalMs = opts.intervalMs ?? 15_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<FiredSlot[]> = Promise.resolve([]);
  const cache: NextSlotCache = new Map();

  // Just before a minute boundary, read what firing needs for the schedules due at it, so the tick at
  // the boundary only runs the transaction (a slot still never fires before its time).
  let staged: (Staged & { boundary: number }) | undefined;
  const stage = async (boundary: number) => {
    const ids = new Set<string>();
    for (const [k, v] of cache) if (v.next && v.next.getTime() <= boundary) ids.add(k.slice(0, k.indexOf("|")));
    // Who is active and what their schedules are is read here too (a pause within the last ~2 s before a
    // slot takes effect from the next slot).
    const envs = ids.size ? await opts.listScheduled() : [];
    staged = ids.size ? { boundary, environmentIds: ids, envs, fire: await opts.prepare([...ids], envs) } : undefined;
  };
  const tick = () => {
    running = running
      .catch(() => [])
      .then(() => {
        if (stopped) return [];
        const use =
          staged && Date.now() >= staged.boundary && Date.now() - staged.boundary < 10_000 ? staged : undefined;
        return schedulerTick(opts, cache, use);
      })
      .catch((e) => {
        logger().warn({ err: (e as Error).message }, "scheduler tick failed");
        return [] as FiredSlot[];
      });
    return running;
  };
  const STAGE_AHEAD_MS = 2_000;
  const plan = () => {
    if (stopped) return;
    const now = Date.now();
    const boundary = now - (now % 60_000) + 60_000;
    const toMinute = boundary - now + 20;
    if (toMinute > STAGE_AHEAD_MS + 200 && toMinute - STAGE_AHEAD_MS <= intervalMs) {
      // Stage, then sleep until the boundary.
      timer = setTimeout(() => {
        running = running
          .catch(() => [])
          .then(async () => {
            await stage(boundary).catch((e) =>
              logger().warn({ err: (e as Error).message }, "scheduler staging failed"),
            );
            return [] as FiredSlot[];
          });
        void running.finally(() => {
          if (stopped) return;
          timer = setTimeout(() => void tick().finally(plan), Math.max(0, boundary + 20 - Date.now()));
          timer.unref?.();
        });
      }, toMinute - STAGE_AHEAD_MS);
    } else {
      timer = setTimeout(() => void tick().finally(plan), Math.min(intervalMs, toMinute));
    }
    timer.unref?.();
  };
  void tick().finally(plan);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running.catch(() => {});
    },
    tickNow: tick,
  };
}
