/* Warnings about a retention policy that keeps fewer backups than it seems to, computed from the
 * schedules that fill it: "keep 24 hourly" with a daily schedule keeps one backup a day for 24 days (restic
 * counts hours that have a backup, not hours), and those are the same backups the daily rule keeps, so
 * the policy keeps far fewer than the sum of its counts. The kept figure is a simulation of the schedules'
 * runs through the same decision the retention job makes (apply-retention.ts). Pure and browser-safe:
 * random forms (@daily-random, …) count as a fixed time of the same frequency (only how often matters). */
import { CronExpressionParser } from "cron-parser";
import { checkCron, isRandomForm, type RandomForm } from "@/lib/schedules/cron-check";
import type { TSchedule } from "@/lib/schedules/schema";
import { applyRetention, type RetentionCandidate } from "./apply-retention";
import type { ResolvedRetention } from "./schema";

const SAME_FREQUENCY: Record<RandomForm, string> = {
  "@hourly-random": "0 * * * *",
  "@daily-random": "0 0 * * *",
  "@nightly-random": "0 0 * * *",
  "@weekly-random": "0 0 * * 0",
};
const DAY_MS = 86_400_000;
/** Runs simulated at most (a schedule every minute must not freeze the form). */
const MAX_RUNS = 5_000;

/** Every run of the schedules in [from, to), merged and sorted; stops at MAX_RUNS (then `capped`). */
function runsBetween(schedules: TSchedule[], from: Date, to: Date): { runs: number[]; capped: boolean } {
  const all = new Set<number>();
  let capped = false;
  for (const s of schedules) {
    const cron = s.cron.trim();
    if (!checkCron(cron).ok) continue;
    try {
      const it = CronExpressionParser.parse(isRandomForm(cron) ? SAME_FREQUENCY[cron] : cron, {
        tz: s.timezone,
        currentDate: from,
        endDate: to,
      });
      let n = 0;
      while (it.hasNext()) {
        if (++n > MAX_RUNS) {
          capped = true;
          break;
        }
        all.add(it.next().toDate().getTime());
      }
    } catch {
      // A schedule still being typed (or a bad time zone) fills nothing.
    }
  }
  const runs = [...all].sort((a, b) => a - b);
  if (runs.length > MAX_RUNS) return { runs: runs.slice(runs.length - MAX_RUNS), capped: true };
  return { runs, capped };
}

/** How many distinct hours a day have a backup, averaged over the coming week. */
function backupHoursPerDay(schedules: TSchedule[], now: Date): number {
  const { runs, capped } = runsBetween(schedules, now, new Date(now.getTime() + 7 * DAY_MS));
  if (capped) return 24;
  return new Set(runs.map((t) => Math.floor(t / 3_600_000))).size / 7;
}

/** Days of runs the policy could reach: enough for its longest rule, at most about 5 years. */
function horizonDays(p: ResolvedRetention, perDay: number): number {
  const days = Math.max(
    p.keepLast / Math.max(perDay, 1 / 7),
    p.keepHourly / Math.max(perDay, 1 / 7),
    p.keepDaily,
    p.keepWeekly * 7,
    p.keepMonthly * 31,
    p.keepYearly * 366,
    7,
  );
  return Math.min(Math.ceil(days) + 7, 5 * 366);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

function perDayWords(perDay: number): string {
  if (perDay >= 1) return `about ${plural(Math.round(perDay), "backup")} a day`;
  const perWeek = Math.round(perDay * 7);
  return `about ${plural(Math.max(1, perWeek), "backup")} a week`;
}

/** The warnings for `policy` filled by `schedules` (none when it keeps what it says). `now`: the clock. */
export function retentionPolicyWarnings(policy: ResolvedRetention, schedules: TSchedule[], now: Date): string[] {
  if (!schedules.length || policy.keepHourly === 0) return [];
  const perDay = backupHoursPerDay(schedules, now);
  if (perDay === 0 || perDay >= 24 || policy.keepHourly <= perDay) return [];
  const days = Math.round(policy.keepHourly / perDay);
  const words = [
    `Your schedules make ${perDayWords(perDay)}, so “${policy.keepHourly} hourly” cannot keep one backup per hour:`,
    `it keeps the last ${plural(policy.keepHourly, "backup")} (about ${plural(days, "day")} back),`,
    "and the daily, weekly and monthly rules pick from the same backups.",
  ];
  const nominal =
    policy.keepLast + policy.keepHourly + policy.keepDaily + policy.keepWeekly + policy.keepMonthly + policy.keepYearly;
  const span = horizonDays(policy, perDay);
  const { runs, capped } = runsBetween(schedules, new Date(now.getTime() - span * DAY_MS), now);
  if (!capped && !policy.keepWithin && runs.length) {
    const candidates: RetentionCandidate[] = runs.map((t, i) => ({
      id: String(i),
      time: new Date(t),
      trigger: "scheduled",
      status: "succeeded",
    }));
    const kept = applyRetention(candidates, policy, now, { timezone: schedules[0]!.timezone }).keep.length;
    if (kept < nominal) words.push(`In all this policy keeps about ${plural(kept, "backup")}, not ${nominal}.`);
  }
  return [words.join(" ")];
}
