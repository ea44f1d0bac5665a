/* The scheduler's input: every active (not paused) environment with its effective schedules, in two
 * queries whatever the number of environments (lib/backup-settings owns defaults and inheritance).
 * Like lib/backup-settings' listScheduledEnvironments, a stored schedule that no longer validates is
 * left out; the validity check is memoised per expression so the tick at a minute boundary does not
 * parse a thousand identical crons. The live flag and destinations come along, so firing does not read
 * the settings again. */
import "server-only";
import { listEffectiveSettings } from "./effective-settings";
import type { TSchedule } from "@/lib/schedules/schema";
import { checkCron } from "@/lib/schedules/cron-check";
import { timezoneProblem } from "@/lib/schedules/timezones";
import type { ScheduledEnvironment } from "@/lib/jobs/scheduler";

const runnableCache = new Map<string, boolean>();
function runnable(s: TSchedule): boolean {
  const key = `${s.cron}|${s.timezone}`;
  let ok = runnableCache.get(key);
  if (ok === undefined) {
    ok = checkCron(s.cron).ok && timezoneProblem(s.timezone) === null;
    if (runnableCache.size > 10_000) runnableCache.clear();
    runnableCache.set(key, ok);
  }
  return ok;
}

export async function listScheduledEnvironments(): Promise<ScheduledEnvironment[]> {
  const all = await listEffectiveSettings({ activeOnly: true });
  return all.map((s) => ({
    environmentId: s.environmentId,
    schedules: s.schedules.filter(runnable),
    since: s.since,
    live: s.live,
    destinationIds: s.destinationIds,
  }));
}
