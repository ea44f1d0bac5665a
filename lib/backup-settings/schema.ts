/* ZBackupSettings: the one schema for the gear-icon form, its server action and
 * PUT /api/v1/environments/{id}/backup-settings. Each field may be null (or absent) to inherit the
 * environment type's default again. Messages are per field ("schedules.0.cron": "Not a valid cron
 * expression: …") so the form can show them inline, and the form runs this same schema in the browser as
 * you type. Browser-safe (zod and pure code only). */
import { z } from "zod";
import { type StoredRetention, ZRetention } from "@/lib/retention/schema";
import { type TSchedule, ZSchedule } from "@/lib/schedules/schema";
import { ZHooks } from "@/lib/sources/source-config";
import { type TTestRestoreSchedule, ZTestRestoreSchedule } from "@/lib/proof/test-restore/scratch-schema";
import { type TCopyTarget, ZCopyTargets } from "@/lib/copies/schema";
import { type IntervalItem, noPolicyConflict, ZIntervalPolicy, ZMaxBackups } from "./interval-policy";
import { type TCompression, ZCompression } from "./compression";

export { ZSchedule, type TSchedule } from "@/lib/schedules/schema";

export const ZBackupSettings = z
  .object({
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
    maxBackups: ZMaxBackups.nullable().optional(),
    /** Schedules + retention as a Platform.sh list (interval-policy.ts); not with schedules/retention. */
    policy: ZIntervalPolicy.nullable().optional(),
    destinationIds: z
      .array(z.string().uuid("Choose destinations from the list."))
      .max(5, "At most 5 destinations per environment.")
      .nullable()
      .optional(),
    live: z.boolean({ message: "Choose live or consistent backups." }).nullable().optional(),
    /** Environment-wide pre/post commands around a consistent backup (e.g. maintenance mode on/off).
     * Not a type default: left out means unchanged (the settings form does not show them), null removes. */
    hooks: ZHooks.nullable().optional(),
    /** The test-restore schedule (on/off, every n days). Left out: unchanged; null: the type's default
     * (weekly for production, monthly for the others). */
    testRestore: ZTestRestoreSchedule.nullable().optional(),
    /** "Copy to": destinations that get a `restic copy` of every good backup, each with an optional
     * retention of its own (absent: the environment's). Not inherited: left out means unchanged, null or
     * [] none. */
    copies: ZCopyTargets.nullable().optional(),
    /** restic --compression for this environment's backups. Left out: unchanged; null: auto. */
    compression: ZCompression.nullable().optional(),
  })
  .superRefine(noPolicyConflict);
export type TBackupSettings = z.input<typeof ZBackupSettings>;
export type TBackupSettingsParsed = z.output<typeof ZBackupSettings>;

/** The fields that may be inherited from the environment type's default. */
export const SETTINGS_FIELDS = [
  "schedules",
  "retention",
  "maxManualBackups",
  "maxBackups",
  "destinationIds",
  "live",
] as const;
export type SettingsField = (typeof SETTINGS_FIELDS)[number];

/** The one settings shape: the five inheritable fields as they apply to an environment (effective
 * settings, the GET view and the form's state are this plus what each adds). */
export type TBackupSettingsValues = {
  schedules: TSchedule[];
  retention: StoredRetention;
  maxManualBackups: number;
  /** Manual + automated in total; 0: no total limit. */
  maxBackups: number;
  destinationIds: string[];
  live: boolean;
  /** The test-restore schedule (not inherited field by field: the stored one or the type default). */
  testRestore?: TTestRestoreSchedule;
  /** Copy targets (lib/copies); not inherited. */
  copies?: TCopyTarget[];
  /** The compression level of backups (not inherited: the stored one, else auto). */
  compression?: TCompression;
};

/** The body of the retention preview (gear screen and POST …/backup-settings/preview): a candidate
 * policy; a field left out uses the environment's effective settings. */
export const ZRetentionPreview = z
  .object({
    retention: ZRetention.nullable().optional(),
    maxManualBackups: ZBackupSettings.shape.maxManualBackups,
    maxBackups: ZBackupSettings.shape.maxBackups,
  })
  .passthrough();
export type TRetentionPreview = z.output<typeof ZRetentionPreview>;

/** One backup in the retention preview: what the policy does with it and why. */
export type RetentionPreviewItem = {
  id: string;
  createdAt: string;
  time: string;
  trigger: "scheduled" | "manual" | "safety";
  status: string;
  totalBytes: number | null;
  reasons: string[];
};

export type { IntervalItem };

export type RetentionPreviewResult = {
  total: number;
  keep: RetentionPreviewItem[];
  remove: RetentionPreviewItem[];
  /** The candidate policy in words. */
  policy: string;
  summary: string;
};
