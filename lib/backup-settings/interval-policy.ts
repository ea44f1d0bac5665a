/* Platform.sh-style policies (`[{interval:"1d",count:7},{interval:"1w",count:4},{interval:"1M",count:12}]`)
 * converted both ways to Lifeboat's schedules + retention. The smallest interval sets the schedule (1h →
 * hourly at a minute picked for the environment, 2h → every 2 hours, 1d → daily at the environment's spread
 * time, 1w → weekly, 1M → monthly) and keeps `count` backups of it; every interval also becomes a restic
 * bucket (one per day/week/month). The reverse returns the list only when the schedules + retention say
 * exactly that (one schedule of such a rhythm, bucket counts only), else null. Pure and browser-safe. */
import { z } from "zod";
import { INTERVAL, INTERVAL_MESSAGE, resolvePolicy } from "@/lib/retention/policy";
import type { RetentionPolicy, StoredRetention } from "@/lib/retention/schema";

export type IntervalItem = { interval: string; count: number };

type Unit = "h" | "d" | "w" | "M" | "y";
const UNITS: Unit[] = ["h", "d", "w", "M", "y"];
const FIELD = { h: "keepHourly", d: "keepDaily", w: "keepWeekly", M: "keepMonthly", y: "keepYearly" } as const;
const HOURS: Record<Unit, number> = { h: 1, d: 24, w: 168, M: 730, y: 8766 };
/** Every-N-hours rhythms a cron can keep exactly (N divides 24). */
const HOUR_STEPS = [1, 2, 3, 4, 6, 8, 12];
export const SCHEDULABLE_MESSAGE =
  "The smallest interval sets how often a backup runs: use 1h, 2h, 3h, 4h, 6h, 8h, 12h, 1d, 1w or 1M.";

function parse(interval: string): { n: number; unit: Unit } {
  const m = INTERVAL.exec(interval.trim());
  if (!m) throw new Error(`"${interval}" is not an interval. ${INTERVAL_MESSAGE}`);
  return { n: Number(m[1]), unit: m[2] as Unit };
}

function schedulable({ n, unit }: { n: number; unit: Unit }): boolean {
  return unit === "h" ? HOUR_STEPS.includes(n) : (unit === "d" || unit === "w" || unit === "M") && n === 1;
}

export const ZIntervalPolicy = z
  .array(
    z.object({
      interval: z.string({ message: INTERVAL_MESSAGE }).trim().regex(INTERVAL, INTERVAL_MESSAGE),
      count: z
        .number({ message: "Count must be a number." })
        .int("Count must be a whole number.")
        .min(1, "Count must be at least 1.")
        .max(10_000, "Count is at most 10,000."),
    }),
    { message: 'A policy is a list like [{"interval": "1d", "count": 7}].' },
  )
  .min(1, "Add at least one interval.")
  .max(5, "At most 5 intervals (one per unit: h, d, w, M, y).")
  .superRefine((list, ctx) => {
    const seen = new Set<Unit>();
    let smallest: { n: number; unit: Unit; i: number } | null = null;
    list.forEach((item, i) => {
      const m = INTERVAL.exec(item.interval);
      if (!m) return;
      const p = { n: Number(m[1]), unit: m[2] as Unit, i };
      if (p.n < 1) ctx.addIssue({ code: "custom", message: "An interval is at least 1.", path: [i, "interval"] });
      if (seen.has(p.unit))
        ctx.addIssue({
          code: "custom",
          message: `Each unit once: "${p.unit}" is listed twice.`,
          path: [i, "interval"],
        });
      seen.add(p.unit);
      if (!smallest || p.n * HOURS[p.unit] < smallest.n * HOURS[smallest.unit]) smallest = p;
    });
    const s = smallest as { n: number; unit: Unit; i: number } | null;
    if (s && !schedulable(s))
      ctx.addIssue({
        code: "custom",
        message: `${SCHEDULABLE_MESSAGE} "${list[s.i]!.interval}" cannot be the smallest.`,
        path: [s.i, "interval"],
      });
  });

/** Manual + automated backups kept in total (Platform.sh max_backups); 0: no total limit. */
export const ZMaxBackups = z.coerce
  .number({ message: "Max backups must be a number." })
  .int("Max backups must be a whole number.")
  .min(0, "Max backups cannot be negative (0 means no total limit).")
  .max(10_000, "Max backups is at most 10,000.");

export const POLICY_CONFLICT = "Give either policy or schedules and retention, not both (a policy sets both).";

type PolicyInput = {
  policy?: IntervalItem[] | null;
  schedules?: { cron: string; timezone?: string }[] | null;
  retention?: unknown;
};

const sameList = (a: IntervalItem[], b: IntervalItem[]) =>
  a.length === b.length && a.every((x, i) => x.interval.trim() === b[i]!.interval.trim() && x.count === b[i]!.count);

/** A policy list sets schedules and retention: giving both ways at once is ambiguous — unless the list is
 * exactly the one GET derives from those schedules and retention (a GET → PUT round trip sends all
 * three), which is no conflict: the schedules and retention then apply. */
function hasPolicyConflict(v: PolicyInput): boolean {
  if (!v.policy || (!v.schedules && !v.retention)) return false;
  const derived = v.schedules && v.retention ? toIntervalPolicy(v.schedules, v.retention as StoredRetention) : null;
  return !(derived && sameList(derived, v.policy));
}

export function noPolicyConflict(v: PolicyInput, ctx: z.RefinementCtx) {
  if (hasPolicyConflict(v)) ctx.addIssue({ code: "custom", message: POLICY_CONFLICT, path: ["policy"] });
}

/** Whether the input's policy list is what sets schedules and retention (given alone). */
export const policyApplies = (v: PolicyInput): v is PolicyInput & { policy: IntervalItem[] } =>
  !!v.policy && !v.schedules && !v.retention;

function cronFor({ n, unit }: { n: number; unit: Unit }): string {
  if (unit === "h") return n === 1 ? "@hourly-random" : `0 */${n} * * *`;
  if (unit === "d") return "@daily-random";
  if (unit === "w") return "@weekly-random";
  return "@monthly";
}

/** A checked policy (ZIntervalPolicy) → one schedule (cron, no time zone: the caller adds the
 * environment's) and the retention: `count` of the smallest interval's unit, `n × count` for larger ones
 * (the buckets are one per unit and the schedule runs at the smallest rhythm). */
export function fromIntervalPolicy(items: IntervalItem[]): { cron: string; retention: RetentionPolicy } {
  const parsed = items.map((i) => ({ ...parse(i.interval), count: i.count }));
  const smallest = parsed.reduce((a, b) => (b.n * HOURS[b.unit] < a.n * HOURS[a.unit] ? b : a));
  const retention: RetentionPolicy = {};
  for (const p of parsed) retention[FIELD[p.unit]] = p === smallest ? p.count : p.n * p.count;
  return { cron: cronFor(smallest), retention };
}

/** The rhythm a cron keeps, when it is one a policy's smallest interval makes. */
function rhythmOf(cron: string): { n: number; unit: Unit } | null {
  const c = cron.trim();
  if (c === "@hourly-random" || c === "@hourly" || /^\d{1,2} \* \* \* \*$/.test(c)) return { n: 1, unit: "h" };
  const every = /^\d{1,2} \*\/(\d{1,2}) \* \* \*$/.exec(c);
  if (every && HOUR_STEPS.includes(Number(every[1]))) return { n: Number(every[1]), unit: "h" };
  if (["@daily-random", "@nightly-random", "@daily"].includes(c) || /^\d{1,2} \d{1,2} \* \* \*$/.test(c))
    return { n: 1, unit: "d" };
  if (c === "@weekly-random" || c === "@weekly" || /^\d{1,2} \d{1,2} \* \* \d$/.test(c)) return { n: 1, unit: "w" };
  if (c === "@monthly" || /^\d{1,2} \d{1,2} \d{1,2} \* \*$/.test(c)) return { n: 1, unit: "M" };
  return null;
}

/** Schedules + retention → the policy list, or null when they are not representable as one (several
 * schedules, a schedule in another time zone than `timezone`, keep-last/keep-within, or a bucket finer
 * than the schedule). */
export function toIntervalPolicy(
  schedules: { cron: string; timezone?: string }[],
  retention: StoredRetention,
  timezone?: string,
): IntervalItem[] | null {
  if (schedules.length !== 1) return null;
  const [s] = schedules;
  if (timezone && s!.timezone && s!.timezone !== timezone) return null;
  const rhythm = rhythmOf(s!.cron);
  if (!rhythm) return null;
  const p = resolvePolicy(retention);
  if (p.keepLast || p.keepWithin) return null;
  const start = UNITS.indexOf(rhythm.unit);
  if (UNITS.slice(0, start).some((u) => p[FIELD[u]] > 0)) return null;
  if (p[FIELD[rhythm.unit]] <= 0) return null;
  return UNITS.slice(start)
    .filter((u) => p[FIELD[u]] > 0)
    .map((u) =>
      u === rhythm.unit
        ? { interval: `${rhythm.n}${u}`, count: p[FIELD[u]] }
        : { interval: `1${u}`, count: p[FIELD[u]] },
    );
}
