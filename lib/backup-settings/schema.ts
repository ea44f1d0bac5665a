/* ZBackupSettings: the one schema for the gear-icon form, its server action and
 * PUT /api/v1/environments/{id}/backup-settings. Each field may be null (or absent) to inherit the
 * environment type's default again. Messages are per field ("schedules.0.cron": "Not a valid cron
 * expression: …") so the form can show them inline. Pure. */
import { z } from "zod";
import { ZRetention } from "@/lib/retention";
import { ZHooks } from "@/lib/sources/source-config";
import { checkCron, timezoneProblem } from "@/lib/schedules";

export const ZSchedule = z.object({
  cron: z
    .string({ message: "Enter a cron expression, e.g. 0 2 * * *." })
    .trim()
    .max(200, "A cron expression is at most 200 characters.")
    .superRefine((cron, ctx) => {
      const check = checkCron(cron);
      if (!check.ok) ctx.addIssue({ code: "custom", message: check.message });
    }),
  timezone: z
    .string({ message: "Choose a time zone." })
    .trim()
    .superRefine((tz, ctx) => {
      const problem = timezoneProblem(tz);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
});
export type TSchedule = z.output<typeof ZSchedule>;

export const ZBackupSettings = z.object({
  schedules: z
    .array(ZSchedule)
    .max(10, "At most 10 schedules per environment.")
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((s, i) => {
        const key = `${s.cron}|${s.timezone}`;
        if (seen.has(key))
          ctx.addIssue({ code: "custom", message: "This schedule is listed twice.", path: [i, "cron"] });
        seen.add(key);
      });
    })
    .nullable()
    .optional(),
  retention: ZRetention.nullable().optional(),
  maxManualBackups: z.coerce
    .number({ message: "Max manual backups must be a number." })
    .int("Max manual backups must be a whole number.")
    .min(0, "Max manual backups cannot be negative (0 turns manual backups off).")
    .max(1000, "Max manual backups is at most 1,000.")
    .nullable()
    .optional(),
  destinationIds: z
    .array(z.string().uuid("Choose destinations from the list."))
    .max(5, "At most 5 destinations per environment.")
    .nullable()
    .optional(),
  live: z.boolean({ message: "Choose live or consistent backups." }).nullable().optional(),
  /** Environment-wide pre/post commands around a consistent backup (e.g. maintenance mode on/off).
   * Not a type default: left out means unchanged (the settings form does not show them), null removes. */
  hooks: ZHooks.nullable().optional(),
});
export type TBackupSettings = z.input<typeof ZBackupSettings>;
export type TBackupSettingsParsed = z.output<typeof ZBackupSettings>;

/** The fields that may be inherited from the environment type's default. */
export const SETTINGS_FIELDS = ["schedules", "retention", "maxManualBackups", "destinationIds", "live"] as const;
export type SettingsField = (typeof SETTINGS_FIELDS)[number];
