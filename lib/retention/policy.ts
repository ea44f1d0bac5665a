/* Retention policies: the presets, durations, Platform.sh-style interval lists, and the resolved model
 * they all become (`ResolvedRetention`: the one `RetentionPolicy` with every count set, restic `forget`
 * semantics). The zod schemas live in schema.ts. Pure and browser-safe. */
import type { ResolvedRetention, RetentionPolicy, StoredRetention, TRetention } from "./schema";

const ZERO: ResolvedRetention = {
  keepLast: 0,
  keepHourly: 0,
  keepDaily: 0,
  keepWeekly: 0,
  keepMonthly: 0,
  keepYearly: 0,
  keepWithin: null,
};

export const RETENTION_PRESETS = {
  "7d": { label: "Keep 7 days", policy: { ...ZERO, keepWithin: "7d" } },
  "30d": { label: "Keep 30 days", policy: { ...ZERO, keepWithin: "30d" } },
  lagoon: { label: "7 daily · 6 weekly · 1 monthly", policy: { ...ZERO, keepDaily: 7, keepWeekly: 6, keepMonthly: 1 } },
  "gfs-long": {
    label: "24 hourly · 7 daily · 4 weekly · 12 monthly",
    policy: { ...ZERO, keepHourly: 24, keepDaily: 7, keepWeekly: 4, keepMonthly: 12 },
  },
  "2d": { label: "2 days (one a day, two kept)", policy: { ...ZERO, keepDaily: 2 } },
  /** Never removes a backup (applyRetention keeps every one, failed and manual ones included). */
  "keep-all": { label: "Keep all (never remove a backup)", policy: { ...ZERO } },
  /** keepLast N; N is the stored preset's `count` (default 10). */
  "keep-last": { label: "Keep the N most recent", policy: { ...ZERO, keepLast: 10 } },
} as const satisfies Record<string, { label: string; policy: ResolvedRetention }>;

export type RetentionPresetId = keyof typeof RETENTION_PRESETS;
export const PRESET_IDS = Object.keys(RETENTION_PRESETS) as RetentionPresetId[];

/** For the dropdown: id, label and the fields the preset sets. */
export function listRetentionPresets(): { id: RetentionPresetId; label: string; policy: ResolvedRetention }[] {
  return PRESET_IDS.map((id) => ({
    id,
    label: RETENTION_PRESETS[id].label,
    policy: { ...RETENTION_PRESETS[id].policy },
  }));
}

/* ---- durations ("2d", "1w3d", "1y6m", "12h") ---- */

const DURATION = /^(?:(\d+)y)?(?:(\d+)m)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?$/;

export type Duration = { years: number; months: number; days: number; hours: number };

/** Parses y (years), m (months), w (weeks), d (days), h (hours), in that order; null when invalid. */
export function parseDuration(text: string): Duration | null {
  const m = DURATION.exec(text.trim());
  if (!m || text.trim() === "") return null;
  const [years, months, weeks, days, hours] = m.slice(1).map((v) => Number(v ?? 0));
  const d = { years, months, days: days + weeks * 7, hours };
  if (d.years + d.months + d.days + d.hours === 0) return null;
  return d;
}

/** keepWithin longer than this is a typo, not a policy (and restic's own limits are far below 1e10 y). */
export const MAX_KEEP_WITHIN_YEARS = 100;

/** Whether a parsed duration is at most MAX_KEEP_WITHIN_YEARS (months 30.44 days, years 365.25). */
export function durationWithinLimit(d: Duration | null): boolean {
  if (!d) return true;
  const hours = d.years * 8766 + d.months * 730.5 + d.days * 24 + d.hours;
  return hours <= MAX_KEEP_WITHIN_YEARS * 8766;
}

/** The restic spelling (restic knows no weeks): "1w3d" → "10d". */
export function resticDuration(d: Duration): string {
  const parts = [
    d.years && `${d.years}y`,
    d.months && `${d.months}m`,
    d.days && `${d.days}d`,
    d.hours && `${d.hours}h`,
  ];
  return parts.filter(Boolean).join("");
}

/* ---- Platform.sh-style intervals ---- */

export const INTERVAL = /^(\d+)([hdwMy])$/;
const INTERVAL_FIELD = { h: "keepHourly", d: "keepDaily", w: "keepWeekly", M: "keepMonthly", y: "keepYearly" } as const;
export const INTERVAL_MESSAGE = 'Use an interval like "1h", "1d", "1w", "1M" or "1y" (a number and h, d, w, M or y).';

/**
 * Maps `[{interval:"1d",count:7}, {interval:"1w",count:4}]` onto the bucket model. A multiple of a unit
 * ("2d" × 7 = a backup every 2 days for 14 days) keeps one per unit over the same span (keepDaily 14):
 * restic has no 2-day bucket, and keeping more is the safe side of the approximation.
 */
export function policyFromIntervals(items: { interval: string; count: number }[]): ResolvedRetention {
  const p: ResolvedRetention = { ...ZERO };
  for (const { interval, count } of items) {
    const m = INTERVAL.exec(interval.trim());
    if (!m) throw new Error(`"${interval}" is not an interval. ${INTERVAL_MESSAGE}`);
    const field = INTERVAL_FIELD[m[2] as keyof typeof INTERVAL_FIELD];
    p[field] = Math.max(p[field], Number(m[1]) * count);
  }
  return p;
}

export function storedRetention(input: TRetention): StoredRetention {
  if ("preset" in input)
    return input.preset === "keep-last"
      ? { preset: input.preset, count: input.count ?? DEFAULT_KEEP_LAST }
      : { preset: input.preset };
  if ("intervals" in input) return compactPolicy(policyFromIntervals(input.intervals));
  return compactPolicy(resolvePolicy(input));
}

function compactPolicy(p: ResolvedRetention): RetentionPolicy {
  const out: RetentionPolicy = {};
  for (const [k, v] of Object.entries(p) as [keyof ResolvedRetention, number | string | null][]) {
    if (v) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

/** Any stored or input form → the normalized policy. Unknown presets fall back to nothing removed. */
export function resolvePolicy(r: unknown): ResolvedRetention {
  if (!r || typeof r !== "object") return { ...ZERO };
  const o = r as Record<string, unknown>;
  if (typeof o.preset === "string") {
    const preset = RETENTION_PRESETS[o.preset as RetentionPresetId];
    if (o.preset === "keep-last")
      return {
        ...ZERO,
        keepLast: typeof o.count === "number" && o.count > 0 ? Math.floor(o.count) : DEFAULT_KEEP_LAST,
      };
    return preset ? { ...preset.policy } : { ...ZERO };
  }
  if (Array.isArray(o.intervals)) return policyFromIntervals(o.intervals as { interval: string; count: number }[]);
  const n = (k: string) => (typeof o[k] === "number" && (o[k] as number) > 0 ? Math.floor(o[k] as number) : 0);
  const within = typeof o.keepWithin === "string" && o.keepWithin ? parseDuration(o.keepWithin) : null;
  return {
    keepLast: n("keepLast"),
    keepHourly: n("keepHourly"),
    keepDaily: n("keepDaily"),
    keepWeekly: n("keepWeekly"),
    keepMonthly: n("keepMonthly"),
    keepYearly: n("keepYearly"),
    keepWithin: within ? resticDuration(within) : null,
  };
}

/** "Keep the N most recent" without a number keeps this many. */
export const DEFAULT_KEEP_LAST = 10;

/** The "Keep all" preset: nothing is ever removed (not even failed runs or manual backups over the cap). */
export function isKeepAll(r: unknown): boolean {
  return !!r && typeof r === "object" && (r as { preset?: unknown }).preset === "keep-all";
}

export function isEmptyPolicy(p: ResolvedRetention): boolean {
  return !p.keepWithin && p.keepLast + p.keepHourly + p.keepDaily + p.keepWeekly + p.keepMonthly + p.keepYearly === 0;
}

/** The policy in words: "7 daily · 6 weekly · 1 monthly", "last 3 · within 2d". */
export function describePolicy(p: ResolvedRetention): string {
  const parts: string[] = [];
  if (p.keepLast) parts.push(`last ${p.keepLast}`);
  if (p.keepHourly) parts.push(`${p.keepHourly} hourly`);
  if (p.keepDaily) parts.push(`${p.keepDaily} daily`);
  if (p.keepWeekly) parts.push(`${p.keepWeekly} weekly`);
  if (p.keepMonthly) parts.push(`${p.keepMonthly} monthly`);
  if (p.keepYearly) parts.push(`${p.keepYearly} yearly`);
  if (p.keepWithin) parts.push(`everything within ${p.keepWithin}`);
  return parts.length ? parts.join(" · ") : "keep everything";
}

/** The policy in a sentence, for the preset dropdown: "Keeps one per day for 7 days, one per week for 6
 * weeks, one per month for 1 month." */
export function explainPolicy(p: ResolvedRetention): string {
  const n = (count: number, unit: string) => `${count} ${unit}${count === 1 ? "" : "s"}`;
  const parts = [
    p.keepWithin &&
      `everything from the last ${p.keepWithin.replace(/^(\d+)d$/, (_, d) => n(Number(d), "day")).replace(/^(\d+)h$/, (_, h) => n(Number(h), "hour"))}`,
    p.keepLast && `the last ${p.keepLast}`,
    p.keepHourly && `one per hour for ${n(p.keepHourly, "hour")}`,
    p.keepDaily && `one per day for ${n(p.keepDaily, "day")}`,
    p.keepWeekly && `one per week for ${n(p.keepWeekly, "week")}`,
    p.keepMonthly && `one per month for ${n(p.keepMonthly, "month")}`,
    p.keepYearly && `one per year for ${n(p.keepYearly, "year")}`,
  ].filter(Boolean);
  return parts.length ? `Keeps ${parts.join(", ")}.` : "Keeps every backup.";
}
