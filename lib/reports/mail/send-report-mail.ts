/* Sends the e-mailed report of the last complete week or month once cluster-wide: the period is claimed
 * with an insert only one process wins (app_settings "reports.mail.sent.<cadence>.<period>"), then the
 * report is built, rendered to PDF and CSV and sent through the chosen e-mail channel's SMTP server to
 * the chosen addresses. A failed send gives the claim back, so the next pass tries again. */
import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { logger } from "@/lib/logger";
import { getChannelRow } from "@/lib/notify/channel-store";
import { openChannelSecrets } from "@/lib/notify/channel-view";
import { type EmailConfig, sendEmail } from "@/lib/notify/channels/email";
import { buildReport } from "../build-report";
import { reportScopeName } from "../report-response";
import { reportToCsv } from "../to-csv";
import { reportToPdf } from "../to-pdf";
import { getReportMailSettings, MAIL_SENT_PREFIX } from "./mail-settings";
import { lastCompletePeriod } from "./periods";

async function claimPeriod(key: string, now: Date): Promise<boolean> {
  const { rows } = await getDb().execute(sql`
    insert into app_settings (key, value, updated_at)
    values (${key}, jsonb_build_object('claimedAt', ${now.toISOString()}::text), now())
    on conflict (key) do nothing returning key`);
  return rows.length > 0;
}

export type ReportMailResult = { sent: string } | { skipped: "off" | "already_sent" } | { failed: string };

export async function sendDueReportMail(now = new Date()): Promise<ReportMailResult> {
  const settings = await getReportMailSettings();
  if (!settings?.enabled) return { skipped: "off" };
  const period = lastCompletePeriod(settings.cadence, now);
  const claim = `${MAIL_SENT_PREFIX}${settings.cadence}.${period.key}`;
  if (!(await claimPeriod(claim, now))) return { skipped: "already_sent" };
  try {
    const report = await buildReport(
      { from: period.from, to: period.to, projectId: settings.projectId ?? undefined },
      now,
    );
    const scope = await reportScopeName(report.projectId);
    const channel = await getChannelRow(settings.channelId);
    const file = `lifeboat-report-${scope.slug}-${period.key}`;
    const days = `${period.from.toISOString().slice(0, 10)} – ${new Date(period.to.getTime() - 1).toISOString().slice(0, 10)}`;
    const title = `Lifeboat ${settings.cadence} report ${period.key} · ${scope.name}`;
    const lines = [
      `${scope.name}, ${days} (UTC): ${report.environments.length} environments.`,
      ...report.recommendations.slice(0, 10),
      "The full report is attached as PDF and CSV.",
    ];
    await sendEmail(
      channel.config as EmailConfig,
      openChannelSecrets(channel),
      { event: "report", severity: "info", title, lines, alerts: [], sentAt: now.toISOString() },
      {
        to: settings.addresses,
        attachments: [
          { filename: `${file}.pdf`, content: await reportToPdf(report, scope.name), contentType: "application/pdf" },
          { filename: `${file}.csv`, content: reportToCsv(report), contentType: "text/csv; charset=utf-8" },
        ],
      },
    );
    return { sent: period.key };
  } catch (e) {
    await getDb().execute(sql`delete from app_settings where key = ${claim}`);
    logger().warn({ err: e, period: period.key }, "e-mailed report failed; will try again");
    return { failed: e instanceof Error ? e.message : String(e) };
  }
}
