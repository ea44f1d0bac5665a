/* The admin setting for e-mailed reports: cadence (weekly, monthly), the addresses, an optional project,
 * and the e-mail channel whose SMTP server sends them. Browser-safe (the settings form validates with
 * the same schema the route does). */
import { z } from "zod";

export const REPORT_CADENCES = ["weekly", "monthly"] as const;
export type ReportCadence = (typeof REPORT_CADENCES)[number];

export const ZReportMailSettings = z.object({
  enabled: z.boolean().default(true),
  cadence: z.enum(REPORT_CADENCES, "cadence must be weekly or monthly"),
  addresses: z
    .array(z.email("Enter e-mail addresses such as ops@example.com").max(254))
    .min(1, "Add at least one address to send the report to")
    .max(50, "At most 50 addresses"),
  projectId: z.uuid("projectId must be a project id (UUID)").nullable().default(null),
  channelId: z.uuid("Choose the e-mail channel whose SMTP server sends the report"),
});
export type ReportMailSettings = z.output<typeof ZReportMailSettings>;
export type TReportMailSettings = z.input<typeof ZReportMailSettings>;

export type ReportMailView = { settings: ReportMailSettings | null; lastSentPeriod: string | null };
