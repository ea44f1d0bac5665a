/* The report table's columns, once, for the CSV (machine names, raw numbers) and the PDF and page
 * (short headings, display formats). Browser-safe. */
import { formatBytes, formatDuration } from "@/components/ui/format";
import type { Report, ReportEnvironment } from "./schema";

type Cell = string | number | boolean | null;

export type ReportColumn = {
  /** CSV header (snake_case). */
  key: string;
  /** Short heading for the PDF and the page. */
  heading: string;
  raw: (e: ReportEnvironment, r: Report) => Cell;
  display: (e: ReportEnvironment) => string;
};

const pct = (v: number | null) => (v === null ? "—" : `${Math.round(v * 10) / 10} %`);
const yesNo = (v: boolean) => (v ? "yes" : "no");
const hoursRaw = (s: number) => Math.round((s / 3600) * 10) / 10;
/** A span for people: "17s", "4m 12s" under an hour, "48.6 h" under three days, else "12 d". */
export function formatSpan(seconds: number): string {
  if (seconds < 3600) return formatDuration(seconds * 1000);
  if (seconds < 3 * 86_400) return `${hoursRaw(seconds)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}

export const REPORT_COLUMNS: ReportColumn[] = [
  { key: "project", heading: "Project", raw: (e) => e.projectName, display: (e) => e.projectName },
  { key: "environment", heading: "Environment", raw: (e) => e.name, display: (e) => e.name },
  { key: "type", heading: "Type", raw: (e) => e.type, display: (e) => e.type },
  { key: "period_from", heading: "From", raw: (_e, r) => r.period.from, display: () => "" },
  { key: "period_to", heading: "To", raw: (_e, r) => r.period.to, display: () => "" },
  { key: "backups_made", heading: "Backups", raw: (e) => e.backupsMade, display: (e) => String(e.backupsMade) },
  {
    key: "backups_succeeded",
    heading: "Good",
    raw: (e) => e.backupsSucceeded,
    display: (e) => String(e.backupsSucceeded),
  },
  { key: "backups_failed", heading: "Failed", raw: (e) => e.backupsFailed, display: (e) => String(e.backupsFailed) },
  {
    key: "backups_partial",
    heading: "Partial",
    raw: (e) => e.backupsPartial,
    display: (e) => String(e.backupsPartial),
  },
  {
    key: "success_rate_percent",
    heading: "Success",
    raw: (e) => (e.successRate === null ? null : Math.round(e.successRate * 1000) / 10),
    display: (e) => pct(e.successRate === null ? null : e.successRate * 100),
  },
  { key: "scheduled_slots", heading: "Slots", raw: (e) => e.scheduledSlots, display: (e) => String(e.scheduledSlots) },
  { key: "slots_on_time", heading: "On time", raw: (e) => e.slotsOnTime, display: (e) => String(e.slotsOnTime) },
  {
    key: "adherence_percent",
    heading: "Adherence",
    raw: (e) => e.adherencePercent,
    display: (e) => pct(e.adherencePercent),
  },
  {
    key: "rpo_target_hours",
    heading: "RPO target",
    raw: (e) => hoursRaw(e.rpoTargetSeconds),
    display: (e) => formatSpan(e.rpoTargetSeconds),
  },
  {
    key: "rpo_achieved_hours",
    heading: "RPO achieved",
    raw: (e) => hoursRaw(e.rpoAchievedSeconds),
    display: (e) => formatSpan(e.rpoAchievedSeconds),
  },
  { key: "rpo_met", heading: "RPO met", raw: (e) => e.compliance.rpoMet, display: (e) => yesNo(e.compliance.rpoMet) },
  { key: "storage_bytes", heading: "Stored", raw: (e) => e.storageBytes, display: (e) => formatBytes(e.storageBytes) },
  { key: "growth_bytes", heading: "Growth", raw: (e) => e.growthBytes, display: (e) => formatBytes(e.growthBytes) },
  {
    key: "cost_estimate",
    heading: "Cost/month",
    raw: (e) => e.costEstimate,
    display: (e) => (e.costEstimate === null ? "—" : e.costEstimate.toFixed(2)),
  },
  { key: "restores", heading: "Restores", raw: (e) => e.restores, display: (e) => String(e.restores) },
  {
    key: "test_restore_within_30d",
    heading: "Restored 30 d",
    raw: (e) => e.compliance.testRestoreWithin30d,
    display: (e) => yesNo(e.compliance.testRestoreWithin30d),
  },
  {
    key: "checks_green",
    heading: "Checks",
    raw: (e) => e.compliance.checksGreen,
    display: (e) => (e.compliance.checksGreen ? "green" : "red"),
  },
  {
    key: "offsite_copy",
    heading: "Off-site",
    raw: (e) => e.compliance.offsiteCopy,
    display: (e) => yesNo(e.compliance.offsiteCopy),
  },
  { key: "environment_id", heading: "Id", raw: (e) => e.environmentId, display: (e) => e.environmentId },
];
