/* The retention decision: which backups of an environment the automated policy keeps and which it
 * removes, and why. Scheduled backups are decided exactly like restic's `forget` (0.14, newest first,
 * last/hourly/daily/weekly/monthly/yearly buckets, keep-within relative to the newest backup) so the
 * preview the user sees is what restic would do. On top, Lifeboat's promises: manual and safety backups
 * are never touched by the policy (manual ones only by the max-manual limit), running backups are left
 * alone, and the newest good backup is never removed. Only complete (`succeeded`) scheduled backups fill
 * restic's buckets: a `partial` one (some files unreadable) must never take the daily/weekly slot of a
 * complete backup and so push it out. Partial scheduled backups are decided on their own: those older
 * than the newest complete backup are removed, newer ones (e.g. a file that stays unreadable for days)
 * go through the same policy among themselves, so they are bounded but never displace a complete one.
 * The "Keep all" preset (opts.keepAll) keeps every backup, failed and manual ones included.
 * Pure: no database, no clock of its own. */
import { isoWeek, offsetMs, zonedParts } from "./calendar";
import { describePolicy, isEmptyPolicy, parseDuration } from "./policy";
import type { ResolvedRetention } from "./schema";
import { capTotal } from "./total-cap";

export type RetentionCandidate = {
  id: string;
  /** The backup's point in time (the snapshot time restic records). */
  time: Date;
  trigger: "scheduled" | "manual" | "safety";
  status: "queued" | "running" | "succeeded" | "partial" | "failed" | "cancelled";
};

/** restic's own match names for a kept snapshot ("daily snapshot", "within 7d", …). */
export type RetentionRule = "last" | "hourly" | "daily" | "weekly" | "monthly" | "yearly" | "within";

export type RetentionDecision = {
  id: string;
  time: Date;
  trigger: RetentionCandidate["trigger"];
  status: RetentionCandidate["status"];
  action: "keep" | "remove";
  /** The restic rules that keep it (scheduled backups only); empty when removed by the policy. */
  rules: RetentionRule[];
  /** Why, in words a user reads in the preview. */
  reasons: string[];
};

export type RetentionOptions = {
  /** Manual backups beyond this many (newest first) are removed; null/undefined keeps them all. */
  maxManualBackups?: number | null;
  /** Good backups kept in total, manual + automated (total-cap.ts); 0/null/undefined: no cap. */
  maxBackups?: number | null;
  /** Zone in which days/weeks/months are counted (restic uses the offset each snapshot was taken in). */
  timezone?: string;
  /** The "Keep all" preset: every backup is kept, whatever its trigger or status. */
  keepAll?: boolean;
};

export type RetentionResult = {
  decisions: RetentionDecision[];
  keep: RetentionDecision[];
  remove: RetentionDecision[];
  summary: string;
};

const GOOD = new Set(["succeeded", "partial"]);

/**
 * Decides keep/remove for every backup. Like restic, keep-within is measured from the newest backup
 * that is not in the future of `now` (so a paused schedule never ages out its last backups, and a
 * clock-skewed future snapshot cannot push the window forward).
 */
export function applyRetention(
  backups: RetentionCandidate[],
  policy: ResolvedRetention,
  now: Date,
  opts: RetentionOptions = {},
): RetentionResult {
  const tz = opts.timezone ?? "UTC";
  // Newest first; ties keep the input order (restic sorts stably too).
  const sorted = backups
    .map((b, i) => ({ b, i }))
    .sort((x, y) => y.b.time.getTime() - x.b.time.getTime() || x.i - y.i)
    .map((x) => x.b);
  const decided = new Map<string, RetentionDecision>();
  const decide = (b: RetentionCandidate, action: "keep" | "remove", reasons: string[], rules: RetentionRule[] = []) =>
    decided.set(b.id, { id: b.id, time: b.time, trigger: b.trigger, status: b.status, action, rules, reasons });

  if (opts.keepAll) {
    const decisions = sorted.map((b) => ({
      id: b.id,
      time: b.time,
      trigger: b.trigger,
      status: b.status,
      action: "keep" as const,
      rules: [],
      reasons: ["Keep all: this policy never removes a backup."],
    }));
    const summary = `With this policy (keep all) all ${decisions.length} of your backups would be kept.`;
    return { decisions, keep: decisions, remove: [], summary };
  }

  const newestSucceeded = sorted.find((b) => b.status === "succeeded") ?? sorted.find((b) => GOOD.has(b.status));

  const scheduled: RetentionCandidate[] = [];
  const partialScheduled: RetentionCandidate[] = [];
  let manualSeen = 0;
  for (const b of sorted) {
    if (b.status === "queued" || b.status === "running") {
      decide(b, "keep", ["Still running."]);
    } else if (b.trigger === "safety") {
      decide(b, "keep", ["Safety backup taken before a restore: never removed automatically."]);
    } else if (!GOOD.has(b.status)) {
      const newer = newestSucceeded && newestSucceeded.time.getTime() > b.time.getTime();
      if (newer)
        decide(b, "remove", [`${b.status === "failed" ? "Failed" : "Cancelled"} run; a newer backup succeeded.`]);
      else decide(b, "keep", [`Latest attempt ${b.status}; kept so its error stays visible.`]);
    } else if (b.trigger === "manual") {
      manualSeen++;
      const max = opts.maxManualBackups;
      if (max == null) decide(b, "keep", ["Manual backup: the policy does not remove manual backups."]);
      else if (manualSeen <= max) decide(b, "keep", [`Manual backup (${manualSeen} of at most ${max} kept).`]);
      else decide(b, "remove", [`More than ${max} manual backups: the oldest manual ones are replaced.`]);
    } else if (b.status === "partial") {
      partialScheduled.push(b);
    } else {
      scheduled.push(b);
    }
  }

  for (const d of forgetLikeRestic(scheduled, policy, tz, now)) decided.set(d.id, d);
  for (const d of decidePartial(partialScheduled, newestSucceeded, policy, tz, now)) decided.set(d.id, d);

  if (newestSucceeded) {
    const d = decided.get(newestSucceeded.id)!;
    if (d.action === "remove") {
      d.action = "keep";
      d.reasons = ["Newest good backup: never removed."];
    } else {
      d.reasons.push("Newest good backup: never removed.");
    }
  }

  const decisions = sorted.map((b) => decided.get(b.id)!);
  capTotal(decisions, opts.maxBackups, newestSucceeded?.id);
  const keep = decisions.filter((d) => d.action === "keep");
  const remove = decisions.filter((d) => d.action === "remove");
  const words = `${describePolicy(policy)}${opts.maxBackups && opts.maxBackups > 0 ? `, at most ${opts.maxBackups} in total` : ""}`;
  const summary =
    remove.length === 0
      ? `With this policy (${words}) all ${decisions.length} of your backups would be kept.`
      : `With this policy (${words}) ${remove.length} of your ${decisions.length} backups would be removed.`;
  return { decisions, keep, remove, summary };
}

/**
 * Scheduled partial backups, outside restic's buckets over the complete ones. Older than the newest
 * complete backup: removed (the complete one covers that point in time better). Newer: the policy runs
 * over the partial ones alone, so a source that keeps failing on one file cannot grow without bound.
 */
function decidePartial(
  partials: RetentionCandidate[],
  newestSucceeded: RetentionCandidate | undefined,
  p: ResolvedRetention,
  tz: string,
  now: Date,
): RetentionDecision[] {
  const mk = (b: RetentionCandidate, action: "keep" | "remove", reasons: string[]): RetentionDecision => ({
    id: b.id,
    time: b.time,
    trigger: b.trigger,
    status: b.status,
    action,
    rules: [],
    reasons,
  });
  const completeAt = newestSucceeded?.status === "succeeded" ? newestSucceeded.time.getTime() : null;
  const isSuperseded = (b: RetentionCandidate) => completeAt !== null && b.time.getTime() <= completeAt;
  const superseded = partials.filter(isSuperseded);
  const recent = partials.filter((b) => !isSuperseded(b));
  const out = superseded.map((b) =>
    mk(b, "remove", ["Partial backup (some files were not read); a newer complete backup exists."]),
  );
  const byId = new Map(recent.map((b) => [b.id, b]));
  for (const d of forgetLikeRestic(recent, p, tz, now)) {
    const b = byId.get(d.id)!;
    if (d.action === "keep")
      out.push(
        mk(b, "keep", [
          "Partial backup newer than the newest complete one: kept, without taking a complete backup's place.",
          ...d.reasons,
        ]),
      );
    else out.push(mk(b, "remove", [`Partial backup not needed by the policy (${describePolicy(p)}).`]));
  }
  return out;
}

type Bucket = {
  rule: RetentionRule;
  count: number;
  last: number;
  key: (p: ReturnType<typeof zonedParts>, nr: number) => number;
  words: (label: string) => string;
};

/** restic 0.14 `ApplyPolicy` over scheduled backups, newest first. */
function forgetLikeRestic(
  list: RetentionCandidate[],
  p: ResolvedRetention,
  tz: string,
  now: Date,
): RetentionDecision[] {
  const out: RetentionDecision[] = [];
  const mk = (b: RetentionCandidate, action: "keep" | "remove", rules: RetentionRule[], reasons: string[]) =>
    ({
      id: b.id,
      time: b.time,
      trigger: b.trigger,
      status: b.status,
      action,
      rules,
      reasons,
    }) satisfies RetentionDecision;
  if (list.length === 0) return out;
  if (isEmptyPolicy(p)) return list.map((b) => mk(b, "keep", [], ["The policy keeps everything."]));

  const buckets: Bucket[] = [
    { rule: "last", count: p.keepLast, last: -1, key: (_, nr) => nr, words: () => `One of the last ${p.keepLast}.` },
    {
      rule: "hourly",
      count: p.keepHourly,
      last: -1,
      key: (d) => d.year * 1_000_000 + d.month * 10_000 + d.day * 100 + d.hour,
      words: (l) => `Hourly backup for ${l.slice(0, 13)}:00.`,
    },
    {
      rule: "daily",
      count: p.keepDaily,
      last: -1,
      key: (d) => d.year * 10_000 + d.month * 100 + d.day,
      words: (l) => `Daily backup for ${l.slice(0, 10)}.`,
    },
    {
      rule: "weekly",
      count: p.keepWeekly,
      last: -1,
      key: (d) => {
        const w = isoWeek(d.year, d.month, d.day);
        return w.year * 100 + w.week;
      },
      words: (l) => `Weekly backup for the week of ${l.slice(0, 10)}.`,
    },
    {
      rule: "monthly",
      count: p.keepMonthly,
      last: -1,
      key: (d) => d.year * 100 + d.month,
      words: (l) => `Monthly backup for ${l.slice(0, 7)}.`,
    },
    {
      rule: "yearly",
      count: p.keepYearly,
      last: -1,
      key: (d) => d.year,
      words: (l) => `Yearly backup for ${l.slice(0, 4)}.`,
    },
  ];
  const withinStart = p.keepWithin ? withinCutoff(latestBefore(list, now), p.keepWithin, tz) : null;

  list.forEach((b, nr) => {
    const parts = zonedParts(b.time, tz);
    const label = localLabel(parts);
    const rules: RetentionRule[] = [];
    const reasons: string[] = [];
    if (withinStart !== null && b.time.getTime() > withinStart) {
      rules.push("within");
      reasons.push(`Within ${p.keepWithin} of the newest backup.`);
    }
    for (const bucket of buckets) {
      if (bucket.count <= 0) continue;
      const v = bucket.key(parts, nr);
      if (v !== bucket.last) {
        bucket.last = v;
        bucket.count--;
        rules.push(bucket.rule);
        reasons.push(bucket.words(label));
      }
    }
    if (rules.length) out.push(mk(b, "keep", rules, reasons));
    else out.push(mk(b, "remove", [], [`Not needed by the policy (${describePolicy(p)}).`]));
  });
  return out;
}

/** restic's findLatestTimestamp: the newest time strictly before now; none → the zero time (keep all). */
function latestBefore(list: RetentionCandidate[], now: Date): Date | null {
  let latest: Date | null = null;
  for (const b of list) {
    if (b.time.getTime() < now.getTime() && (!latest || b.time.getTime() > latest.getTime())) latest = b.time;
  }
  return latest;
}

/**
 * restic: latest.AddDate(-y, -m, -d).Add(-h hours), evaluated in the newest snapshot's own UTC offset
 * (a fixed offset, so days are exactly 24 h). Returns epoch ms; kept when strictly after it.
 */
function withinCutoff(latest: Date | null, within: string, tz: string): number {
  if (!latest) return Number.NEGATIVE_INFINITY;
  const d = parseDuration(within)!;
  const off = offsetMs(latest, tz);
  const wall = new Date(latest.getTime() + off); // wall clock of the offset, as UTC fields
  const shifted = Date.UTC(
    wall.getUTCFullYear() - d.years,
    wall.getUTCMonth() - d.months,
    wall.getUTCDate() - d.days,
    wall.getUTCHours(),
    wall.getUTCMinutes(),
    wall.getUTCSeconds(),
    wall.getUTCMilliseconds(),
  );
  return shifted - off - d.hours * 3_600_000;
}

function localLabel(p: ReturnType<typeof zonedParts>): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}`;
}
