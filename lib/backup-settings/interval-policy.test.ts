import { describe, expect, it } from "vitest";
import { storedRetention } from "@/lib/retention/policy";
import { checkCron } from "@/lib/schedules/cron-check";
import { fromIntervalPolicy, toIntervalPolicy, ZIntervalPolicy } from "./interval-policy";

const PSH = [
  { interval: "1d", count: 7 },
  { interval: "1w", count: 4 },
  { interval: "1M", count: 12 },
];

describe("Platform.sh interval policies ↔ schedules + retention", () => {
  it("converts the Platform.sh example to a daily spread run and 7 daily · 4 weekly · 12 monthly", () => {
    const out = fromIntervalPolicy(PSH);
    expect(out).toEqual({ cron: "@daily-random", retention: { keepDaily: 7, keepWeekly: 4, keepMonthly: 12 } });
    expect(toIntervalPolicy([{ cron: out.cron, timezone: "UTC" }], out.retention, "UTC")).toEqual(PSH);
  });

  it("the smallest interval sets the schedule, whatever the order", () => {
    expect(
      fromIntervalPolicy([
        { interval: "1w", count: 2 },
        { interval: "2h", count: 12 },
      ]).cron,
    ).toBe("0 */2 * * *");
    expect(fromIntervalPolicy([{ interval: "1h", count: 24 }]).cron).toBe("@hourly-random");
    expect(
      fromIntervalPolicy([
        { interval: "1M", count: 3 },
        { interval: "1w", count: 4 },
      ]).cron,
    ).toBe("@weekly-random");
    expect(fromIntervalPolicy([{ interval: "1M", count: 6 }]).cron).toBe("@monthly");
    for (const c of ["0 */2 * * *", "@hourly-random", "@weekly-random", "@monthly", "@daily-random"])
      expect(checkCron(c).ok, c).toBe(true);
  });

  it("keeps count of the smallest rhythm and n × count of a larger multiple", () => {
    const out = fromIntervalPolicy([
      { interval: "2h", count: 12 },
      { interval: "2w", count: 3 },
    ]);
    expect(out.retention).toEqual({ keepHourly: 12, keepWeekly: 6 });
    expect(toIntervalPolicy([{ cron: out.cron }], out.retention)).toEqual([
      { interval: "2h", count: 12 },
      { interval: "1w", count: 6 },
    ]);
  });

  it("round-trips every normalized policy", () => {
    const cases = [
      [
        { interval: "1h", count: 24 },
        { interval: "1d", count: 7 },
      ],
      [
        { interval: "4h", count: 6 },
        { interval: "1M", count: 2 },
        { interval: "1y", count: 3 },
      ],
      [{ interval: "1w", count: 6 }],
      [
        { interval: "1M", count: 12 },
        { interval: "1y", count: 7 },
      ],
    ];
    for (const c of cases) {
      const { cron, retention } = fromIntervalPolicy(c);
      expect(toIntervalPolicy([{ cron }], retention)).toEqual(c);
    }
  });

  it("reads today's defaults and presets as policies", () => {
    expect(toIntervalPolicy([{ cron: "@daily-random" }], { preset: "lagoon" })).toEqual([
      { interval: "1d", count: 7 },
      { interval: "1w", count: 6 },
      { interval: "1M", count: 1 },
    ]);
    expect(toIntervalPolicy([{ cron: "@nightly-random" }], { preset: "2d" })).toEqual([{ interval: "1d", count: 2 }]);
    expect(toIntervalPolicy([{ cron: "30 2 * * *" }], storedRetention({ keepDaily: 3 }))).toEqual([
      { interval: "1d", count: 3 },
    ]);
  });

  it("returns null when the settings are not such a list", () => {
    expect(toIntervalPolicy([], { keepDaily: 7 })).toBeNull();
    expect(toIntervalPolicy([{ cron: "@daily-random" }, { cron: "@hourly-random" }], { keepDaily: 7 })).toBeNull();
    expect(toIntervalPolicy([{ cron: "@daily-random" }], { preset: "7d" })).toBeNull(); // keep-within
    expect(toIntervalPolicy([{ cron: "@daily-random" }], { keepLast: 3 })).toBeNull();
    expect(toIntervalPolicy([{ cron: "@daily-random" }], { keepHourly: 3, keepDaily: 7 })).toBeNull();
    expect(toIntervalPolicy([{ cron: "@daily-random" }], { keepWeekly: 4 })).toBeNull();
    expect(toIntervalPolicy([{ cron: "15 2 * * 1-5" }], { keepDaily: 4 })).toBeNull();
    expect(toIntervalPolicy([{ cron: "0 */5 * * *" }], { keepHourly: 4 })).toBeNull();
    expect(
      toIntervalPolicy([{ cron: "@daily-random", timezone: "Europe/Berlin" }], { keepDaily: 4 }, "UTC"),
    ).toBeNull();
  });

  it("validates with specific messages", () => {
    const msg = (v: unknown) => {
      const r = ZIntervalPolicy.safeParse(v);
      return r.success ? null : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    };
    expect(msg(PSH)).toBeNull();
    expect(msg([])).toEqual([": Add at least one interval."]);
    expect(msg([{ interval: "1x", count: 2 }])![0]).toMatch(/^0.interval: Use an interval like "1h"/);
    expect(msg([{ interval: "1d", count: 0 }])).toEqual(["0.count: Count must be at least 1."]);
    expect(msg([{ interval: "1d", count: "7" }])).toEqual(["0.count: Count must be a number."]);
    expect(
      msg([
        { interval: "1d", count: 7 },
        { interval: "2d", count: 2 },
      ]),
    ).toEqual(['1.interval: Each unit once: "d" is listed twice.']);
    expect(
      msg([
        { interval: "2d", count: 7 },
        { interval: "1M", count: 2 },
      ])![0],
    ).toMatch(/^0.interval: The smallest interval sets how often a backup runs: .* "2d" cannot be the smallest\./);
    expect(msg([{ interval: "5h", count: 7 }])![0]).toMatch(/"5h" cannot be the smallest/);
    expect(msg({ interval: "1d" })).toEqual([': A policy is a list like [{"interval": "1d", "count": 7}].']);
  });
});
