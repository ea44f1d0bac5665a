/* Retention policies: the preset dropdown, the custom GFS fields, Platform.sh-style interval lists, and
 * the one normalized model they all become (`RetentionPolicy`, restic `forget` semantics). Owns the zod
 * schema used by the settings form, the server action and the REST API. Pure. */
import { z } from "zod";

export type RetentionPolicy = {
  keepLast: number;
  keepHourly: number;
  keepDaily: number;
  keepWeekly: number;
  keepMonthly: number;
  keepYearly: number;
  /** restic duration relative to the newest backup ("7d", "1y2m"), or null. */
  keepWithin: string | null;
};

const ZERO: RetentionPolicy = {
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
} as const satisfies Record<string, { label: string; policy: RetentionPolicy }>;

export type RetentionPresetId = keyof typeof RETENTION_PRESETS;
export const PRESET_IDS = Object.keys(RETENTION_PRESETS) as RetentionPresetId[];

/** For the dropdown: id, label and the fields the preset sets. */
export function listRetentionPresets(): { id: RetentionPresetId; label: string; policy: RetentionPolicy }[] {
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

const INTERVAL = /^(\d+)([hdwMy])$/;
const INTERVAL_FIELD = { h: "keepHourly", d: "keepDaily", w: "keepWeekly", M: "keepMonthly", y: "keepYearly" } as const;
const INTERVAL_MESSAGE = 'Use an interval like "1h", "1d", "1w", "1M" or "1y" (a number and h, d, w, M or y).';

/**
 * Maps `[{interval:"1d",count:7}, {interval:"1w",count:4}]` onto the bucket model. A multiple of a unit
 * ("2d" × 7 = a backup every 2 days for 14 days) keeps one per unit over the same span (keepDaily 14):
 * restic has no 2-day bucket, and keeping more is the safe side of the approximation.
 */
export function policyFromIntervals(items: { interval: string; count: number }[]): RetentionPolicy {
  const p: RetentionPolicy = { ...ZERO };
  for (const { interval, count } of items) {
    const m = INTERVAL.exec(interval.trim());
    if (!m) throw new Error(`"${interval}" is not an interval. ${INTERVAL_MESSAGE}`);
    const field = INTERVAL_FIELD[m[2] as keyof typeof INTERVAL_FIELD];
    p[field] = Math.max(p[field], Number(m[1]) * count);
  }
  return p;
}

/* ---- the schema shared by form, action and API ---- */

// A JSON number, never a string ("3"): the API takes what the form sends and nothing looser.
const count = (label: string) =>
  z
    .number({ message: `${label} must be a number.` })
    .int(`${label} must be a whole number.`)
    .min(0, `${label} cannot be negative.`)
    .max(10_000, `${label} is at most 10,000.`);

export const ZRetentionPreset = z.object({
  preset: z.enum(PRESET_IDS as [RetentionPresetId, ...RetentionPresetId[]], {
    message: `Choose one of the presets: ${PRESET_IDS.join(", ")}.`,
  }),
});

export const ZRetentionCustom = z
  .object({
    keepLast: count("Keep last").optional(),
    keepHourly: count("Hourly").optional(),
    keepDaily: count("Daily").optional(),
    keepWeekly: count("Weekly").optional(),
    keepMonthly: count("Monthly").optional(),
    keepYearly: count("Yearly").optional(),
    keepWithin: z
      .string()
      .trim()
      .optional()
      .nullable()
      .refine((v) => !v || parseDuration(v) !== null, {
        message: 'Not a valid duration: use a number and y, m, w, d or h, e.g. "2d", "1w3d" or "1y6m".',
      })
      .refine((v) => !v || durationWithinLimit(parseDuration(v)), {
        message: `A duration to keep is at most ${MAX_KEEP_WITHIN_YEARS} years.`,
      }),
  })
  .refine(
    (p) =>
      (p.keepLast ?? 0) +
        (p.keepHourly ?? 0) +
        (p.keepDaily ?? 0) +
        (p.keepWeekly ?? 0) +
        (p.keepMonthly ?? 0) +
        (p.keepYearly ?? 0) >
        0 || !!p.keepWithin,
    {
      message: "Keep at least one backup: set one of the counts above 0 or a duration to keep.",
      path: ["keepLast"],
    },
  );

export const ZRetentionIntervals = z.object({
  intervals: z
    .array(
      z.object({
        interval: z.string().trim().regex(INTERVAL, INTERVAL_MESSAGE),
        count: z.number({ message: "Count must be a number." }).int().min(1, "Count must be at least 1.").max(10_000),
      }),
    )
    .min(1, "Add at least one interval."),
});

export type TRetention =
  | z.infer<typeof ZRetentionPreset>
  | z.infer<typeof ZRetentionIntervals>
  | z.infer<typeof ZRetentionCustom>;

/**
 * Any accepted spelling of a retention policy: `{preset}`, `{intervals:[…]}` (or one `{interval,count}`)
 * or the custom fields. Dispatches on the keys present instead of a zod union, so the user sees the
 * message of the form they meant ("Not a valid duration …"), not "Invalid input".
 */
export const ZRetention = z.unknown().transform((value, ctx): TRetention => {
  const v =
    value && typeof value === "object" && "interval" in value && !("intervals" in value)
      ? { intervals: [value] }
      : value;
  if (!v || typeof v !== "object" || Array.isArray(v)) {
    ctx.addIssue({ code: "custom", message: "Choose a retention preset or fill in the custom fields." });
    return z.NEVER;
  }
  const schema = "preset" in v ? ZRetentionPreset : "intervals" in v ? ZRetentionIntervals : ZRetentionCustom;
  const r = schema.safeParse(v);
  if (r.success) return r.data;
  for (const issue of r.error.issues)
    ctx.addIssue({ code: "custom", message: issue.message, path: issue.path as (string | number)[] });
  return z.NEVER;
});

/** What is stored in backup_settings.retention: a preset id or the custom fields (intervals normalized). */
export type StoredCustomRetention = Partial<Omit<RetentionPolicy, "keepWithin">> & { keepWithin?: string };
export type StoredRetention = { preset: RetentionPresetId } | StoredCustomRetention;

export function storedRetention(input: TRetention): StoredRetention {
  if ("preset" in input) return { preset: input.preset };
  if ("intervals" in input) return compactPolicy(policyFromIntervals(input.intervals));
  return compactPolicy(resolvePolicy(input));
}

function compactPolicy(p: RetentionPolicy): StoredCustomRetention {
  const out: StoredCustomRetention = {};
  for (const [k, v] of Object.entries(p) as [keyof RetentionPolicy, number | string | null][]) {
    if (v) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

/** Any stored or input form → the normalized policy. Unknown presets fall back to nothing removed. */
export function resolvePolicy(r: unknown): RetentionPolicy {
  if (!r || typeof r !== "object") return { ...ZERO };
  const o = r as Record<string, unknown>;
  if (typeof o.preset === "string") {
    const preset = RETENTION_PRESETS[o.preset as RetentionPresetId];
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

export function isEmptyPolicy(p: RetentionPolicy): boolean {
  return !p.keepWithin && p.keepLast + p.keepHourly + p.keepDaily + p.keepWeekly + p.keepMonthly + p.keepYearly === 0;
}

/** The policy in words: "7 daily · 6 weekly · 1 monthly", "last 3 · within 2d". */
export function describePolicy(p: RetentionPolicy): string {
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

/** restic forget flags for this policy (for the engine's forget and the recovery kit's commands). */
export function resticForgetArgs(p: RetentionPolicy): string[] {
  const args: string[] = [];
  const add = (flag: string, v: number) => v > 0 && args.push(flag, String(v));
  add("--keep-last", p.keepLast);
  add("--keep-hourly", p.keepHourly);
  add("--keep-daily", p.keepDaily);
  add("--keep-weekly", p.keepWeekly);
  add("--keep-monthly", p.keepMonthly);
  add("--keep-yearly", p.keepYearly);
  if (p.keepWithin) args.push("--keep-within", p.keepWithin);
  return args;
}
