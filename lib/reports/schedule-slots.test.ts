/* countSlots: slots in [start, end) from cron schedules, random forms expanded per environment, shared
 * instants once, DST days counted as the scheduler runs them, long windows extrapolated. */
import { describe, expect, it } from "vitest";
import { countSlots } from "./schedule-slots";

const d = (s: string) => new Date(s);

describe("countSlots", () => {
  it("counts a daily schedule's slots, start inclusive and end exclusive", () => {
    const s = [{ cron: "0 2 * * *", timezone: "UTC" }];
    expect(countSlots(s, "x", d("2026-11-01T00:00:00Z"), d("2026-11-08T00:00:00Z"))).toBe(7);
    expect(countSlots(s, "x", d("2026-11-01T02:00:00Z"), d("2026-11-03T02:00:00Z"))).toBe(2);
    expect(countSlots(s, "x", d("2026-11-01T03:00:00Z"), d("2026-11-01T02:00:00Z"))).toBe(0);
  });

  it("counts instants shared by two schedules once and skips invalid ones", () => {
    const s = [
      { cron: "0 */6 * * *", timezone: "UTC" },
      { cron: "0 0,12 * * *", timezone: "UTC" },
      { cron: "not a cron", timezone: "UTC" },
    ];
    expect(countSlots(s, "x", d("2026-11-01T00:00:00Z"), d("2026-11-02T00:00:00Z"))).toBe(4);
  });

  it("runs a Berlin 02:30 slot on the spring-forward day too (31 in March)", () => {
    const s = [{ cron: "30 2 * * *", timezone: "Europe/Berlin" }];
    expect(countSlots(s, "x", d("2026-02-28T23:00:00Z"), d("2026-03-31T22:00:00Z"))).toBe(31);
  });

  it("expands random forms with the seed and extrapolates long windows", () => {
    const daily = countSlots([{ cron: "@daily-random", timezone: "UTC" }], "env-1", d("2026-01-01Z"), d("2026-01-31Z"));
    expect(daily).toBe(30);
    const minutely = [{ cron: "* * * * *", timezone: "UTC" }];
    const week = countSlots(minutely, "x", d("2026-01-01T00:00:00Z"), d("2026-01-08T00:00:00Z"));
    expect(Math.abs(week - 7 * 1440)).toBeLessThanOrEqual(1);
  });
});
