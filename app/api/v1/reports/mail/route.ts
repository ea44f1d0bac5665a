/* GET|PUT /api/v1/reports/mail: the e-mailed reports setting (cadence, addresses, project, e-mail
 * channel) and the last period sent. Admin only: it decides who receives the fleet's figures. */
import { apiRoute } from "@/lib/http";
import { getReportMailView, saveReportMailSettings } from "@/lib/reports/mail/mail-settings";
import { ZReportMailSettings } from "@/lib/reports/mail/schema";

export const GET = apiRoute("admin", async () => getReportMailView());

export const PUT = apiRoute("admin", async ({ actor, body }) =>
  saveReportMailSettings(await body(ZReportMailSettings), actor),
);
