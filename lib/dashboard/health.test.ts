/* The dashboard's health rule. */
import { describe, expect, it } from "vitest";
import { healthOf } from "./health";

const now = new Date("2026-11-23T18:00:00Z");
const base = {
  type: "production" as const,
  active: true,
  hasSchedule: true,
  lastStatus: "succeeded",
  lastGoodAt: "2026-11-23T16:00:00Z",
};

describe("healthOf", () => {
  it("is healthy with a recent good backup", () => expect(healthOf(base, now).health).toBe("healthy"));
  it("is failing when the last backup failed", () =>
    expect(healthOf({ ...base, lastStatus: "failed" }, now).health).toBe("failing"));
  it("is failing for production without a good backup in 24 h", () =>
    expect(healthOf({ ...base, lastGoodAt: "2026-11-22T17:00:00Z" }, now).health).toBe("failing"));
  it("is only at risk for staging after 24 h, failing never", () => {
    expect(healthOf({ ...base, type: "staging", lastGoodAt: "2026-11-22T17:00:00Z" }, now).health).toBe("healthy");
    expect(healthOf({ ...base, type: "staging", lastGoodAt: "2026-11-19T17:00:00Z" }, now).health).toBe("at_risk");
  });
  it("never calls an environment without a good backup healthy", () => {
    expect(healthOf({ ...base, type: "development", lastStatus: null, lastGoodAt: null }, now).health).toBe("at_risk");
    expect(healthOf({ ...base, lastStatus: null, lastGoodAt: null }, now).health).toBe("failing");
  });
  it("flags paused and unscheduled environments", () => {
    expect(healthOf({ ...base, active: false }, now).reason).toMatch(/paused/);
    expect(healthOf({ ...base, hasSchedule: false }, now).health).toBe("at_risk");
  });
});
