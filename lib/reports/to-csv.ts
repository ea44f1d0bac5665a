/* A report as CSV (RFC 4180: comma-separated, CRLF, fields with commas, quotes or line breaks quoted):
 * one header row of REPORT_COLUMNS keys, one row per environment, raw numbers (bytes, percent, hours).
 * Text cells that a spreadsheet would run as a formula (=, +, -, @ first) get a leading apostrophe. */
import { REPORT_COLUMNS } from "./report-columns";
import type { Report } from "./schema";

function cell(v: string | number | boolean | null): string {
  if (v === null) return "";
  if (typeof v !== "string") return String(v);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function reportToCsv(report: Report): string {
  const lines = [REPORT_COLUMNS.map((c) => c.key).join(",")];
  for (const e of report.environments) lines.push(REPORT_COLUMNS.map((c) => cell(c.raw(e, report))).join(","));
  return `${lines.join("\r\n")}\r\n`;
}
