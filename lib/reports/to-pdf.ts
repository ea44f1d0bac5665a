/* A report as a PDF, rendered in Node with pdfkit (no browser): A4 landscape, title and period, a
 * summary line, the environment table (header repeated on each page, failing figures in red) and the
 * recommendations, with page numbers. Standard Helvetica, so text outside Latin-1 prints as "?". */
import "server-only";
import PDFDocument from "pdfkit";
import { REPORT_COLUMNS } from "./report-columns";
import type { Report, ReportEnvironment } from "./schema";

const COLUMNS: { key: string; width: number; bad?: (e: ReportEnvironment) => boolean }[] = [
  { key: "project", width: 92 },
  { key: "environment", width: 82 },
  { key: "type", width: 58 },
  { key: "backups_made", width: 42 },
  { key: "backups_failed", width: 36, bad: (e) => e.backupsFailed > 0 },
  { key: "success_rate_percent", width: 44, bad: (e) => e.successRate !== null && e.successRate < 0.9 },
  { key: "adherence_percent", width: 54, bad: (e) => e.adherencePercent !== null && e.adherencePercent < 90 },
  { key: "rpo_achieved_hours", width: 60 },
  { key: "rpo_met", width: 42, bad: (e) => !e.compliance.rpoMet },
  { key: "storage_bytes", width: 52 },
  { key: "growth_bytes", width: 52 },
  // Red where a recommendation asks for it: a restore test for production, an off-site copy but for development.
  {
    key: "test_restore_within_30d",
    width: 58,
    bad: (e) => e.type === "production" && !e.compliance.testRestoreWithin30d,
  },
  { key: "checks_green", width: 40, bad: (e) => !e.compliance.checksGreen },
  { key: "offsite_copy", width: 42, bad: (e) => e.type !== "development" && !e.compliance.offsiteCopy },
];
const BY_KEY = new Map(REPORT_COLUMNS.map((c) => [c.key, c]));
const MARGIN = 36;
const ROW = 16;
// What the standard fonts (WinAnsi) can print: Latin-1 plus dashes, quotes, bullet, ellipsis and euro.
const latin1 = (s: string) => s.replace(/[^\u0020-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u20ac]/g, "?");
const DATE = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });
const STAMP = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
/** The period as days, its end inclusive (the period itself ends at `to`, exclusive). */
const days = (p: Report["period"]) =>
  `${DATE.format(new Date(p.from))} – ${DATE.format(new Date(Date.parse(p.to) - 1))}`;

function tableHeader(doc: PDFKit.PDFDocument, y: number): number {
  doc.rect(MARGIN, y, doc.page.width - 2 * MARGIN, ROW + 2).fill("#1e1b4b");
  doc.font("Helvetica-Bold").fontSize(7.5).fillColor("#ffffff");
  let x = MARGIN + 4;
  for (const c of COLUMNS) {
    doc.text(BY_KEY.get(c.key)!.heading, x, y + 5, { width: c.width - 6, lineBreak: false, ellipsis: true });
    x += c.width;
  }
  return y + ROW + 2;
}

function tableRow(doc: PDFKit.PDFDocument, e: ReportEnvironment, y: number, stripe: boolean): void {
  if (stripe) doc.rect(MARGIN, y, doc.page.width - 2 * MARGIN, ROW).fill("#f4f4f5");
  let x = MARGIN + 4;
  for (const c of COLUMNS) {
    const bad = c.bad?.(e) ?? false;
    doc
      .font(bad ? "Helvetica-Bold" : "Helvetica")
      .fontSize(7.5)
      .fillColor(bad ? "#b91c1c" : "#18181b")
      .text(latin1(BY_KEY.get(c.key)!.display(e)), x, y + 4.5, {
        width: c.width - 6,
        lineBreak: false,
        ellipsis: true,
      });
    x += c.width;
  }
}

function summary(r: Report): string {
  const envs = r.environments;
  const made = envs.reduce((n, e) => n + e.backupsMade, 0);
  const good = envs.reduce((n, e) => n + e.backupsSucceeded, 0);
  const met = envs.filter((e) => e.compliance.rpoMet).length;
  const rate = made ? `${Math.round((good / made) * 1000) / 10} %` : "—";
  const n = (k: number, word: string) => `${k} ${word}${k === 1 ? "" : "s"}`;
  const rpo = `RPO met by ${met} of ${envs.length}`;
  return `${n(envs.length, "environment")} · ${n(made, "backup")}, ${rate} succeeded · ${rpo}`;
}

export function reportToPdf(report: Report, scopeName: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4", layout: "landscape", margin: MARGIN, bufferPages: true });
  doc.info.Title = `Lifeboat backup report ${report.period.from.slice(0, 10)} – ${report.period.to.slice(0, 10)}`;
  doc.info.Author = "Lifeboat";
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  doc.font("Helvetica-Bold").fontSize(18).fillColor("#18181b").text("Lifeboat backup report", MARGIN, MARGIN);
  doc
    .font("Helvetica")
    .fontSize(10)
    .fillColor("#52525b")
    .text(latin1(`${scopeName} · ${days(report.period)} (UTC)`))
    .text(`Generated ${STAMP.format(new Date(report.generatedAt))} UTC`)
    .moveDown(0.4)
    .fillColor("#18181b")
    .text(latin1(summary(report)));
  let y = tableHeader(doc, doc.y + 10);
  const bottom = doc.page.height - MARGIN - 20;
  report.environments.forEach((e, i) => {
    if (y + ROW > bottom) {
      doc.addPage();
      y = tableHeader(doc, MARGIN);
    }
    tableRow(doc, e, y, i % 2 === 1);
    y += ROW;
  });
  if (!report.environments.length) {
    doc
      .font("Helvetica")
      .fontSize(9)
      .fillColor("#52525b")
      .text("No environments in this scope.", MARGIN + 4, y + 6);
    y += ROW + 6;
  }

  doc.x = MARGIN;
  doc.y = y + 16;
  if (doc.y > bottom - 40) doc.addPage();
  doc.font("Helvetica-Bold").fontSize(12).fillColor("#18181b").text("Recommendations", MARGIN);
  doc.moveDown(0.3).font("Helvetica").fontSize(9.5).fillColor("#27272a");
  const recs = report.recommendations.length ? report.recommendations : ["Nothing to do: every check passed."];
  for (const r of recs) doc.text(latin1(`•  ${r}`), { width: doc.page.width - 2 * MARGIN, paragraphGap: 3 });

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0; // the footer sits in the margin; without this pdfkit would start a new page
    doc
      .font("Helvetica")
      .fontSize(8)
      .fillColor("#71717a")
      .text(`Page ${i + 1} of ${range.count}`, MARGIN, doc.page.height - MARGIN - 8, {
        width: doc.page.width - 2 * MARGIN,
        align: "right",
        lineBreak: false,
      });
  }
  doc.end();
  return done;
}
