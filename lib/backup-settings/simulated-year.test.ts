/* A simulated year on a fast clock: backups at the policy's own schedule times (the schedule the
 * Platform.sh list converts to, expanded for one environment in its time zone, across both DST changes),
 * the real retention decision (lib/retention's applyRetention, what decide-retention.ts hands the job)
 * applied after each backup exactly as the retention job does, and what is left checked against what
 * Platform.sh documents for `1d`×7, `1w`×4, `1M`×12, plus max_backups and manual_count. */
import { describe, expect, it } from "vitest";
import { applyRetention, type RetentionCandidate, type RetentionDecision } from "@/lib/retention/apply-retention";
import { isoWeek, zonedParts } from "@/lib/retention/calendar";
import { resolvePolicy } from "@/lib/retention/policy";
import { nextRuns } from "@/lib/schedules/cron";
import { fromIntervalPolicy } from "./interval-policy";

const TZ = "Europe/Berlin";
const ENV = "6f1d2c3b-0a9e-4d7c-8b6a-5f4e3d2c1b0a";
const PSH = [
  { interval: "1d", count: 7 },
  { interval: "1w", count: 4 },
  { interval: "1M", count: 12 },
];
const START = new Date("2026-01-01T00:00:00Z");

type Sim = { kept: RetentionCandidate[]; last: RetentionDecision[]; maxKept: number; runs: Date[] };

/** Runs a year: a scheduled backup at every slot, a manual one every `manualEvery` days, retention after
 * each. `check` sees the decision after every backup. */
function simulate(opts: {
  maxManualBackups?: number;
  maxBackups?: number;
  manualEvery?: number;
  check?: (decisions: RetentionDecision[], at: Date) => void;
}): Sim {
  const { cron, retention } = fromIntervalPolicy(PSH);
  const policy = resolvePolicy(retention);
  const runs = nextRuns({ cron, timezone: TZ }, ENV, START, 365);
  let kept: RetentionCandidate[] = [];
  let last: RetentionDecision[] = [];
  let maxKept = 0;
  let n = 0;
  const retain = (at: Date) => {
    const r = applyRetention(kept, policy, at, {
      timezone: TZ,
      maxManualBackups: opts.maxManualBackups,
      maxBackups: opts.maxBackups,
    });
    const gone = new Set(r.remove.map((d) => d.id));
    kept = kept.filter((b) => !gone.has(b.id));
    last = r.keep;
    maxKept = Math.max(maxKept, kept.length);
    opts.check?.(r.decisions, at);
  };
  runs.forEach((t, day) => {
    kept.push({ id: `s${++n}`, time: t, trigger: "scheduled", status: "succeeded" });
    retain(new Date(t.getTime() + 5 * 60_000));
    if (opts.manualEvery && day % opts.manualEvery === 3) {
      const m = new Date(t.getTime() + 3 * 3_600_000);
      kept.push({ id: `m${++n}`, time: m, trigger: "manual", status: "succeeded" });
      retain(new Date(m.getTime() + 60_000));
    }
  });
  return { kept, last, maxKept, runs };
}

const dayKey = (d: Date) => {
  const p = zonedParts(d, TZ);
  return `${p.year}-${p.month}-${p.day}`;
};
const weekKey = (d: Date) => {
  const p = zonedParts(d, TZ);
  const w = isoWeek(p.year, p.month, p.day);
  return `${w.year}-W${w.week}`;
};
const monthKey = (d: Date) => {
  const p = zonedParts(d, TZ);
  return `${p.year}-${p.month}`;
};
/** The newest run of each of the last `count` periods (newest first). */
function newestPer(runs: Date[], key: (d: Date) => string, count: number): number[] {
  const seen = new Map<string, number>();
  for (const r of [...runs].reverse()) if (!seen.has(key(r))) seen.set(key(r), r.getTime());
  return [...seen.values()].slice(0, count);
}

describe("a simulated year of the Platform.sh policy 1d×7 · 1w×4 · 1M×12", { timeout: 30_000 }, () => {
  it("keeps exactly 7 daily, 4 weekly and 12 monthly backups, the ones Platform.sh documents", () => {
    let checked = 0;
    const sim = simulate({
      check: (decisions, at) => {
        // From the second week on, every day: exactly the last 7 days' backups carry the daily rule.
        if (at.getTime() - START.getTime() < 8 * 86_400_000) return;
        const daily = decisions.filter((d) => d.rules.includes("daily"));
        expect(daily).toHaveLength(7);
        expect(new Set(daily.map((d) => dayKey(d.time))).size).toBe(7);
        checked++;
      },
    });
    expect(sim.runs).toHaveLength(365);
    expect(checked).toBeGreaterThan(350);
    const tagged = (rule: RetentionDecision["rules"][number]) =>
      sim.last.filter((d) => d.rules.includes(rule)).map((d) => d.time.getTime());
    expect(tagged("daily")).toEqual(
      sim.runs
        .slice(-7)
        .reverse()
        .map((d) => d.getTime()),
    );
    expect(tagged("weekly")).toEqual(newestPer(sim.runs, weekKey, 4));
    expect(tagged("monthly")).toEqual(newestPer(sim.runs, monthKey, 12));
    // One monthly backup for every month of the year, January to December.
    expect(new Set(tagged("monthly").map((t) => monthKey(new Date(t))))).toEqual(
      new Set(Array.from({ length: 12 }, (_, i) => `2026-${i + 1}`)),
    );
    // Nothing else is kept: the kept set is exactly the union of the three tiers (the newest backup is
    // the day's, the week's and the month's at once, so the union is smaller than 7 + 4 + 12).
    const union = new Set([...tagged("daily"), ...tagged("weekly"), ...tagged("monthly")]);
    expect(sim.kept.map((b) => b.time.getTime()).sort()).toEqual([...union].sort());
    expect(sim.maxKept).toBeLessThanOrEqual(7 + 4 + 12);
  });

  it("manual_count: a new manual backup over the limit replaces the oldest manual one", () => {
    const manualIds: string[] = [];
    simulate({
      maxManualBackups: 3,
      manualEvery: 10,
      check: (decisions) => {
        const manual = decisions.filter((d) => d.trigger === "manual");
        for (const d of manual) if (!manualIds.includes(d.id)) manualIds.push(d.id);
        const kept = manual.filter((d) => d.action === "keep").map((d) => d.id);
        expect(kept.length).toBeLessThanOrEqual(3);
        // The kept ones are always the newest manual ones.
        expect(kept).toEqual(manual.slice(0, kept.length).map((d) => d.id));
      },
    });
    expect(manualIds.length).toBeGreaterThan(30);
  });

  it("max_backups: manual + automated together never exceed it, the oldest automated go first", () => {
    let capped = 0;
    const sim = simulate({
      maxBackups: 10,
      maxManualBackups: 4,
      manualEvery: 20,
      check: (decisions) => {
        const kept = decisions.filter((d) => d.action === "keep");
        expect(kept.length).toBeLessThanOrEqual(10);
        expect(kept[0]!.id).toBe(decisions[0]!.id); // the newest backup is never removed
        const byCap = decisions.filter((d) => d.reasons.some((r) => r.startsWith("More than 10 backups in total")));
        capped += byCap.length;
        // While the manual ones fit, the cap only takes automated backups, and the oldest of them.
        for (const d of byCap) {
          expect(d.trigger).toBe("scheduled");
          const olderKept = kept.filter((k) => k.trigger === "scheduled" && k.time < d.time);
          expect(olderKept).toEqual([]);
        }
      },
    });
    expect(capped).toBeGreaterThan(100);
    expect(sim.kept.filter((b) => b.trigger === "manual")).toHaveLength(4);
    expect(sim.kept).toHaveLength(10);
  });
});
