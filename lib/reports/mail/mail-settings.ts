/* Reads and saves the e-mailed-reports setting (app_settings "reports.mail"). Saving checks that the
 * channel is an e-mail channel and the project exists, and writes an audit entry. */
import "server-only";
import { eq, sql } from "drizzle-orm";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Actor } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { appSettings } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { getChannelRow } from "@/lib/notify/channel-store";
import { getProject } from "@/lib/projects";
import { type ReportMailSettings, type ReportMailView, ZReportMailSettings } from "./schema";

export const MAIL_SETTINGS_KEY = "reports.mail";
export const MAIL_SENT_PREFIX = "reports.mail.sent.";

export async function getReportMailSettings(): Promise<ReportMailSettings | null> {
  const [row] = await getDb().select().from(appSettings).where(eq(appSettings.key, MAIL_SETTINGS_KEY));
  const parsed = ZReportMailSettings.safeParse(row?.value);
  return parsed.success ? parsed.data : null;
}

export async function getReportMailView(): Promise<ReportMailView> {
  const { rows } = await getDb().execute<{ key: string }>(sql`
    select key from app_settings where key like ${`${MAIL_SENT_PREFIX}%`} order by updated_at desc limit 1`);
  const last = rows[0]?.key.slice(MAIL_SENT_PREFIX.length) ?? null;
  return { settings: await getReportMailSettings(), lastSentPeriod: last };
}

export async function saveReportMailSettings(input: ReportMailSettings, actor: Actor): Promise<ReportMailView> {
  const channel = await getChannelRow(input.channelId).catch(() => null);
  if (!channel || channel.type !== "email")
    throw new AppError("validation_failed", "Choose an e-mail channel: its SMTP server sends the report.", {
      channelId: "Not an e-mail channel",
    });
  if (input.projectId) await getProject(input.projectId);
  await getDb()
    .insert(appSettings)
    .values({ key: MAIL_SETTINGS_KEY, value: input })
    .onConflictDoUpdate({ target: appSettings.key, set: { value: input, updatedAt: new Date() } });
  await writeAudit({
    actor,
    action: "reports.mail.update",
    target: { type: "settings", id: MAIL_SETTINGS_KEY, name: `${input.cadence} report e-mail` },
    outcome: "success",
  });
  return getReportMailView();
}
