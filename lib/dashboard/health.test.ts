/* The dashboard's health rule. */
import { describe, expect, it } from "vitest";
import { healthOf, type ProofInput } from "./health";

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

  describe("with proof", () => {
    const proven: ProofInput = {
      latestVerification: "passed",
      latestDamaged: false,
      failedCheckDestination: null,
      latestTestRestoreStatus: "succeeded",
      lastProvenAt: "2026-11-20T18:00:00Z",
    };
    const withProof = (p: Partial<ProofInput>) => healthOf({ ...base, proof: { ...proven, ...p } }, now);
    it("is healthy when a test restore proved it in the last 30 days", () =>
      expect(withProof({}).health).toBe("healthy"));
    it("fails when the latest backup failed verification or is damaged", () => {
      expect(withProof({ latestVerification: "failed" })).toEqual({
        health: "failing",
        reason: "The latest backup failed its verification.",
      });
      expect(withProof({ latestDamaged: true }).health).toBe("failing");
    });
    it("fails when an integrity check of its destination failed, naming it", () =>
      expect(withProof({ failedCheckDestination: "Offsite" }).reason).toBe(
        "The last integrity check of Offsite failed.",
      ));
    it("fails when the last test restore failed", () =>
      expect(withProof({ latestTestRestoreStatus: "failed" }).health).toBe("failing"));
    it("is at risk without a proven restore in 30 days, or with a verification warning", () => {
      expect(withProof({ lastProvenAt: "2026-10-20T18:00:00Z" }).reason).toBe("No proven restore in the last 30 days.");
      expect(withProof({ lastProvenAt: null }).health).toBe("at_risk");
      expect(withProof({ latestVerification: "warning" }).health).toBe("at_risk");
    });
  });
});
