import { describe, expect, it } from "vitest";
import { timeTickFormatter } from "./time-ticks";

describe("Monitoring x-axis labels", () => {
  it("shows hours when every backup is on one day, so the labels differ", () => {
    const pts = ["2026-12-02T08:05:00Z", "2026-12-02T12:40:00Z", "2026-12-02T19:15:00Z"];
    const f = timeTickFormatter(pts, "UTC");
    expect(pts.map(f)).toEqual(["08:05", "12:40", "19:15"]);
  });
  it("judges the day in the environment's time zone", () => {
    // 23:30 UTC on the 1st is the 2nd in Berlin, like the other point: one day there.
    const pts = ["2026-12-01T23:30:00Z", "2026-12-02T10:00:00Z"];
    expect(pts.map(timeTickFormatter(pts, "Europe/Berlin"))).toEqual(["00:30", "11:00"]);
    expect(pts.map(timeTickFormatter(pts, "UTC"))).toEqual(["1 Dec 23:30", "2 Dec 10:00"]);
  });
  it("shows only the day for longer spans", () => {
    const pts = ["2026-11-01T08:00:00Z", "2026-12-02T08:00:00Z"];
    expect(pts.map(timeTickFormatter(pts, "UTC"))).toEqual(["1 Nov", "2 Dec"]);
  });
});
