/* The Backup Settings form's live check of one schedule row, answered by the scheduler's own code: the
 * expression in words and the next runs, or the message that says what is wrong. A bad expression is an
 * answer (ok: false), not an error, so the form shows it inline. Pure: the caller passes "now". */
import { describeSchedule, nextRuns, type Schedule } from "./cron";
import { checkCron } from "./cron-check";
import { timezoneProblem } from "./timezones";

export type SchedulePreview = { ok: true; words: string; nextRuns: string[] } | { ok: false; message: string };

/** `seed` is the environment id (it fixes what the random forms such as @daily-random expand to). */
export function previewSchedule(input: Schedule, seed: string, now: Date, count = 5): SchedulePreview {
  const check = checkCron(input.cron);
  if (!check.ok) return { ok: false, message: check.message };
  const tzProblem = timezoneProblem(input.timezone);
  if (tzProblem) return { ok: false, message: tzProblem };
  const schedule = { cron: input.cron.trim(), timezone: input.timezone };
  return {
    ok: true,
    words: describeSchedule(schedule, seed),
    nextRuns: nextRuns(schedule, seed, now, count).map((d) => d.toISOString()),
  };
}
