/* Which schedule slot is due now, for the scheduler (lib/jobs owns the loop and the exactly-once insert
 * into schedule_runs). Catch-up semantics: after downtime a missed schedule runs ONCE, for its latest
 * slot, flagged as a catch-up — never once per missed slot. A slot is on time when the scheduler sees it
 * within `graceMs` and no earlier slot was missed. Pure: the caller passes the clock.
 * Cost: the scheduler asks for every environment every few seconds, so the common answer ("nothing
 * due") takes one next() on a cached parsed expression; only a due schedule walks further. */
import { CronExpressionParser, type CronExpression } from "cron-parser";
import { concreteCron, previousRun, type Schedule } from "./cron";

export type DueSlot = {
  /** The scheduled instant the run stands for (the schedule_runs key). */
  slot: Date;
  /** True when the run is late: slots were missed or the latest slot is older than the grace period. */
  catchUp: boolean;
  /** How many slots since lastFiredAt were not run (counted up to MAX_COUNT - 1). */
  missed: number;
};

export type DueSlotsOptions = {
  /** Schedules seen later than this after their slot count as catch-up (default 2 minutes). */
  graceMs?: number;
  /** For a schedule that never fired: slots before this instant (e.g. when it was saved) are ignored. */
  since?: Date | null;
};

const MAX_COUNT = 100;

/* Parsed expressions by (concrete cron, zone). A CronExpression is a cursor, so it is reset before
 * each use; everything here is synchronous, so no two callers share one at the same time. */
const parsed = new Map<string, CronExpression>();
function cursor(cron: string, tz: string, from: Date): CronExpression {
  const key = `${cron}|${tz}`;
  let expr = parsed.get(key);
  if (!expr) {
    expr = CronExpressionParser.parse(cron, { tz, currentDate: from });
    if (parsed.size >= 5000) parsed.clear();
    parsed.set(key, expr);
  } else {
    expr.reset(from);
  }
  return expr;
}

/* The first slot after an instant, memoised: the scheduler asks the same question (same expression,
 * same last fired slot) on every tick until the slot comes, and cron-parser's zone-aware next() costs
 * about a millisecond — a thousand environments every few seconds would be a busy core. */
const firstAfter = new Map<string, number>();
function firstSlotAfter(cron: string, tz: string, after: Date): number {
  const key = `${cron}|${tz}|${after.getTime()}`;
  let t = firstAfter.get(key);
  if (t === undefined) {
    t = cursor(cron, tz, after).next().toDate().getTime();
    if (firstAfter.size >= 20_000) firstAfter.clear();
    firstAfter.set(key, t);
  }
  return t;
}

/**
 * The slot to run now: [] when nothing is due, else exactly one slot (the latest one due).
 * `schedule.cron` may be a random form; `seed` (the environment id) expands it.
 */
export function dueSlots(
  schedule: Schedule & { seed?: string },
  lastFiredAt: Date | null,
  now: Date,
  opts: DueSlotsOptions = {},
): DueSlot[] {
  const graceMs = opts.graceMs ?? 120_000;
  const seed = schedule.seed ?? "";
  const cron = concreteCron(schedule.cron, seed);
  // Slots strictly after `after` count. With no history, the floor itself counts (a slot exactly at
  // the moment the schedule was saved is due).
  const floor = lastFiredAt ?? opts.since ?? new Date(now.getTime() - graceMs);
  const after = lastFiredAt ? floor : new Date(floor.getTime() - 1);
  const nowMs = now.getTime();
  const first = firstSlotAfter(cron, schedule.timezone, after);
  if (first > nowMs) return [];
  // Walk with the memoised step: each step's answer is the next tick's first question anyway.
  let latest = first;
  let count = 1;
  while (count < MAX_COUNT) {
    const n = firstSlotAfter(cron, schedule.timezone, new Date(latest));
    if (n > nowMs) break;
    latest = n;
    count++;
  }
  if (count >= MAX_COUNT) {
    // Long downtime with a frequent schedule: jump straight to the latest slot instead of walking.
    latest = previousRun(schedule, seed, now)?.getTime() ?? latest;
  }
  const late = nowMs - latest > graceMs;
  return [{ slot: new Date(latest), catchUp: count > 1 || late, missed: count - 1 }];
}
