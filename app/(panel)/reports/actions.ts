/* Server action of the Reports page's "E-mailed reports" card: save the setting (admin). Thin: runAction
 * validates with the REST API's schema (PUT /api/v1/reports/mail) and calls the one service. */
"use server";
import { runAction } from "@/lib/http";
import { saveReportMailSettings } from "@/lib/reports/mail/mail-settings";
import { type TReportMailSettings, ZReportMailSettings } from "@/lib/reports/mail/schema";

export async function saveReportMailAction(input: TReportMailSettings) {
  return runAction("admin", ZReportMailSettings, input, (data, actor) => saveReportMailSettings(data, actor), {
    action: "reports.mail.update",
  });
}
