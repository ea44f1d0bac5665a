/* ZSchedule: one backup schedule (a cron expression and an IANA time zone) as the settings form (in the
 * browser, as you type), its server action, PUT …/backup-settings and the stored column see it. The
 * checks are cron-check.ts and timezones.ts, so each message is the same wherever it is shown.
 * Browser-safe (zod and pure code only). */
import { z } from "zod";
import { checkCron } from "./cron-check";
import { timezoneProblem } from "./timezones";

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
