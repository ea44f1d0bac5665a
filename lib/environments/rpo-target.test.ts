/* The one RPO/RTO rule: defaults by type, critical, edited values win, and the overdue grace. */
import { describe, expect, it } from "vitest";
import { effectiveTargets, overdueAfterSeconds, spanInWords } from "./rpo-target";

const H = 3600;

describe("recovery targets", () => {
  it("defaults by type, critical overrides the type, an edited value overrides both", () => {
    expect(effectiveTargets({ type: "production" })).toMatchObject({ rpoSeconds: 24 * H, rtoSeconds: H });
    expect(effectiveTargets({ type: "staging" })).toMatchObject({ rpoSeconds: 7 * 24 * H, rtoSeconds: 4 * H });
    expect(effectiveTargets({ type: "development", critical: true })).toMatchObject({ rpoSeconds: H, rtoSeconds: 900 });
    expect(effectiveTargets({ type: "production", critical: true, rtoSeconds: 1800 })).toEqual({
      rpoSeconds: H,
      rtoSeconds: 1800,
      rpoInherited: true,
      rtoInherited: false,
    });
  });

  it("keeps the overdue thresholds the alert always had: 26 h for a day, 8 days for a week", () => {
    expect(overdueAfterSeconds(24 * H)).toBe(26 * H);
    expect(overdueAfterSeconds(7 * 24 * H)).toBe(8 * 24 * H);
    expect(overdueAfterSeconds(H)).toBe(65 * 60);
    // never shrinks as the target grows
    for (let s = 60; s < 30 * 24 * H; s += 1800)
      expect(overdueAfterSeconds(s + 1800)).toBeGreaterThan(overdueAfterSeconds(s));
  });

  it("says spans in words", () => {
    expect([26 * H, 8 * 24 * H, 65 * 60, 7 * 24 * H, H].map(spanInWords)).toEqual([
      "26 h",
      "8 days",
      "65 min",
      "1 week",
      "1 h",
    ]);
  });
});
