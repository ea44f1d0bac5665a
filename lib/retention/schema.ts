/* The retention schemas shared by the settings form (in the browser), its server action, the REST API
 * and the stored column: a preset, the custom fields or Platform.sh-style intervals, with messages per
 * field. The one rule set is the engine's `RetentionPolicy`; everything here is that type or derived
 * from it. Browser-safe (zod and pure code only). */
import { z } from "zod";
import type { RetentionPolicy } from "@/lib/engine/types";
import {
  durationWithinLimit,
  INTERVAL,
  INTERVAL_MESSAGE,
  MAX_KEEP_WITHIN_YEARS,
  PRESET_IDS,
  parseDuration,
  type RetentionPresetId,
} from "./policy";

export type { RetentionPolicy };
/** A policy with every rule set (0 / null: rule off), what resolvePolicy returns and the decision reads. */
export type ResolvedRetention = Required<Omit<RetentionPolicy, "keepTags">>;

// A JSON number, never a string ("3"): the API takes what the form sends and nothing looser.
const count = (label: string) =>
  z
    .number({ message: `${label} must be a number.` })
    .int(`${label} must be a whole number.`)
    .min(0, `${label} cannot be negative.`)
    .max(10_000, `${label} is at most 10,000.`);

export const ZRetentionPreset = z
  .object({
    preset: z.enum(PRESET_IDS as [RetentionPresetId, ...RetentionPresetId[]], {
      message: `Choose one of the presets: ${PRESET_IDS.join(", ")}.`,
    }),
    /** "keep-last" only: how many of the most recent backups to keep (default 10). */
    count: count("The number of backups to keep").min(1, "Keep at least 1 backup.").optional(),
  })
  .refine((v) => v.count === undefined || v.preset === "keep-last", {
    message: 'Only the "keep-last" preset takes a count.',
    path: ["count"],
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

/** What is stored in backup_settings.retention (and what GET returns): a preset id or the custom rules
 * (intervals normalized). */
export type StoredRetention = { preset: RetentionPresetId; count?: number } | RetentionPolicy;
