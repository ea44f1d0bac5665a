/* Retention maths without restic: presets, durations, interval mapping, the zod messages, and
 * Lifeboat's own rules on top of restic's (manual, safety, failed, running, newest good backup). The
 * agreement with restic itself is retention-vs-restic.int.test.ts. */
import { describe, expect, it } from "vitest";
import { policyArgs } from "@/lib/engine/restic/forget";
import {
  applyRetention,
  describePolicy,
  explainPolicy,
  isoWeek,
  listRetentionPresets,
  parseDuration,
  policyFromIntervals,
  resolvePolicy,
  storedRetention,
  ZRetention,
  type RetentionCandidate,
} from "./index";

const NOW = new Date("2026-06-30T12:00:00Z");
const days = (n: number) => n * 86_400_000;
function daily(
  n: number,
  trigger: RetentionCandidate["trigger"] = "scheduled",
  start = NOW.getTime() - 3_600_000,
): RetentionCandidate[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${trigger}-${i}`,
    time: new Date(start - days(i)),
    trigger,
    status: "succeeded" as const,
  }));
}

describe("presets", () => {
  it("lists the seven presets with labels", () => {
    const presets = listRetentionPresets();
    expect(presets.map((p) => p.id)).toEqual(["7d", "30d", "lagoon", "gfs-long", "2d", "keep-all", "keep-last"]);
    expect(presets.find((p) => p.id === "lagoon")).toMatchObject({
      label: "7 daily · 6 weekly · 1 monthly",
      policy: { keepDaily: 7, keepWeekly: 6, keepMonthly: 1 },
    });
    expect(resolvePolicy({ preset: "gfs-long" })).toMatchObject({
      keepHourly: 24,
      keepDaily: 7,
      keepWeekly: 4,
      keepMonthly: 12,
    });
    expect(resolvePolicy({ preset: "2d" })).toMatchObject({ keepDaily: 2, keepWithin: null });
    expect(resolvePolicy({ preset: "7d" }).keepWithin).toBe("7d");
    expect(policyArgs(resolvePolicy({ preset: "lagoon" }))).toEqual([
      "--keep-daily",
      "7",
      "--keep-weekly",
      "6",
      "--keep-monthly",
      "1",
    ]);
  });
  it("explains a preset in a sentence for the dropdown", () => {
    expect(explainPolicy(resolvePolicy({ preset: "lagoon" }))).toBe(
      "Keeps one per day for 7 days, one per week for 6 weeks, one per month for 1 month.",
    );
    expect(explainPolicy(resolvePolicy({ preset: "7d" }))).toBe("Keeps everything from the last 7 days.");
  });
  it("2d keeps one a day, two kept", () => {
    const twice = [
      ...daily(5),
      {
        id: "extra",
        time: new Date(NOW.getTime() - 7_200_000),
        trigger: "scheduled" as const,
        status: "succeeded" as const,
      },
    ];
    const r = applyRetention(twice, resolvePolicy({ preset: "2d" }), NOW);
    expect(r.keep.map((d) => d.id)).toEqual(["scheduled-0", "scheduled-1"]);
    expect(r.remove).toHaveLength(4);
    expect(r.summary).toBe("With this policy (2 daily) 4 of your 6 backups would be removed.");
  });
  it("7d keeps the last 7 days measured from the newest backup", () => {
    const r = applyRetention(daily(19), resolvePolicy({ preset: "7d" }), NOW);
    expect(r.keep).toHaveLength(7);
    expect(r.keep.every((d) => d.reasons[0] === "Within 7d of the newest backup.")).toBe(true);
    // A schedule paused for a month does not age out its last backups.
    const later = applyRetention(daily(19), resolvePolicy({ preset: "7d" }), new Date(NOW.getTime() + days(30)));
    expect(later.keep).toHaveLength(7);
  });
});

describe("durations and intervals", () => {
  it("parses y/m/w/d/h and writes restic's spelling", () => {
    expect(parseDuration("2d")).toEqual({ years: 0, months: 0, days: 2, hours: 0 });
    expect(parseDuration("1w3d")).toEqual({ years: 0, months: 0, days: 10, hours: 0 });
    expect(parseDuration("1y6m")).toEqual({ years: 1, months: 6, days: 0, hours: 0 });
    for (const bad of ["", "2", "d", "3x", "2d1w", "0d"]) expect(parseDuration(bad), bad).toBeNull();
    expect(resolvePolicy({ keepWithin: "1w3d" }).keepWithin).toBe("10d");
  });
  it("maps Platform.sh-style intervals onto buckets", () => {
    expect(
      policyFromIntervals([
        { interval: "1d", count: 7 },
        { interval: "1w", count: 4 },
        { interval: "1M", count: 12 },
      ]),
    ).toMatchObject({ keepDaily: 7, keepWeekly: 4, keepMonthly: 12 });
    expect(policyFromIntervals([{ interval: "6h", count: 4 }]).keepHourly).toBe(24);
    expect(policyFromIntervals([{ interval: "1y", count: 2 }]).keepYearly).toBe(2);
    expect(() => policyFromIntervals([{ interval: "1q", count: 2 }])).toThrow(/not an interval/);
    const parsed = ZRetention.parse({ interval: "1d", count: 7 });
    expect(storedRetention(parsed)).toEqual({ keepDaily: 7 });
  });
});

describe("ZRetention", () => {
  it("accepts presets, custom fields and intervals", () => {
    expect(ZRetention.parse({ preset: "lagoon" })).toEqual({ preset: "lagoon" });
    expect(storedRetention(ZRetention.parse({ keepLast: 3, keepDaily: 7, keepWithin: "1w3d" }))).toEqual({
      keepLast: 3,
      keepDaily: 7,
      keepWithin: "10d",
    });
    expect(storedRetention(ZRetention.parse({ intervals: [{ interval: "1d", count: 7 }] }))).toEqual({ keepDaily: 7 });
  });
  it("names the problem of the form the user meant", () => {
    const bad = ZRetention.safeParse({ keepDaily: 3, keepWithin: "3 days" });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]).toMatchObject({
      path: ["keepWithin"],
      message: expect.stringMatching(/^Not a valid duration/),
    });
    const none = ZRetention.safeParse({ keepDaily: 0 });
    expect(none.error!.issues[0].message).toMatch(/Keep at least one backup/);
    const preset = ZRetention.safeParse({ preset: "forever" });
    expect(preset.error!.issues[0]).toMatchObject({
      path: ["preset"],
      message: expect.stringMatching(/Choose one of the presets/),
    });
    const negative = ZRetention.safeParse({ keepDaily: -1 });
    expect(negative.error!.issues[0].message).toBe("Daily cannot be negative.");
    expect(ZRetention.safeParse({ intervals: [{ interval: "1q", count: 1 }] }).success).toBe(false);
  });
  it("refuses counts sent as strings and absurd durations (probe finding)", () => {
    const text = ZRetention.safeParse({ keepLast: "3" });
    expect(text.success).toBe(false);
    expect(text.error!.issues[0]).toMatchObject({ path: ["keepLast"], message: "Keep last must be a number." });
    expect(ZRetention.safeParse({ intervals: [{ interval: "1d", count: "7" }] }).success).toBe(false);
    const huge = ZRetention.safeParse({ keepWithin: "9999999999y" });
    expect(huge.success).toBe(false);
    expect(huge.error!.issues[0]).toMatchObject({
      path: ["keepWithin"],
      message: expect.stringMatching(/at most 100/),
    });
    expect(ZRetention.safeParse({ keepWithin: "1300m" }).success).toBe(false);
    expect(ZRetention.safeParse({ keepWithin: "100y" }).success).toBe(true);
    expect(ZRetention.safeParse({ keepWithin: "30d" }).success).toBe(true);
  });
  it("describes policies in words", () => {
    expect(describePolicy(resolvePolicy({ preset: "lagoon" }))).toBe("7 daily · 6 weekly · 1 monthly");
    expect(describePolicy(resolvePolicy({ keepLast: 3, keepWithin: "2d" }))).toBe("last 3 · everything within 2d");
  });
});

describe("Lifeboat's rules on top of restic's", () => {
  const policy = resolvePolicy({ keepLast: 2 });
  it("never touches safety backups and manual ones only through the max-manual limit", () => {
    const list = [
      ...daily(5),
      ...daily(4, "manual", NOW.getTime() - 1_800_000),
      ...daily(3, "safety", NOW.getTime() - 900_000),
    ];
    const r = applyRetention(list, policy, NOW, { maxManualBackups: 2 });
    const byId = new Map(r.decisions.map((d) => [d.id, d]));
    expect(["safety-0", "safety-1", "safety-2"].every((id) => byId.get(id)!.action === "keep")).toBe(true);
    expect(byId.get("manual-0")!.action).toBe("keep");
    expect(byId.get("manual-1")!.action).toBe("keep");
    expect(byId.get("manual-2")!).toMatchObject({
      action: "remove",
      reasons: ["More than 2 manual backups: the oldest manual ones are replaced."],
    });
    expect(byId.get("manual-3")!.action).toBe("remove");
    expect(r.remove.map((d) => d.id).sort()).toEqual([
      "manual-2",
      "manual-3",
      "scheduled-2",
      "scheduled-3",
      "scheduled-4",
    ]);
    // Without a limit manual backups stay.
    expect(
      applyRetention(list, policy, NOW)
        .remove.map((d) => d.id)
        .sort(),
    ).toEqual(["scheduled-2", "scheduled-3", "scheduled-4"]);
  });
  it("never removes the newest good backup, even when newer scheduled runs were only partial", () => {
    const list: RetentionCandidate[] = [
      { id: "p1", time: new Date("2026-06-30T02:00:00Z"), trigger: "scheduled", status: "partial" },
      { id: "p2", time: new Date("2026-06-29T02:00:00Z"), trigger: "scheduled", status: "partial" },
      { id: "ok", time: new Date("2026-06-28T02:00:00Z"), trigger: "scheduled", status: "succeeded" },
    ];
    const r = applyRetention(list, policy, NOW);
    // Partial runs take no bucket slot, so the complete one is kept by the policy itself, and the newer
    // partial ones stay (nothing complete is newer) without pushing it out.
    expect(r.decisions.find((d) => d.id === "ok")).toMatchObject({
      action: "keep",
      reasons: ["One of the last 2.", "Newest good backup: never removed."],
    });
    expect(r.keep.map((d) => d.id)).toEqual(["p1", "p2", "ok"]);
  });
  it("gives partial backups no bucket slot: a partial run never displaces the day's complete backup", () => {
    // Succeeded 02:00 and partial 14:00 on the same day, keepDaily 7.
    const list: RetentionCandidate[] = [
      { id: "ok-today", time: new Date("2026-06-30T02:00:00Z"), trigger: "scheduled", status: "succeeded" },
      { id: "partial-yesterday", time: new Date("2026-06-29T14:00:00Z"), trigger: "scheduled", status: "partial" },
      { id: "ok-yesterday", time: new Date("2026-06-29T02:00:00Z"), trigger: "scheduled", status: "succeeded" },
      { id: "ok-before", time: new Date("2026-06-28T02:00:00Z"), trigger: "scheduled", status: "succeeded" },
    ];
    const r = applyRetention(list, resolvePolicy({ keepDaily: 7 }), NOW);
    const byId = new Map(r.decisions.map((d) => [d.id, d]));
    expect(byId.get("ok-yesterday")).toMatchObject({ action: "keep", rules: ["daily"] });
    expect(byId.get("ok-before")).toMatchObject({ action: "keep", rules: ["daily"] });
    expect(byId.get("partial-yesterday")).toMatchObject({
      action: "remove",
      rules: [],
      reasons: ["Partial backup (some files were not read); a newer complete backup exists."],
    });
    // The complete backups are decided exactly as restic decides over the complete ones alone.
    const completeOnly = applyRetention(
      list.filter((b) => b.status === "succeeded"),
      resolvePolicy({ keepDaily: 7 }),
      NOW,
    );
    for (const d of completeOnly.decisions) expect(byId.get(d.id)).toMatchObject({ action: d.action, rules: d.rules });
  });
  it("keeps partial backups newer than the newest complete one, bounded by the policy among themselves", () => {
    const list: RetentionCandidate[] = [
      { id: "p-30b", time: new Date("2026-06-30T10:00:00Z"), trigger: "scheduled", status: "partial" },
      { id: "p-30a", time: new Date("2026-06-30T02:00:00Z"), trigger: "scheduled", status: "partial" },
      { id: "p-29", time: new Date("2026-06-29T02:00:00Z"), trigger: "scheduled", status: "partial" },
      { id: "p-28", time: new Date("2026-06-28T02:00:00Z"), trigger: "scheduled", status: "partial" },
      { id: "ok", time: new Date("2026-06-27T02:00:00Z"), trigger: "scheduled", status: "succeeded" },
    ];
    const r = applyRetention(list, resolvePolicy({ keepDaily: 2 }), NOW);
    const action = Object.fromEntries(r.decisions.map((d) => [d.id, d.action]));
    expect(action).toEqual({ "p-30b": "keep", "p-30a": "remove", "p-29": "keep", "p-28": "remove", ok: "keep" });
    expect(r.decisions.find((d) => d.id === "p-30b")!.reasons[0]).toMatch(
      /^Partial backup newer than the newest complete one/,
    );
    expect(r.decisions.find((d) => d.id === "p-28")!.reasons).toEqual([
      "Partial backup not needed by the policy (2 daily).",
    ]);
    expect(r.decisions.find((d) => d.id === "ok")!.reasons).toEqual([
      "Daily backup for 2026-06-27.",
      "Newest good backup: never removed.",
    ]);
  });
  it("leaves running backups alone and removes failed runs once a newer backup succeeded", () => {
    const list: RetentionCandidate[] = [
      { id: "running", time: new Date("2026-06-30T11:00:00Z"), trigger: "scheduled", status: "running" },
      { id: "failed-new", time: new Date("2026-06-30T10:00:00Z"), trigger: "scheduled", status: "failed" },
      { id: "ok", time: new Date("2026-06-30T09:00:00Z"), trigger: "scheduled", status: "succeeded" },
      { id: "failed-old", time: new Date("2026-06-29T09:00:00Z"), trigger: "manual", status: "failed" },
    ];
    const r = applyRetention(list, policy, NOW, { maxManualBackups: 0 });
    const action = Object.fromEntries(r.decisions.map((d) => [d.id, d.action]));
    expect(action).toEqual({ running: "keep", "failed-new": "keep", ok: "keep", "failed-old": "remove" });
  });
});

describe("restic bucket details", () => {
  it("uses ISO weeks (2026 has 53; 2027-01-03 still belongs to it)", () => {
    expect(isoWeek(2026, 12, 31)).toEqual({ year: 2026, week: 53 });
    expect(isoWeek(2027, 1, 3)).toEqual({ year: 2026, week: 53 });
    expect(isoWeek(2027, 1, 4)).toEqual({ year: 2027, week: 1 });
    expect(isoWeek(2026, 1, 1)).toEqual({ year: 2026, week: 1 });
  });
  it("counts days in the given zone", () => {
    // 22:30 UTC on June 1 is already June 2 in Berlin.
    const list: RetentionCandidate[] = [
      { id: "a", time: new Date("2026-06-01T22:30:00Z"), trigger: "scheduled", status: "succeeded" },
      { id: "b", time: new Date("2026-06-01T21:30:00Z"), trigger: "scheduled", status: "succeeded" },
    ];
    const keepDaily = resolvePolicy({ keepDaily: 5 });
    expect(applyRetention(list, keepDaily, NOW, { timezone: "UTC" }).keep).toHaveLength(1);
    expect(applyRetention(list, keepDaily, NOW, { timezone: "Europe/Berlin" }).keep).toHaveLength(2);
  });
  it("decides 10,000 backups quickly", () => {
    const list = Array.from({ length: 10_000 }, (_, i) => ({
      id: String(i),
      time: new Date(NOW.getTime() - i * 3_600_000),
      trigger: "scheduled" as const,
      status: "succeeded" as const,
    }));
    const t0 = performance.now();
    const r = applyRetention(list, resolvePolicy({ preset: "gfs-long" }), NOW);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(r.keep.length).toBeGreaterThan(24);
    expect(r.keep.length).toBeLessThanOrEqual(24 + 7 + 4 + 12);
  });
});
