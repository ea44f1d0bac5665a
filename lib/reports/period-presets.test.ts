/* Period presets: inclusive bare dates in UTC, months across a year boundary. */
import { describe, expect, it } from "vitest";
import { periodAsDates, periodPresets } from "./period-presets";

describe("periodPresets", () => {
  it("gives inclusive UTC days, and last month across the new year", () => {
    const p = Object.fromEntries(periodPresets(new Date("2026-01-05T23:30:00-05:00")).map((x) => [x.id, x]));
    expect(p["7d"]).toMatchObject({ from: "2025-12-31", to: "2026-01-06" });
    expect(p.month).toMatchObject({ from: "2026-01-01", to: "2026-01-06" });
    expect(p["last-month"]).toMatchObject({ from: "2025-12-01", to: "2025-12-31" });
  });

  it("shows a report period's exclusive end as the last day", () => {
    expect(periodAsDates({ from: "2026-11-01T00:00:00.000Z", to: "2026-12-01T00:00:00.000Z" })).toEqual({
      from: "2026-11-01",
      to: "2026-11-30",
    });
  });
});
