/* Unit tests for the retention warnings computed from the schedules: a daily schedule under "24 hourly"
 * is called out with the real number kept; an hourly schedule, or no hourly rule, is not. */
import { describe, expect, it } from "vitest";
import { RETENTION_PRESETS } from "./policy";
import { retentionPolicyWarnings } from "./policy-warnings";
import type { ResolvedRetention } from "./schema";

const NOW = new Date("2026-12-02T12:00:00Z");
const policy = (p: Partial<ResolvedRetention>): ResolvedRetention => ({
  keepLast: 0,
  keepHourly: 0,
  keepDaily: 0,
  keepWeekly: 0,
  keepMonthly: 0,
  keepYearly: 0,
  keepWithin: null,
  ...p,
});
const daily = [{ cron: "0 2 * * *", timezone: "Europe/Berlin" }];

describe("retentionPolicyWarnings", () => {
  it("says a daily schedule makes 24 hourly a 24-day rule, with how many the policy really keeps", () => {
    const [w, ...rest] = retentionPolicyWarnings(RETENTION_PRESETS["gfs-long"].policy, daily, NOW);
    expect(rest).toEqual([]);
    expect(w).toContain("about 1 backup a day");
    expect(w).toContain("“24 hourly” cannot keep one backup per hour");
    expect(w).toContain("the last 24 backups (about 24 days back)");
    // 24 hourly + 7 daily + 4 weekly + 12 monthly = 47 counted; daily backups fill several rules at once.
    const kept = Number(/keeps about (\d+) backups, not 47\./.exec(w!)?.[1]);
    expect(kept).toBeGreaterThan(24);
    expect(kept).toBeLessThan(47);
  });

  it("counts a random daily form like any daily schedule", () => {
    const w = retentionPolicyWarnings(policy({ keepHourly: 24 }), [{ cron: "@daily-random", timezone: "UTC" }], NOW);
    expect(w).toHaveLength(1);
    expect(w[0]).toContain("about 1 backup a day");
    // 24 hourly alone keeps 24 backups: no "in all" sentence when that is what the counts say.
    expect(w[0]).not.toContain("In all");
  });

  it("speaks of weeks for a weekly schedule", () => {
    const w = retentionPolicyWarnings(policy({ keepHourly: 6 }), [{ cron: "0 3 * * 1", timezone: "UTC" }], NOW);
    expect(w[0]).toContain("about 1 backup a week");
    expect(w[0]).toContain("about 42 days back");
  });

  it("stays quiet when the schedule runs every hour, when hourly fits the day, or with no schedule", () => {
    const hourly = [{ cron: "15 * * * *", timezone: "UTC" }];
    expect(retentionPolicyWarnings(policy({ keepHourly: 24, keepDaily: 7 }), hourly, NOW)).toEqual([]);
    const fourTimes = [{ cron: "0 */6 * * *", timezone: "UTC" }];
    expect(retentionPolicyWarnings(policy({ keepHourly: 4 }), fourTimes, NOW)).toEqual([]);
    expect(retentionPolicyWarnings(policy({ keepHourly: 5 }), fourTimes, NOW)).toHaveLength(1);
    expect(retentionPolicyWarnings(policy({ keepDaily: 7 }), daily, NOW)).toEqual([]);
    expect(retentionPolicyWarnings(policy({ keepHourly: 24 }), [], NOW)).toEqual([]);
  });

  it("ignores a schedule that is not valid yet (the form is being typed)", () => {
    expect(retentionPolicyWarnings(policy({ keepHourly: 24 }), [{ cron: "0 2 *", timezone: "UTC" }], NOW)).toEqual([]);
  });

  it("does not hang on a schedule every minute", () => {
    const t = Date.now();
    expect(retentionPolicyWarnings(policy({ keepHourly: 48 }), [{ cron: "* * * * *", timezone: "UTC" }], NOW)).toEqual(
      [],
    );
    expect(Date.now() - t).toBeLessThan(5_000);
  });
});
