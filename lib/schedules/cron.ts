/* Cron expressions for backup schedules: validation, next runs and words. Accepts 5-field expressions
 * and the macros @hourly/@daily/@weekly/@monthly, plus the stable random forms (random-form.ts), each
 * evaluated in an IANA time zone. cron-parser 5 does the calendar maths, including DST: a time skipped by
 * spring-forward runs once right after the gap, a time repeated by fall-back runs once (the first time).
 * Validation itself is cron-check.ts (browser-safe). Pure functions; the caller passes
 * "now". */
import { CronExpressionParser } from "cron-parser";
import cronstrue from "cronstrue";
import { isRandomForm, type RandomForm } from "./cron-check";
import { expandRandomForm } from "./random-form";
import type { TSchedule } from "./schema";

/** A schedule as the maths here takes it (the type of ZSchedule, lib/schedules/schema.ts). */
export type Schedule = TSchedule;

/** The concrete expression that will run for this environment (random forms expanded). */
export function concreteCron(cron: string, seed: string): string {
  return expandRandomForm(cron.trim(), seed);
}

function iterator(schedule: Schedule, seed: string, from: Date) {
  return CronExpressionParser.parse(concreteCron(schedule.cron, seed), {
    tz: schedule.timezone,
    currentDate: from,
  });
}

/** The next `count` run times strictly after `from`. Throws on an invalid schedule (validate first). */
export function nextRuns(schedule: Schedule, seed: string, from: Date, count = 5): Date[] {
  const it = iterator(schedule, seed, from);
  const out: Date[] = [];
  for (let i = 0; i < count; i++) out.push(it.next().toDate());
  return out;
}

/**
 * The latest run time at or before `at`, or null when the expression never ran before it.
 * cron-parser's prev() can step over a slot moved by spring-forward (02:30 Berlin → 03:30 CEST), which
 * would make the scheduler skip that day, so prev() only gives a starting point and next() — the same
 * rule as nextRuns — decides.
 */
export function previousRun(schedule: Schedule, seed: string, at: Date): Date | null {
  let start: Date;
  try {
    // prev() is strictly before currentDate; step 1 ms past `at` so `at` itself counts.
    start = iterator(schedule, seed, new Date(at.getTime() + 1))
      .prev()
      .toDate();
  } catch {
    return null;
  }
  const it = CronExpressionParser.parse(concreteCron(schedule.cron, seed), {
    tz: schedule.timezone,
    currentDate: new Date(start.getTime() - 1),
    endDate: new Date(at.getTime() + 1),
  });
  let latest: Date | null = null;
  while (it.hasNext()) {
    const d = it.next().toDate();
    if (d.getTime() > at.getTime()) break;
    latest = d;
  }
  return latest;
}

const RANDOM_WORDS: Record<RandomForm, string> = {
  "@hourly-random": "Every hour at a fixed minute picked for this environment",
  "@daily-random": "Every day at a fixed time picked for this environment",
  "@nightly-random": "Every night between 22:00 and 06:00 at a fixed time picked for this environment",
  "@weekly-random": "Every week at a fixed day and time picked for this environment",
};

/** The schedule in words, e.g. "At 02:00 (Europe/Berlin)". With a seed, random forms name their time. */
export function describeSchedule(schedule: Schedule, seed?: string): string {
  const cron = schedule.cron.trim();
  const tz = ` (${schedule.timezone})`;
  if (isRandomForm(cron)) {
    const base = RANDOM_WORDS[cron];
    if (!seed) return base + tz;
    const concrete = expandRandomForm(cron, seed);
    return `${base}: ${lowerFirst(words(concrete))}${tz}`;
  }
  return words(cron, true) + tz;
}

function words(cron: string, sayEveryDay = false): string {
  let text: string;
  try {
    text = cronstrue.toString(cron, { use24HourTimeFormat: true, throwExceptionOnParseError: true });
  } catch {
    return cron;
  }
  // cronstrue says "At 02:00" for a daily time; people read "At 02:00, every day" faster.
  const f = cron.split(/\s+/);
  if (
    sayEveryDay &&
    f.length === 5 &&
    /^\d+$/.test(f[0]!) &&
    /^\d+$/.test(f[1]!) &&
    f[2] === "*" &&
    f[3] === "*" &&
    f[4] === "*"
  ) {
    text += ", every day";
  }
  return text;
}

function lowerFirst(s: string): string {
  return s.length ? s[0].toLowerCase() + s.slice(1) : s;
}

/** The key under which the scheduler records fired slots (`schedule_runs.schedule_key`). */
export function scheduleKey(schedule: Schedule): string {
  return `${schedule.cron.trim()}|${schedule.timezone}`;
}
