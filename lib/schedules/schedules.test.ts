/* Schedule maths with a fixed clock: validation messages, DST in Europe/Berlin and America/New_York,
 * random-form stability and spread, and the catch-up rule of dueSlots. */
import { describe, expect, it } from "vitest";
import {
  checkCron,
  describeSchedule,
  dueSlots,
  expandRandomForm,
  isValidTimezone,
  nextRuns,
  previousRun,
  timezoneProblem,
} from "./index";

const iso = (d: Date[]) => d.map((x) => x.toISOString());
const at = (s: string) => new Date(s);

describe("checkCron", () => {
  it("accepts 5 fields and the macros", () => {
    for (const c of [
      "0 2 * * *",
      "*/15 * * * *",
      "17 3 * * 0",
      "0 2 * * MON-FRI",
      "@hourly",
      "@daily",
      "@weekly",
      "@monthly",
      "@daily-random",
      "@nightly-random",
    ]) {
      expect(checkCron(c), c).toEqual({ ok: true });
    }
  });
  it("rejects wrong field counts, ranges and unknown shortcuts with a message", () => {
    const four = checkCron("* * * *");
    expect(four.ok).toBe(false);
    if (!four.ok) expect(four.message).toMatch(/^Not a valid cron expression: \* \* \* \* has 4 fields/);
    const six = checkCron("0 0 2 * * *");
    expect(six.ok).toBe(false);
    const range = checkCron("61 * * * *");
    expect(range.ok).toBe(false);
    if (!range.ok) expect(range.message).toMatch(/Not a valid cron expression: 61 \* \* \* \*.*0-59/);
    const reboot = checkCron("@reboot");
    expect(reboot.ok).toBe(false);
    expect(checkCron("").ok).toBe(false);
    expect(checkCron("0 0 31 2 *").ok).toBe(false);
  });
  it("names the field and what was typed instead of the library's text", () => {
    const message = (c: string) => {
      const r = checkCron(c);
      return r.ok ? "ok" : r.message.replace(`Not a valid cron expression: ${c} — `, "");
    };
    expect(message("61 2 * * *")).toBe("minute must be 0-59 (you typed 61).");
    expect(message("0 24 * * *")).toBe("hour must be 0-23 (you typed 24).");
    expect(message("0 0 32 * *")).toBe("day of month must be 1-31 (you typed 32).");
    expect(message("0 0 * 13 *")).toBe("month must be 1-12 or JAN-DEC (you typed 13).");
    expect(message("0 0 * * 8")).toBe("day of week must be 0-7 or SUN-SAT (you typed 8).");
    expect(message("0 0 * * FOO")).toBe("day of week must be a number 0-7 or SUN-SAT (you typed FOO).");
    expect(message("*/0 * * * *")).toBe("the step in minute must be at least 1 (you typed */0).");
    expect(message("5-2 * * * *")).toBe("minute range 5-2 goes backwards: put the smaller value first (2-5).");
    expect(message("1,,2 * * * *")).toMatch(/^minute has an empty item in its list/);
    expect(message("0 0 31 2 *")).toBe("that day of the month never occurs in the chosen month(s).");
    // cron-parser's extensions still pass through to the library (the scheduler's parser).
    for (const c of ["0 0 L * *", "0 0 * * 1#2", "0 0 ? * *", "0 0 * JUL THU"]) expect(message(c), c).toBe("ok");
  });
  it("validates IANA time zones", () => {
    expect(isValidTimezone("Europe/Berlin")).toBe(true);
    expect(isValidTimezone("America/New_York")).toBe(true);
    expect(isValidTimezone("UTC")).toBe(true);
    expect(isValidTimezone("Mars/Base")).toBe(false);
    expect(timezoneProblem("Mars/Base")).toMatch(/Unknown time zone "Mars\/Base"/);
  });
});

describe("nextRuns across DST", () => {
  it("Europe/Berlin spring-forward: 02:30 does not exist on 2026-03-29 and runs once at 03:30 CEST", () => {
    const runs = nextRuns({ cron: "30 2 * * *", timezone: "Europe/Berlin" }, "", at("2026-03-27T12:00:00Z"), 4);
    expect(iso(runs)).toEqual([
      "2026-03-28T01:30:00.000Z", // 02:30 CET
      "2026-03-29T01:30:00.000Z", // 03:30 CEST, right after the gap
      "2026-03-30T00:30:00.000Z", // 02:30 CEST
      "2026-03-31T00:30:00.000Z",
    ]);
  });
  it("Europe/Berlin fall-back: 02:30 happens twice on 2026-10-25 and runs once", () => {
    const runs = nextRuns({ cron: "30 2 * * *", timezone: "Europe/Berlin" }, "", at("2026-10-23T12:00:00Z"), 4);
    expect(iso(runs)).toEqual([
      "2026-10-24T00:30:00.000Z",
      "2026-10-25T00:30:00.000Z", // first 02:30 (CEST) only
      "2026-10-26T01:30:00.000Z", // 02:30 CET
      "2026-10-27T01:30:00.000Z",
    ]);
  });
  it("hourly schedules keep one run per real hour over both transitions", () => {
    const fall = nextRuns({ cron: "0 * * * *", timezone: "Europe/Berlin" }, "", at("2026-10-24T23:30:00Z"), 4);
    expect(iso(fall)).toEqual([
      "2026-10-25T00:00:00.000Z",
      "2026-10-25T01:00:00.000Z",
      "2026-10-25T02:00:00.000Z",
      "2026-10-25T03:00:00.000Z",
    ]);
    const spring = nextRuns({ cron: "0 * * * *", timezone: "Europe/Berlin" }, "", at("2026-03-28T23:30:00Z"), 3);
    expect(iso(spring)).toEqual(["2026-03-29T00:00:00.000Z", "2026-03-29T01:00:00.000Z", "2026-03-29T02:00:00.000Z"]);
  });
  it("America/New_York: 02:00 daily keeps local time across spring-forward; 01:30 runs once at fall-back", () => {
    const spring = nextRuns({ cron: "0 2 * * *", timezone: "America/New_York" }, "", at("2026-03-07T12:00:00Z"), 3);
    expect(iso(spring)).toEqual(["2026-03-08T07:00:00.000Z", "2026-03-09T06:00:00.000Z", "2026-03-10T06:00:00.000Z"]);
    const fall = nextRuns({ cron: "30 1 * * *", timezone: "America/New_York" }, "", at("2026-10-31T12:00:00Z"), 3);
    expect(iso(fall)).toEqual(["2026-11-01T05:30:00.000Z", "2026-11-02T06:30:00.000Z", "2026-11-03T06:30:00.000Z"]);
  });
  it("the same expression means different instants in different zones", () => {
    const from = at("2026-06-01T00:00:00Z");
    expect(nextRuns({ cron: "0 2 * * *", timezone: "UTC" }, "", from, 1)[0].toISOString()).toBe(
      "2026-06-01T02:00:00.000Z",
    );
    expect(nextRuns({ cron: "0 2 * * *", timezone: "Europe/Berlin" }, "", from, 1)[0].toISOString()).toBe(
      "2026-06-02T00:00:00.000Z",
    );
    expect(nextRuns({ cron: "@weekly", timezone: "UTC" }, "", from, 1)[0].toISOString()).toBe(
      "2026-06-07T00:00:00.000Z",
    );
  });
  it("previousRun finds the slot moved by spring-forward (cron-parser's prev() alone skips it)", () => {
    const berlin = { cron: "30 2 * * *", timezone: "Europe/Berlin" };
    expect(previousRun(berlin, "", at("2026-03-29T01:30:30Z"))?.toISOString()).toBe("2026-03-29T01:30:00.000Z");
    const ny = { cron: "30 2 * * *", timezone: "America/New_York" };
    expect(previousRun(ny, "", at("2026-03-08T08:00:00Z"))?.toISOString()).toBe("2026-03-08T07:30:00.000Z");
  });
  it("previousRun counts the instant itself", () => {
    expect(previousRun({ cron: "0 2 * * *", timezone: "UTC" }, "", at("2026-06-01T02:00:00Z"))?.toISOString()).toBe(
      "2026-06-01T02:00:00.000Z",
    );
    expect(previousRun({ cron: "0 2 * * *", timezone: "UTC" }, "", at("2026-06-01T01:59:59Z"))?.toISOString()).toBe(
      "2026-05-31T02:00:00.000Z",
    );
  });
});

describe("random forms", () => {
  const ids = Array.from({ length: 1000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
  it("are stable per environment and concrete", () => {
    for (const form of ["@hourly-random", "@daily-random", "@nightly-random", "@weekly-random"]) {
      const a = expandRandomForm(form, ids[1]);
      expect(expandRandomForm(form, ids[1])).toBe(a);
      expect(checkCron(a)).toEqual({ ok: true });
      expect(a.startsWith("@")).toBe(false);
    }
    expect(expandRandomForm("0 2 * * *", ids[1])).toBe("0 2 * * *");
  });
  it("spread a thousand environments over minutes and hours", () => {
    const daily = ids.map((id) => expandRandomForm("@daily-random", id).split(" "));
    const minutes = new Set(daily.map((f) => f[0]));
    const hours = new Map<string, number>();
    for (const f of daily) hours.set(f[1], (hours.get(f[1]) ?? 0) + 1);
    expect(minutes.size).toBe(60);
    expect(hours.size).toBe(24);
    // Even spread: no hour holds more than twice its fair share (1000/24 ≈ 42).
    expect(Math.max(...hours.values())).toBeLessThan(84);
    const slots = new Set(daily.map((f) => f.join(" ")));
    expect(slots.size).toBeGreaterThan(600); // 1,440 minute slots a day; few collisions
    const nightly = ids.map((id) => Number(expandRandomForm("@nightly-random", id).split(" ")[1]));
    expect(nightly.every((h) => h >= 22 || h < 6)).toBe(true);
    expect(new Set(nightly).size).toBe(8);
    const weekly = new Set(ids.map((id) => expandRandomForm("@weekly-random", id).split(" ")[4]));
    expect(weekly.size).toBe(7);
  });
  it("next runs of a random form follow its concrete time", () => {
    const concrete = expandRandomForm("@daily-random", ids[7]);
    const [m, h] = concrete.split(" ").map(Number);
    const [run] = nextRuns({ cron: "@daily-random", timezone: "UTC" }, ids[7], at("2026-06-01T00:00:00Z"), 1);
    expect(run.getUTCHours() * 60 + run.getUTCMinutes()).toBe(h * 60 + m);
  });
  it("describes in words", () => {
    expect(describeSchedule({ cron: "0 2 * * *", timezone: "Europe/Berlin" })).toBe(
      "At 02:00, every day (Europe/Berlin)",
    );
    expect(describeSchedule({ cron: "17 3 * * 0", timezone: "UTC" })).toBe("At 03:17, only on Sunday (UTC)");
    expect(describeSchedule({ cron: "*/15 * * * *", timezone: "UTC" })).toBe("Every 15 minutes (UTC)");
    const words = describeSchedule({ cron: "@daily-random", timezone: "UTC" }, ids[3]);
    expect(words).toMatch(/^Every day at a fixed time picked for this environment: at \d\d:\d\d \(UTC\)$/);
  });
});

describe("dueSlots", () => {
  const daily = { cron: "0 2 * * *", timezone: "UTC" };
  it("nothing is due before the next slot", () => {
    expect(dueSlots(daily, at("2026-06-01T02:00:00Z"), at("2026-06-02T01:59:00Z"))).toEqual([]);
  });
  it("an on-time slot fires once, not flagged", () => {
    const due = dueSlots(daily, at("2026-06-01T02:00:00Z"), at("2026-06-02T02:00:20Z"));
    expect(due).toEqual([{ slot: at("2026-06-02T02:00:00Z"), catchUp: false, missed: 0 }]);
    // Once fired, the same slot is not due again.
    expect(dueSlots(daily, due[0].slot, at("2026-06-02T02:00:40Z"))).toEqual([]);
  });
  it("after downtime, a schedule that missed many slots runs once, as a catch-up for the latest slot", () => {
    const due = dueSlots(daily, at("2026-06-01T02:00:00Z"), at("2026-06-05T09:00:00Z"));
    expect(due).toEqual([{ slot: at("2026-06-05T02:00:00Z"), catchUp: true, missed: 3 }]);
    const minutely = dueSlots(
      { cron: "* * * * *", timezone: "UTC" },
      at("2026-06-01T00:00:00Z"),
      at("2026-06-01T10:00:30Z"),
    );
    expect(minutely).toHaveLength(1);
    expect(minutely[0].slot).toEqual(at("2026-06-01T10:00:00Z"));
    expect(minutely[0].catchUp).toBe(true);
  });
  it("a single slot seen late (beyond the grace period) is a catch-up", () => {
    const due = dueSlots(daily, at("2026-06-01T02:00:00Z"), at("2026-06-02T05:00:00Z"));
    expect(due).toEqual([{ slot: at("2026-06-02T02:00:00Z"), catchUp: true, missed: 0 }]);
  });
  it("a new schedule does not fire for slots before it was saved", () => {
    expect(dueSlots(daily, null, at("2026-06-02T05:00:00Z"), { since: at("2026-06-02T04:00:00Z") })).toEqual([]);
    expect(dueSlots(daily, null, at("2026-06-02T02:00:10Z"))).toEqual([
      { slot: at("2026-06-02T02:00:00Z"), catchUp: false, missed: 0 },
    ]);
    const afterSave = dueSlots(daily, null, at("2026-06-04T03:00:00Z"), { since: at("2026-06-02T04:00:00Z") });
    expect(afterSave).toEqual([{ slot: at("2026-06-04T02:00:00Z"), catchUp: true, missed: 1 }]);
  });
  it("honours the time zone and DST (Berlin spring-forward)", () => {
    const berlin = { cron: "30 2 * * *", timezone: "Europe/Berlin" };
    const due = dueSlots(berlin, at("2026-03-28T01:30:00Z"), at("2026-03-29T01:30:30Z"));
    expect(due).toEqual([{ slot: at("2026-03-29T01:30:00Z"), catchUp: false, missed: 0 }]);
  });
  it("expands random forms with the seed", () => {
    const seed = "env-42";
    const [m, h] = expandRandomForm("@daily-random", seed).split(" ").map(Number);
    const slot = new Date(Date.UTC(2026, 5, 2, h, m));
    const due = dueSlots(
      { cron: "@daily-random", timezone: "UTC", seed },
      new Date(slot.getTime() - 86_400_000),
      new Date(slot.getTime() + 5_000),
    );
    expect(due).toEqual([{ slot, catchUp: false, missed: 0 }]);
  });
});
