/* ZTypePolicy: the body of PUT /api/v1/environment-types/{type} and of the Environment types page's save
 * action — the backup-settings fields a type gives its environments (schedules, retention or a Platform.sh
 * `policy` list, maxManualBackups, maxBackups, live). A field left out stays as it is; null resets it to
 * Lifeboat's built-in default. Schedules may leave the time zone out: each environment's own applies.
 * Browser-safe (zod and pure code only). */
import { z } from "zod";
import { ZSchedule } from "@/lib/schedules/schema";
import { noPolicyConflict } from "./interval-policy";
import { ZBackupSettings } from "./schema";

export const ZEnvironmentTypeName = z.enum(["production", "staging", "development"], {
  message: "The environment type is production, staging or development.",
});

export const ZTypeSchedule = ZSchedule.extend({ timezone: ZSchedule.shape.timezone.optional() });

const fields = ZBackupSettings.shape;
export const ZTypePolicy = z
  .object({
    schedules: z
      .array(ZTypeSchedule)
      .max(10, "At most 10 schedules per environment type.")
      .superRefine((list, ctx) => {
        const seen = new Set<string>();
        list.forEach((s, i) => {
          const key = `${s.cron}|${s.timezone ?? ""}`;
          if (seen.has(key))
            ctx.addIssue({ code: "custom", message: "This schedule is listed twice.", path: [i, "cron"] });
          seen.add(key);
        });
      })
      .nullable()
      .optional(),
    retention: fields.retention,
    policy: fields.policy,
    maxManualBackups: fields.maxManualBackups,
    maxBackups: fields.maxBackups,
    live: fields.live,
    destinationIds: z
      .undefined({
        message:
          "Destinations are not a type default: choose them per environment, or set the project's default destination.",
      })
      .optional(),
  })
  .superRefine(noPolicyConflict);
export type TTypePolicy = z.input<typeof ZTypePolicy>;
export type TTypePolicyParsed = z.output<typeof ZTypePolicy>;
