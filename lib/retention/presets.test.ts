/* The "Keep all" and "Keep the N most recent" presets: keep-last N resolves to restic's keepLast N (10
 * without a count), is stored with its count; keep all keeps every backup in the decision — failed runs
 * with a newer success and manual ones over the cap too — while the same empty policy without the preset
 * still removes those. */
import { describe, expect, it } from "vitest";
import { applyRetention, type RetentionCandidate } from "./apply-retention";
import { describePolicy, isKeepAll, resolvePolicy, storedRetention } from "./policy";
import { ZRetention } from "./schema";

const at = (h: number) => new Date(Date.UTC(2026, 0, 1, h));
const list: RetentionCandidate[] = [
  { id: "s1", time: at(1), trigger: "scheduled", status: "succeeded" },
  { id: "f1", time: at(2), trigger: "scheduled", status: "failed" },
  { id: "m1", time: at(3), trigger: "manual", status: "succeeded" },
  { id: "m2", time: at(4), trigger: "manual", status: "succeeded" },
  { id: "s2", time: at(5), trigger: "scheduled", status: "succeeded" },
];

describe("keep-last", () => {
  it("is keepLast N, 10 without a count, and stored with its count", () => {
    expect(resolvePolicy({ preset: "keep-last", count: 3 }).keepLast).toBe(3);
    expect(resolvePolicy({ preset: "keep-last" }).keepLast).toBe(10);
    expect(storedRetention({ preset: "keep-last", count: 4 })).toEqual({ preset: "keep-last", count: 4 });
    expect(storedRetention({ preset: "keep-last" })).toEqual({ preset: "keep-last", count: 10 });
    expect(describePolicy(resolvePolicy({ preset: "keep-last", count: 4 }))).toBe("last 4");
  });
  it("refuses a count of 0 and a count on another preset", () => {
    expect(ZRetention.safeParse({ preset: "keep-last", count: 0 }).success).toBe(false);
    expect(ZRetention.safeParse({ preset: "lagoon", count: 2 }).error?.issues[0]?.message).toMatch(/keep-last/);
  });
  it("keeps the N newest scheduled backups", () => {
    const r = applyRetention(list, resolvePolicy({ preset: "keep-last", count: 1 }), at(6));
    expect(r.remove.map((d) => d.id)).toEqual(["f1", "s1"]);
  });
});

describe("keep-all", () => {
  it("keeps everything, while the bare empty policy still drops a failed run and manual over the cap", () => {
    expect(isKeepAll({ preset: "keep-all" })).toBe(true);
    const policy = resolvePolicy({ preset: "keep-all" });
    const all = applyRetention(list, policy, at(6), { maxManualBackups: 1, keepAll: true });
    expect(all.remove).toEqual([]);
    expect(all.keep).toHaveLength(5);
    const bare = applyRetention(list, policy, at(6), { maxManualBackups: 1 });
    expect(bare.remove.map((d) => d.id).sort()).toEqual(["f1", "m1"]);
  });
});
