/* The report's query (period, project, format) and its JSON shape, shared by the route, the Reports page
 * and the CSV/PDF writers. Browser-safe (zod only). A period is [from, to): `to` given as a bare date
 * (YYYY-MM-DD) means the end of that day (UTC), so from=2026-11-01&to=2026-11-30 is all of November.
 * Without dates the period is the 30 days up to now; at most 366 days. */
import { z } from "zod";

const DAY_MS = 86_400_000;
export const MAX_REPORT_DAYS = 366;
const BARE_DATE = /^\d{4}-\d{2}-\d{2}$/;

const ZInstant = (field: string, endOfDay: boolean) =>
  z
    .string()
    .trim()
    .max(40)
    .refine((s) => !Number.isNaN(Date.parse(s)), `${field} must be a date (YYYY-MM-DD) or an ISO 8601 time`)
    .transform((s) => {
      const d = new Date(BARE_DATE.test(s) ? `${s}T00:00:00Z` : s);
      return endOfDay && BARE_DATE.test(s) ? new Date(d.getTime() + DAY_MS) : d;
    });

export const ZReportQuery = z
  .object({
    from: ZInstant("from", false).optional(),
    to: ZInstant("to", true).optional(),
    projectId: z.uuid("projectId must be a project id (UUID)").optional(),
    format: z.enum(["json", "csv", "pdf"], "format must be json, csv or pdf").default("json"),
  })
  .transform((q, ctx) => {
    const to = q.to ?? new Date();
    const from = q.from ?? new Date(to.getTime() - 30 * DAY_MS);
    if (from.getTime() >= to.getTime()) {
      ctx.addIssue({ code: "custom", path: ["from"], message: "from must be before to" });
      return z.NEVER;
    }
    if (to.getTime() - from.getTime() > MAX_REPORT_DAYS * DAY_MS) {
      ctx.addIssue({ code: "custom", path: ["from"], message: `A report covers at most ${MAX_REPORT_DAYS} days` });
      return z.NEVER;
    }
    return { from, to, projectId: q.projectId, format: q.format };
  });
export type TReportQuery = z.input<typeof ZReportQuery>;
export type ReportQuery = z.output<typeof ZReportQuery>;

export type ReportCompliance = {
  /** The worst gap between good backups in the period stayed within the RPO target. */
  rpoMet: boolean;
  /** A restore (or test restore) of one of its backups succeeded in the 30 days before the period end. */
  testRestoreWithin30d: boolean;
  /** No open check/verification alert and the last verification job did not fail. */
  checksGreen: boolean;
  /** A snapshot reached a destination other than local disk in the period. */
  offsiteCopy: boolean;
};

export type ReportEnvironment = {
  environmentId: string;
  name: string;
  projectId: string;
  projectName: string;
  type: "production" | "staging" | "development";
  active: boolean;
  backupsMade: number;
  backupsSucceeded: number;
  backupsFailed: number;
  backupsPartial: number;
  /** Succeeded / finished, 0–1; null when nothing finished in the period. */
  successRate: number | null;
  scheduledSlots: number;
  slotsOnTime: number;
  /** Slots whose backup started within 15 minutes, in percent; null without scheduled slots. */
  adherencePercent: number | null;
  rpoTargetSeconds: number;
  /** The longest time in the period without a newer good backup (the RPO actually achieved). */
  rpoAchievedSeconds: number;
  storageBytes: number;
  growthBytes: number;
  /** Storage × the destinations' price per GiB-month; null when no price is set. */
  costEstimate: number | null;
  restores: number;
  lastRestoreAt: string | null;
  oldestKeptBackupAt: string | null;
  hasSchedule: boolean;
  compliance: ReportCompliance;
};

export type Report = {
  period: { from: string; to: string };
  projectId: string | null;
  generatedAt: string;
  environments: ReportEnvironment[];
  recommendations: string[];
};
